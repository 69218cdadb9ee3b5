import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// A confidential advisor records an oral report or a conversation as a melding on the reporter's
/// behalf (Directive art. 18): the report is created with the advisor as handler, the record of the
/// conversation waits for the reporter's approval, and the receipt code is handed to the reporter, who
/// reads, corrects or approves the record in the portal.
enum OralReportController {
    struct FormContent: Encodable, Sendable {
        let kinds: [Choice]
        let modes: [Choice]
        let summary: String
        let record: String
        let name: String
        let error: String?
    }

    struct Form: Content {
        var kind: String?
        var mode: String?
        var summary: String?
        var record: String?
        var name: String?
    }

    /// The signed-in advisor's person id, if they are a confidential advisor today.
    private static func advisorPersonID(_ req: Request) async throws -> String? {
        guard let staff = req.staff, staff.role == .functionary, let personID = staff.personID,
              let organisation = try await req.application.organisationStore.current(on: req.db) else { return nil }
        let today = req.application.today
        return organisation.roles(of: personID, on: today).contains { $0.role.isConfidentialAdvisor } ? personID : nil
    }

    @Sendable static func form(req: Request) async throws -> Response {
        guard try await advisorPersonID(req) != nil else { throw Abort(.forbidden) }
        return try await render(req, Form(), error: nil, status: .ok)
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        guard let personID = try await advisorPersonID(req) else { throw Abort(.forbidden) }
        let form = try req.content.decode(Form.self)
        let summary = (form.summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let recordText = (form.record ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let kind = form.kind.flatMap(ReportKind.init(rawValue:))
        let mode = form.mode.flatMap(IdentityMode.init(rawValue:))
        var problems = IntakeValidator.problems(kind: kind, mode: mode, recipient: .confidentialAdvisor, advisorChosen: true,
                                                content: ReportContent(whatHappened: summary),
                                                identity: ReportIdentity(name: name))
        if recordText.isEmpty { problems.append(.init(field: "record", key: "intake.error.required")) }
        guard problems.isEmpty, let kind, let mode else {
            let message = problems.map { req.text("intake.field.\($0.field)") + ": " + req.text($0.key, $0.arguments) }
                .joined(separator: " ")
            return try await render(req, form, error: message, status: .unprocessableEntity)
        }
        let receipt = try await RecordOralReport.run(
            Submission(kind: kind, mode: mode, recipient: .confidentialAdvisor, handlerPersonID: personID,
                       content: ReportContent(whatHappened: summary), identity: ReportIdentity(name: name), attachments: []),
            record: recordText, by: .staff(try req.requireStaff().userID), app: req.application, db: req.db)
        return try await req.renderPage("oral-done", titleKey: "oral.done.title",
            DoneContent(code: receipt.code.description,
                        receivedAt: req.dateTime(receipt.submittedAt)))
    }

    private static func render(_ req: Request, _ form: Form, error: String?, status: HTTPStatus) async throws -> Response {
        let t = req.localizer
        return try await req.renderPage("oral", titleKey: "oral.title", FormContent(
            kinds: [ReportKind.signal, .report, .witnessReport].map {
                Choice(value: $0.rawValue, label: t.text("reportkind.\($0.rawValue)"), checked: form.kind == $0.rawValue)
            },
            modes: IdentityMode.allCases.map {
                Choice(value: $0.rawValue, label: t.text("mode.\($0.rawValue)"), checked: form.mode == $0.rawValue)
            },
            summary: form.summary ?? "", record: form.record ?? "", name: form.name ?? "", error: error), status: status)
    }
}
