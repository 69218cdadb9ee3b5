/// The network of functionaries (issue 18; kracht-zonder-tegenkracht §6.5.1, L2629-2641): everyone
/// with a task in social-safety policy, their certification, their training and intervision, and the
/// review of double roles. Pure rules: which roles make up the network, which need a certificate,
/// when a certificate's reminders are due, which combinations of roles must be evaluated and when a
/// decision on one is due again.
public enum FunctionaryNetwork {
    /// The roles of the network, in the order the roster shows them. The report names "vertrouwenspersonen
    /// en bedrijfsmaatschappelijk werkers, maar ook … juridische zaken of personeelszorg, leidinggevend
    /// en/of bestuur en (waar van toepassing) de ondernemingsraad" (L2633), and asks that one person
    /// coordinates (L2641). The fractie's board is its foundation's bevoegd gezag.
    public static let roles: [FunctionaryRole] = [
        .integrityCoordinator,
        .confidentialAdvisorUnwantedBehaviour, .confidentialAdvisorIntegrity,
        .companySocialWorker, .companyDoctor,
        .humanResources, .lineManager, .competentAuthority,
        .worksCouncil, .integrityAdviser, .centralReportingOfficer,
        .complaintsCommitteeChair, .complaintsCommitteeMemberForFracties, .complaintsCommitteeMemberForCivilService,
        .complaintsCommitteeDeputy, .complaintsCommitteeSecretary,
    ]

    /// One person in the network with the roles that put them there.
    public struct Member: Hashable, Sendable {
        public let person: Person
        public let assignments: [RoleAssignment]

        /// Whether one of the person's roles requires a certificate.
        public var needsCertificate: Bool { assignments.contains { FunctionaryNetwork.requiresCertificate($0.role) } }
    }

    /// Everyone holding a network role on the day, each person once, in the order of `roles` (by the
    /// first role they hold), then by name.
    public static func roster(_ organisation: Organisation, on day: LocalDate) -> [Member] {
        var byPerson: [String: [RoleAssignment]] = [:]
        for assignment in organisation.assignments(on: day) where roles.contains(assignment.role) {
            byPerson[assignment.person, default: []].append(assignment)
        }
        let rank = { (role: FunctionaryRole) in roles.firstIndex(of: role) ?? roles.count }
        return byPerson.compactMap { id, assignments -> Member? in
            guard let person = organisation.person(id: id) else { return nil }
            return Member(person: person, assignments: assignments.sorted { rank($0.role) < rank($1.role) })
        }.sorted { a, b in
            let ra = a.assignments.map { rank($0.role) }.min() ?? 0, rb = b.assignments.map { rank($0.role) }.min() ?? 0
            return (ra, a.person.name, a.person.id) < (rb, b.person.name, b.person.id)
        }
    }

    // MARK: Certification

    /// "Vertrouwenspersonen dienen gecertificeerd te zijn" (L2635); the House's advisors are certified by
    /// the Landelijke Vereniging van Vertrouwenspersonen (woo-besluit L525, L2342).
    public static func requiresCertificate(_ role: FunctionaryRole) -> Bool {
        role.isConfidentialAdvisor
    }

    /// A recorded certificate: whose, what, valid until (the last day it is valid).
    public struct Certificate: Hashable, Sendable {
        public let id: String
        public let person: String
        public let what: String
        public let validUntil: LocalDate

        public init(id: String, person: String, what: String, validUntil: LocalDate) {
            self.id = id
            self.person = person
            self.what = what
            self.validUntil = validUntil
        }
    }

    public enum CertificateStatus: Hashable, Sendable {
        /// Valid on the day, until the date.
        case valid(until: LocalDate)
        /// The newest certificate ended on the date.
        case expired(on: LocalDate)
        /// Nothing recorded.
        case none
    }

    /// A person's status on the day: the certificate that runs longest counts.
    public static func status(of person: String, certificates: [Certificate], on day: LocalDate) -> CertificateStatus {
        guard let latest = certificates.filter({ $0.person == person }).map(\.validUntil).max() else { return .none }
        return latest >= day ? .valid(until: latest) : .expired(on: latest)
    }

    /// The certificates whose reminders count: each person's longest-running one (a renewed certificate
    /// replaces the old one, which then reminds no one).
    public static func current(_ certificates: [Certificate]) -> [Certificate] {
        var best: [String: Certificate] = [:]
        for certificate in certificates {
            if let known = best[certificate.person], (known.validUntil, known.id) >= (certificate.validUntil, certificate.id) { continue }
            best[certificate.person] = certificate
        }
        return best.values.sorted { ($0.person, $0.id) < ($1.person, $1.id) }
    }
}

/// When the holder of a certificate and the coordinator are reminded of its expiry.
///
/// 90 days before: renewing an LVV certificate takes a course and a portfolio, which needs about a
/// quarter of a year to plan; 30 days before: the last call, when the coordinator can still arrange
/// that a certified advisor covers. The day after the last valid day: it has expired, once. Only the
/// latest moment that has come is due: a certificate recorded 40 days before its end gets the 90-day
/// reminder at once and the 30-day one later, never a reminder of a moment already overtaken; an
/// expiry long past (more than `expiredCatchUpDays`, a certificate recorded as history) reminds
/// no one.
public struct CertificateReminderSchedule: Hashable, Sendable {
    public let daysBefore: [Int]
    public let expiredCatchUpDays: Int

    public static let standard = CertificateReminderSchedule(daysBefore: [90, 30], expiredCatchUpDays: 30)

    public init(daysBefore: [Int], expiredCatchUpDays: Int) {
        self.daysBefore = daysBefore.filter { $0 > 0 }.sorted(by: >)
        self.expiredCatchUpDays = max(0, expiredCatchUpDays)
    }

