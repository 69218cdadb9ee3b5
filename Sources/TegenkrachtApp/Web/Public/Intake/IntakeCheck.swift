import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// "Check your answers" before a report is sent (issue 15): every answer once more, and who will read
/// the report, by name and role, worked out exactly as the case will be staffed when it is stored
/// (the confirmation and the portal say the same). Attachments are chosen on this page, so that
/// nothing has to be sent twice; "change" goes back to the form with every answer kept.
extension IntakeController {
    struct CheckPage: Encodable, Sendable {
        struct Answer: Encodable, Sendable {
            let label: String
            let value: String
        }

        /// One form field to post again, as it was typed.
        struct Hidden: Encodable, Sendable {
            let name: String
            let value: String
        }

        /// One person the reporter may choose as the second reader.
        struct SecondOption: Encodable, Sendable {
            let id: String
            let label: String
            let checked: Bool
        }

        let answers: [Answer]
        let readers: [String]
        /// Empty when there is nothing to choose; then `readers` names the second person.
        let secondChoice: [SecondOption]
        let hidden: [Hidden]
        let maxMegabytes: Int
        let errorList: [ErrorLink]
        let attachmentError: String?
        let reselectFiles: Bool
        /// The norms of the House-wide code of conduct that the behaviour chosen breaks (issue 18, 6.4.1).
        let norms: CodeOfConductController.NormsBlock
    }

    /// The form's answers are checked as the report's will be; with a problem the form comes back.
    @Sendable static func check(req: Request) async throws -> Response {
        let form = try req.content.decode(IntakeForm.self)
        let problems = try await problems(form, req: req)
        guard problems.isEmpty else { return try await render(req, form, errors: problems, status: .unprocessableEntity) }
        return try await renderCheck(req, form, errors: [], status: .ok)
    }

    /// Fields that are answered on the check page itself: a problem with them brings back that page.
    static let checkStepFields: Set<String> = ["attachment", "secondPerson"]

    /// What makes the form incomplete or wrong, attachments aside (they come with the last step).
    static func problems(_ form: IntakeForm, req: Request) async throws -> [IntakeValidator.Problem] {
        var problems = IntakeValidator.problems(kind: form.kind.flatMap(ReportKind.init(rawValue:)),
                                                mode: form.mode.flatMap(IdentityMode.init(rawValue:)),
                                                recipient: form.recipientKind,
                                                advisorChosen: form.advisorPersonID != nil, content: form.content, identity: form.identity)
        // The chosen advisor must be a current confidential advisor.
        let organisation = try await req.application.organisationStore.current(on: req.db)
        if let advisor = form.advisorPersonID,
           organisation?.roles(of: advisor, on: req.application.today).contains(where: { $0.role.isConfidentialAdvisor }) != true {
            problems.append(.init(field: "advisor", key: "intake.error.chooseAdvisor"))
        }
        // A chosen second person must still be one of the choices the check page offered.
        if problems.isEmpty, let second = form.secondPerson, !second.isEmpty,
           try await staffing(form, req: req)?.opened.secondChoice.contains(second) != true {
            problems.append(.init(field: "secondPerson", key: "check.error.secondPerson"))
        }
        return problems
    }

