import Foundation

/// How cases are staffed and followed up, as versioned data (`Resources/Cases/*.json`): who leads a
/// case that came in through a recipient, who is the second person, who else in the team sees it,
/// the aftercare check-ins and where a case can be referred to. A change is a new file with a
/// validity date, not a code change.
public struct CaseRules: Codable, Hashable, Sendable {
    public var version: String
    public var validFrom: LocalDate
    public var teams: [Team]
    /// Check-ins after closure (issue 5: 4 weeks and 3 months by default).
    public var aftercare: [Term]
    public var referralTargets: [ReferralTarget]
    /// Where the rules come from.
    public var source: String

    /// The people around the cases of one recipient kind.
    public struct Team: Codable, Hashable, Sendable {
        /// A `RecipientKind` raw value.
        public var recipient: String
        /// Roles whose holders may lead; empty: the functionary the reporter chose leads.
        public var lead: [FunctionaryRole]
        /// Roles whose holders may be the second person (the coordinator or a co-advisor).
        public var second: [FunctionaryRole]
        /// Roles whose holders see every case of this recipient (a committee hears complaints as a whole).
        public var members: [FunctionaryRole]
        /// Roles whose holders step in for a member who may not handle a case (a conflict): the
        /// committee's two deputies (woo-besluit L115-117). They see only the cases they are called to.
        public var deputies: [FunctionaryRole]?
        /// Whether the reporter chooses the second person among the eligible holders, on the check
        /// page before sending (issue 15). Where a role is named by a regulation (the coordinator, the
        /// committee's chair) there is nothing to choose.
        public var reporterChoosesSecond: Bool?

        /// Every role through which someone handles this recipient's cases. A lead or second person
        /// who no longer holds any of them has no access any more (issue 16: access ends with the role).
        public var handlingRoles: Set<FunctionaryRole> { Set(lead + second + members) }
    }

    public func team(for recipient: RecipientKind) -> Team? {
        teams.first { $0.recipient == recipient.rawValue }
    }

    public var aftercareSchedule: AftercareSchedule { AftercareSchedule(terms: aftercare) }

    public func referralTarget(id: String) -> ReferralTarget? {
        referralTargets.first { $0.id == id }
    }
}

/// Where a case can be referred to (issue 5). A target with a role is a functionary in the
/// organisation, who receives the shared parts of the dossier in the app and acknowledges them; one
/// without is outside (the police, a help line), and the reporter gets the guidance text instead.
public struct ReferralTarget: Codable, Hashable, Sendable {
    public var id: String
    public var role: FunctionaryRole?
    public var affiliation: Affiliation?
    /// Whether a guidance text goes with it (`referral.guidance.<id>`): filing a police report, the duty
    /// to report.
    public var guidance: Bool
}

/// The parts of a dossier a referral may carry, each only with the reporter's consent.
public enum DossierPart: String, Codable, CaseIterable, Sendable {
    case content = "melding"
    case identity = "identiteit"
    case messages = "berichten"
    case records = "verslagen"
}

/// A set of case rules, the one in force on a date.
public struct CaseRuleBook: Sendable {
    public let versions: [CaseRules]

    public init(versions: [CaseRules]) {
        self.versions = RuleBook.byDate(versions)
    }

    public func rules(on date: LocalDate) -> CaseRules? {
        RuleBook.inForce(versions, on: date)
    }

    public static func load(directory: String) throws -> CaseRuleBook {
        CaseRuleBook(versions: try RuleBook.load(CaseRules.self, kind: .caseRules, directory: directory))
    }
}
extension CaseRules: VersionedRules {}
