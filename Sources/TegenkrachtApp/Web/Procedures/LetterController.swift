import Fluent
import TegenkrachtCore
import Vapor

/// Dutch letters of the Klachtenregeling from templates (texts `letter.*`): acknowledgement,
/// admissibility decision, invitation to the hearing, advice cover letter and decision. Printable from
/// the browser; never sent by e-mail.
enum LetterController {
    static let types = ["ontvangstbevestiging", "ontvankelijkheid", "uitnodiging-hoorzitting", "begeleidende-brief-advies",
                        "verdaging", "beslissing"]

    struct Content: Encodable, Sendable {
        let title: String
        let date: String
        let reference: String
        let addressee: String
        let paragraphs: [String]
        let signature: String
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let report = try await HandlerReportController.accessibleReport(req)
        guard report.kind == ReportKind.complaint.rawValue, report.recipientKind == RecipientKind.complaintsCommittee.rawValue, let type = req.parameters.get("type"), types.contains(type) else {
            throw Abort(.notFound)
        }
        let app = req.application
        // Letters are in Dutch: they are the committee's formal correspondence.
        let t = app.localisation.localizer(.dutch)
        let crypto = try ReportService.crypto(for: report, app: app)
        let identity = try report.identitySealed.map { try crypto.open(ReportIdentity.self, from: $0, purpose: "identity") }
        let content = try crypto.open(ReportContent.self, from: report.contentSealed, purpose: "content")
        let events = try await CaseProcedure.events(for: report, app: app, db: req.db)
        let definition = CaseProcedure.definition(for: report, app: app)
        let deadlines = definition.flatMap { try? DeadlineCalculator.deadlines($0, events: events) } ?? []
        func due(_ id: String) -> String { deadlines.first { $0.id == id }?.due.iso ?? "…" }
        let today = LocalDate.today(in: app.tegenkracht.timeZone)
        let organisation = try await app.organisationStore.current(on: req.db)
        func holders(_ role: FunctionaryRole) -> [String] { organisation?.holders(of: role, on: today).map(\.person.name) ?? [] }
        let members = (holders(.complaintsCommitteeChair).map { "\($0) (\(t.text("role.klachtencommissie-voorzitter").lowercased()))" }
            + holders(.complaintsCommitteeMemberForFracties) + holders(.complaintsCommitteeMemberForCivilService)).joined(separator: ", ")
        // The reason given for an extension (art. 13 lid 3: in writing, with reasons, to both parties).
        var extensionReason = "…"
        if let record = try await ProcedureEventRecord.query(on: req.db).filter(\.$report.$id == report.requireID())
            .filter(\.$event == "verdaagd").first(), let sealed = record.reasonSealed {
            extensionReason = String(decoding: try crypto.open(sealed, purpose: "procedure-reason:\(try record.requireID())"), as: UTF8.self)
        }
        let values: [String: String] = [
            "redenVerdaging": extensionReason,
            "ingediend": events["ingediend"]?.iso ?? "…", "ontvankelijk": events["ontvankelijk"]?.iso ?? "…",
            "advies": events["advies"]?.iso ?? "…", "adviesUiterlijk": due("advies"), "beslissingUiterlijk": due("beslissing"),
            "ontvankelijkheidUiterlijk": due("ontvankelijkheid"), "leden": members,
            "secretaris": holders(.complaintsCommitteeSecretary).first ?? "…",
            "beklaagde": content.accused.first?.name ?? "…",
        ]
        let paragraphs = (1...4).compactMap { n -> String? in
            let key = "letter.\(type).\(n)"
            return t.has(key) ? t.text(key, values) : nil
        }
        try await AuditLog.append(on: req.db, actor: "staff:\(req.staff!.userID)", action: "report.letter-\(type)",
                                  subject: "report:\(try report.requireID())")
        let letter = Content(title: t.text("letter.\(type).title"), date: today.iso,
                             reference: "KC-\(String(try report.requireID().uuidString.prefix(8)))",
                             addressee: identity?.name ?? t.text("letter.addressee.unknown"),
                             paragraphs: paragraphs, signature: t.text("letter.signature", values))
        return try await req.renderPage("letter", titleKey: "letter.\(type).title", letter)
    }
}