    static func renderCheck(_ req: Request, _ form: IntakeForm, errors: [IntakeValidator.Problem], status: HTTPStatus,
                            filesChosen: Bool = false) async throws -> Response {
        let t = req.localizer
        let content = form.content
        let identity = form.identity
        let organisation = try await req.application.organisationStore.current(on: req.db)
        var answers: [CheckPage.Answer] = []
        func add(_ key: String, _ value: String) {
            if !value.isEmpty { answers.append(.init(label: t.text(key), value: value)) }
        }
        add("intake.field.kind", form.kind.map { t.text("reportkind.\($0)") } ?? "")
        if let advisor = form.advisorPersonID {
            add("intake.field.recipient", organisation?.person(id: advisor)?.name ?? advisor)
        } else if let recipient = form.recipientKind {
            add("intake.field.recipient", t.text("route.\(recipient.rawValue).name"))
        }
        add("intake.field.whatHappened", content.whatHappened)
        add("intake.field.when", content.when)
        add("check.places", content.places.map { t.text("place.\($0.rawValue)") }.joined(separator: ", "))
        add("check.frequency", content.frequency.map { t.text("frequency.\($0.rawValue)") } ?? "")
        add("check.behaviours", content.behaviourItems.map { t.text("behaviour.\($0)") }.joined(separator: ", "))
        add("intake.field.accused", content.accused.map { [$0.name, $0.function, $0.unit].filter { !$0.isEmpty }.joined(separator: ", ") }
            .joined(separator: "; "))
        if form.escrow == "on" { add("check.escrow", t.text("common.yes")) }
        add("intake.field.witnesses", content.witnesses)
        add("intake.field.othersAffected", content.othersAffected)
        add("intake.field.impact", content.impact)
        add("intake.field.wish", content.wish)
        add("intake.field.mode", form.mode.map { t.text("mode.\($0)") } ?? "")
        if form.mode != IdentityMode.anonymous.rawValue {
            add("intake.field.name", identity.name)
            add("intake.field.email", identity.email)
            add("intake.field.phone", identity.phone)
            add("intake.field.function", identity.function)
            add("intake.field.postalAddress", identity.postalAddress)
        }
        var formWithKey = form
        // The form's own submission key travels on, so that sending twice still makes one report.
        formWithKey.submission = SubmissionKey(form.submission)?.value ?? SubmissionKey.generate()
        let attachmentError = errors.first { $0.field == "attachment" }.map { t.text($0.key, $0.arguments) }
        let staffed = try await staffing(form, req: req)
        let choice = staffed?.opened.secondChoice ?? []
        let chosen = choice.contains(form.secondPerson ?? "") ? form.secondPerson : staffed?.opened.caseFile.secondPersonID
        let secondChoice = choice.map { id in
            CheckPage.SecondOption(id: id, label: secondLabel(id, form: form, organisation: organisation, req: req), checked: id == chosen)
        }
        // With a choice, the second person is named by the choice, not in the list above it.
        if !choice.isEmpty { staffed?.opened.caseFile.secondPersonID = nil }
        return try await req.renderPage("intake-check", titleKey: "check.title", CheckPage(
            answers: answers, readers: try await readers(staffed, form: form, req: req), secondChoice: secondChoice,
            hidden: hidden(formWithKey),
            maxMegabytes: AttachmentPolicy.maxBytes / 1_048_576,
            errorList: errors.map { ErrorLink(text: t.text("intake.field.\($0.field)") + ": " + t.text($0.key, $0.arguments),
                                              anchor: ErrorLink.anchors[$0.field] ?? $0.field) },
            attachmentError: attachmentError, reselectFiles: !errors.isEmpty && filesChosen,
            norms: try await CodeOfConductController.norms(for: content.behaviourItems, req: req)), status: status)
    }

    /// Who will read the report if it is sent now: the case is staffed as `ReportService.submit` will
    /// staff it (the case rules in force, conflicts with the people named, the deputies), without
    /// storing anything, and described as the confirmation and the portal describe it.
    static func readers(_ staffed: (opened: CaseService.Opened, report: Report)?, form: IntakeForm, req: Request) async throws -> [String] {
        guard let (opened, report) = staffed else { return [] }
        let app = req.application
        opened.caseFile.escrowed = form.escrow == "on" && form.content.accused.contains { !$0.name.isEmpty }
        return PortalCase.canSee(opened.caseFile, report: report, organisation: try await app.organisationStore.current(on: req.db),
                                 declared: Set(opened.excludedMembers), deputies: Set(opened.deputies), app: app, on: app.today,
                                 localizer: req.localizer)
    }

    /// The case as it would be staffed if the form were sent now (nothing is stored).
    static func staffing(_ form: IntakeForm, req: Request) async throws -> (opened: CaseService.Opened, report: Report)? {
        guard let recipient = form.recipientKind, let mode = form.mode.flatMap(IdentityMode.init(rawValue:)) else { return nil }
        let report = Report()
        report.id = UUID()
        report.recipientKind = recipient.rawValue
        report.handlerPersonID = form.advisorPersonID
        report.identityMode = mode.rawValue
        let opened = try await CaseService.open(for: report, content: form.content, app: req.application, db: req.db,
                                                preferredSecond: form.secondPerson)
        return (opened, report)
    }

    /// A second person to choose, in the words the confirmation and the portal will use for them.
    static func secondLabel(_ id: String, form: IntakeForm, organisation: Organisation?, req: Request) -> String {
        let key = form.mode == IdentityMode.confidential.rawValue ? "cansee.secondWithoutName" : "cansee.second"
        let role = organisation?.roles(of: id, on: req.application.today).first.map { req.text("role.\($0.role.rawValue)") } ?? ""
        return req.text(key, ["name": organisation?.person(id: id)?.name ?? id, "role": role])
    }

    /// Every answer as the fields the form posts: text fields once, lists once per value.
    static func hidden(_ form: IntakeForm) -> [CheckPage.Hidden] {
        Mirror(reflecting: form).children.flatMap { child -> [CheckPage.Hidden] in
            // The second person is chosen on the check page itself.
            guard let name = child.label, name != "secondPerson" else { return [] }
            if let text = child.value as? String?, let text { return [.init(name: name, value: text)] }
            if let list = child.value as? [String]?, let list { return list.map { .init(name: "\(name)[]", value: $0) } }
            return []
        }
    }
}
