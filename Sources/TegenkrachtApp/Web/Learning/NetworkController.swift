import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The network of functionaries (issue 18; kracht-zonder-tegenkracht §6.5.1, L2629-2641), for the
/// integrity coordinator: everyone with a role in social safety from the organisation model, their
/// certificates (an advisor without a valid one is shown as such), their training and intervision,
/// and the double-role review with a decision on each.
enum NetworkController {
    static let path = "/werkruimte/netwerk"

    struct CertificateForm: Content {
        var person: String?
        var what: String?
        var validUntilDay: String?
        var validUntilMonth: String?
        var validUntilYear: String?
        var validUntil: String?
    }

    struct TrainingForm: Content {
        var person: String?
        var kind: String?
        var onDay: String?
        var onMonth: String?
        var onYear: String?
        var on: String?
        var description: String?
    }

    struct DecisionForm: Content {
        var person: String?
        var combination: String?
        var outcome: String?
        var reason: String?
        var seq: String?
    }

    struct MemberLine: Encodable, Sendable {
        let id: String
        let name: String
        let roles: [String]
        let contact: String?
        let needsCertificate: Bool
        /// "valid", "expired", "none"
        let certificate: String
        let certificateDate: String?
        let lastTraining: String?
    }

    struct CertificateLine: Encodable, Sendable {
        let person: String
        let what: String
        let validUntil: String
        let expired: Bool
    }

    struct TrainingLine: Encodable, Sendable {
        let person: String
        let on: String
        let kind: String
        let description: String
    }

    struct FindingLine: Encodable, Sendable {
        let id: String
        let person: String
        let personName: String
        let combination: String
        let roles: String
        /// "undecided", "decided", "due"
        let state: String
        let outcome: String?
        let reason: String?
        let decidedOn: String?
        let dueAgain: String?
        let seq: Int
        let typedReason: String
        let error: String?
    }

    struct Page: Encodable, Sendable {
        let members: [MemberLine]
        let people: [LearningController.Choice]
        let kinds: [LearningController.Choice]
        let certificates: [CertificateLine]
        let training: [TrainingLine]
        let findings: [FindingLine]
        let dueCount: Int
        let periodMonths: Int
        let reminderDays: String
        let validUntil: [DateField]
        let trainingOn: [DateField]
        let certificateErrors: [String]
        let trainingErrors: [String]
        let form: [String: String]
        let done: String?
    }