    public enum Moment: Hashable, Sendable {
        case before(days: Int)
        case expired

        /// The key stored with a reminder ("90", "30", "verlopen").
        public var key: String {
            switch self {
            case .before(let days): return String(days)
            case .expired: return "verlopen"
            }
        }
    }

    /// The day a moment comes for a certificate valid until `validUntil`.
    public func day(of moment: Moment, validUntil: LocalDate) -> LocalDate {
        switch moment {
        case .before(let days): return validUntil.adding(days: -days)
        case .expired: return validUntil.adding(days: 1)
        }
    }

    /// The moment due on the day, if any.
    public func due(validUntil: LocalDate, on day: LocalDate) -> Moment? {
        if day > validUntil {
            return validUntil.days(until: day) <= expiredCatchUpDays + 1 ? .expired : nil
        }
        // The latest moment that has come: the one with the fewest days before the end.
        return daysBefore.sorted().map { Moment.before(days: $0) }.first { self.day(of: $0, validUntil: validUntil) <= day }
    }
}

/// What one logs about a functionary's professional upkeep: "periodieke bijscholing …, training en
/// oefening in het reageren op signalen en meldingen, en intervisie" (L2635), and the network's case
/// reviews (L2641).
public enum TrainingKind: String, CaseIterable, Sendable {
    case training = "training"
    case intervision = "intervisie"
    case caseReview = "casusbespreking"
}

/// The double-role review: "Evalueer posities bovendien kritisch op mogelijke dubbelrollen en
/// belangenverstrengeling. Waar die onvermijdelijk zijn, … kan ook worden gekeken naar mogelijkheden
/// om bepaalde rollen extern te beleggen" (L2637). Reporters doubt an advisor "gecombineerd … met
/// andere rollen zoals die van HR-medewerker" or close to the fractie top (L1479-1481).
public enum DoubleRoleReview {
    /// How long a decision on a double role holds before it is due again. The report asks for a
    /// periodic, critical evaluation without saying how often; a year follows the yearly rhythm of
    /// the advisors' own upkeep (woo-besluit L2342, L3520) and of the annual reports. This
    /// installation's choice.
    public static let periodMonths = 12

    /// Whether a person holding both roles must be evaluated: someone people turn to in confidence
    /// (a confidential advisor, company social work) who also holds a role of power over them (HR, a
    /// manager, the board as bevoegd gezag); or two roles the regulations keep apart
    /// (`RoleIncompatibility`: an advisor on the complaints committee, for instance).
    public static func mustEvaluate(_ a: FunctionaryRole, _ b: FunctionaryRole) -> Bool {
        if a == b { return false }
        let confidence: (FunctionaryRole) -> Bool = { $0.isConfidentialAdvisor || $0 == .companySocialWorker }
        let power: (FunctionaryRole) -> Bool = { $0 == .humanResources || $0 == .lineManager || $0 == .competentAuthority }
        return (confidence(a) && power(b)) || (confidence(b) && power(a)) || RoleIncompatibility.areIncompatible(a, b)
    }

    /// One person with one combination to evaluate.
    public struct Finding: Hashable, Sendable {
        public let person: String
        public let roles: [FunctionaryRole]

        /// The combination's stable key ("leidinggevende+vertrouwenspersoon-ongewenst"): a decision is
        /// about this person and this combination.
        public var key: String { roles.map(\.rawValue).sorted().joined(separator: "+") }
    }

    /// Every person and combination to evaluate on the day, each pair once.
    public static func findings(_ organisation: Organisation, on day: LocalDate) -> [Finding] {
        var rolesByPerson: [String: Set<FunctionaryRole>] = [:]
        for assignment in organisation.assignments(on: day) {
            rolesByPerson[assignment.person, default: []].insert(assignment.role)
        }
        var found: [Finding] = []
        for (person, held) in rolesByPerson {
            let sorted = held.sorted { $0.rawValue < $1.rawValue }
            for i in sorted.indices {
                for j in sorted.indices where j > i && mustEvaluate(sorted[i], sorted[j]) {
                    found.append(Finding(person: person, roles: [sorted[i], sorted[j]]))
                }
            }
        }
        return found.sorted { ($0.person, $0.key) < ($1.person, $1.key) }
    }

    public enum Outcome: String, CaseIterable, Sendable {
        /// Accepted, with a reason (a small fractie, no one else).
        case accepted = "aanvaard"
        /// One of the roles is moved, to an external holder (L2637).
        case moved = "verplaatst"
    }

    public enum State: Hashable, Sendable {
        /// Never decided.
        case undecided
        /// Decided on the day; holds until the day the next review is due.
        case decided(on: LocalDate, dueAgain: LocalDate)
        /// The last decision is older than the period.
        case dueAgain(decidedOn: LocalDate)
    }

    /// The day a decision made on `decided` is due again (12 months later; 29 February gives 28 February).
    public static func dueAgain(after decided: LocalDate) -> LocalDate {
        decided.adding(months: periodMonths)
    }

    /// Where a finding stands on the day, given the day of its last decision.
    public static func state(lastDecision: LocalDate?, on day: LocalDate) -> State {
        guard let lastDecision else { return .undecided }
        let again = dueAgain(after: lastDecision)
        return day >= again ? .dueAgain(decidedOn: lastDecision) : .decided(on: lastDecision, dueAgain: again)
    }

    /// Whether the finding needs a decision now.
    public static func isDue(lastDecision: LocalDate?, on day: LocalDate) -> Bool {
        if case .decided = state(lastDecision: lastDecision, on: day) { return false }
        return true
    }
}