    /// Only the integrity coordinator.
    static func coordinator(_ req: Request) async throws -> (SignedInStaff, Organisation) {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let organisation = try await req.application.organisationStore.current(on: req.db)
        guard Functionaries.mayManage(staff.personID, in: organisation, on: req.application.today), let organisation else {
            throw Abort(.forbidden)
        }
        return (staff, organisation)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req)
    }

    /// What a refused form brings back to the page: its errors and what was typed.
    struct Refused {
        var certificate: CertificateForm?
        var certificateErrors: [String] = []
        var training: TrainingForm?
        var trainingErrors: [String] = []
        var decision: DecisionForm?
        var decisionError: String?
    }

    static func render(_ req: Request, _ refused: Refused = Refused(), status: HTTPStatus = .ok) async throws -> Response {
        let (_, organisation) = try await coordinator(req)
        let app = req.application
        let t = req.localizer
        let today = app.today
        let roster = FunctionaryNetwork.roster(organisation, on: today)
        let certificates = try await Functionaries.certificates(db: req.db)
        let training = try await Functionaries.training(db: req.db)
        let decisions = try await Functionaries.latestDecisions(db: req.db)
        let name = { (id: String) in organisation.person(id: id)?.name ?? id }
        func roleName(_ assignment: RoleAssignment) -> String {
            let role = t.text("role.\(assignment.role.rawValue)")
            if let fractie = assignment.fractie {
                return "\(role) (\(organisation.fractie(id: fractie, on: today)?.name ?? fractie))"
            }
            return role
        }
        let members = roster.map { member -> MemberLine in
            let status = FunctionaryNetwork.status(of: member.person.id, certificates: certificates, on: today)
            let (state, date): (String, String?) = switch status {
            case .valid(let until): ("valid", t.longDate(until))
            case .expired(let on): ("expired", t.longDate(on))
            case .none: ("none", nil)
            }
            let contact = [member.person.contact?.phone, member.person.contact?.email].compactMap { $0 }.joined(separator: " · ")
            return MemberLine(id: member.person.id, name: member.person.name, roles: member.assignments.map(roleName),
                              contact: contact.isEmpty ? nil : contact, needsCertificate: member.needsCertificate,
                              certificate: state, certificateDate: date,
                              lastTraining: training.first { $0.person == member.person.id }.map { t.longDate($0.on) })
        }
        let findings = DoubleRoleReview.findings(organisation, on: today).enumerated().map { index, finding -> FindingLine in
            let decision = decisions["\(finding.person)|\(finding.key)"]
            let state = DoubleRoleReview.state(lastDecision: decision?.decidedOn, on: today)
            let stateKey: String
            var dueAgain: String?
            switch state {
            case .undecided: stateKey = "undecided"
            case .decided(_, let again):
                stateKey = "decided"
                dueAgain = t.longDate(again)
            case .dueAgain: stateKey = "due"
            }
            let mine = refused.decision.map { $0.person == finding.person && $0.combination == finding.key } ?? false
            return FindingLine(
                id: "finding-\(index)", person: finding.person, personName: name(finding.person), combination: finding.key,
                roles: finding.roles.map { t.text("role.\($0.rawValue)") }.joined(separator: " + "), state: stateKey,
                outcome: decision.map { t.text("network.outcome.\($0.outcome.rawValue)") }, reason: decision?.reason,
                decidedOn: decision.map { t.longDate($0.decidedOn) }, dueAgain: dueAgain, seq: decision?.seq ?? 0,
                typedReason: mine ? refused.decision?.reason ?? "" : "", error: mine ? refused.decisionError : nil)
        }
        let certificate = refused.certificate ?? CertificateForm()
        let trainingForm = refused.training ?? TrainingForm()
        let chosen = certificate.person ?? trainingForm.person
        let page = Page(
            members: members,
            people: roster.map { LearningController.Choice(id: $0.person.id, label: $0.person.name, checked: $0.person.id == chosen) },
            kinds: TrainingKind.allCases.map {
                LearningController.Choice(id: $0.rawValue, label: t.text("network.kind.\($0.rawValue)"), checked: $0.rawValue == trainingForm.kind)
            },
            certificates: certificates.map {
                CertificateLine(person: name($0.person), what: $0.what, validUntil: t.longDate($0.validUntil), expired: $0.validUntil < today)
            },
            training: training.prefix(200).map {
                TrainingLine(person: name($0.person), on: t.longDate($0.on), kind: t.text("network.kind.\($0.kind.rawValue)"), description: $0.description)
            },
            findings: findings,
            dueCount: findings.filter { $0.state != "decided" }.count,
            periodMonths: DoubleRoleReview.periodMonths,
            reminderDays: CertificateReminders.schedule.daysBefore.map(String.init).joined(separator: t.text("network.and")),
            validUntil: [DateField(id: "validUntil", name: "validUntil", legend: t.text("network.field.validUntil"),
                                   typed: ["validUntilDay": certificate.validUntilDay, "validUntilMonth": certificate.validUntilMonth,
                                           "validUntilYear": certificate.validUntilYear].compactMapValues { $0 }, localizer: t)],
            trainingOn: [DateField(id: "on", name: "on", legend: t.text("network.field.on"),
                                   typed: ["onDay": trainingForm.onDay, "onMonth": trainingForm.onMonth, "onYear": trainingForm.onYear].compactMapValues { $0 },
                                   localizer: t)],
            certificateErrors: refused.certificateErrors, trainingErrors: refused.trainingErrors,
            form: ["what": certificate.what ?? "", "description": trainingForm.description ?? ""],
            done: req.query[String.self, at: "gedaan"].flatMap { ["certificaat", "scholing", "besluit"].contains($0) ? $0 : nil })
        return try await req.renderPage("network", titleKey: "network.title", page, status: status)
    }

    @Sendable static func recordCertificate(req: Request) async throws -> Response {
        let (staff, _) = try await coordinator(req)
        let form = try req.content.decode(CertificateForm.self)
        let until = DateInput(day: form.validUntilDay, month: form.validUntilMonth, year: form.validUntilYear, iso: form.validUntil).value
        do {
            try await Functionaries.recordCertificate(person: form.person ?? "", what: form.what ?? "", validUntil: until, personID: staff.personID,
                                                      by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, Refused(certificate: form, certificateErrors: [req.text(refusal.key, refusal.values)]), status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.forbidden)
        }
        return req.redirect(to: "\(path)?gedaan=certificaat#certificates")
    }

    @Sendable static func logTraining(req: Request) async throws -> Response {
        let (staff, _) = try await coordinator(req)
        let form = try req.content.decode(TrainingForm.self)
        let day = DateInput(day: form.onDay, month: form.onMonth, year: form.onYear, iso: form.on).value
        do {
            try await Functionaries.logTraining(person: form.person ?? "", on: day, kind: form.kind.flatMap(TrainingKind.init(rawValue:)),
                                                description: form.description ?? "", personID: staff.personID, by: .staff(staff.userID),
                                                app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, Refused(training: form, trainingErrors: [req.text(refusal.key, refusal.values)]), status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.forbidden)
        }
        return req.redirect(to: "\(path)?gedaan=scholing#training")
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let (staff, _) = try await coordinator(req)
        let form = try req.content.decode(DecisionForm.self)
        do {
            try await Functionaries.decide(person: form.person ?? "", combination: form.combination ?? "",
                                           outcome: form.outcome.flatMap(DoubleRoleReview.Outcome.init(rawValue:)), reason: form.reason ?? "",
                                           seen: Int(form.seq ?? "") ?? 0, personID: staff.personID, by: .staff(staff.userID),
                                           app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, Refused(decision: form, decisionError: req.text(refusal.key, refusal.values)), status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        return req.redirect(to: "\(path)?gedaan=besluit#double-roles")
    }
}
