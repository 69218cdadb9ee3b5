import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// A form of one case action: the case version it was made from, and what was typed, to give back
/// with a refusal (never lose text). Each action has its own form type (`CaseForms.swift`).
protocol CaseActionForm: Content {
    var version: Int? { get }
}

extension CaseActionForm {
    /// Every text field that holds something, and which form it came from (`form`: the action's
    /// anchor), so that a field name two forms share (`reason`) is refilled in the form it was typed in.
    func draft(_ anchor: String) -> [String: String] {
        var result: [String: String] = ["form": anchor]
        for child in Mirror(reflecting: self).children {
            if let label = child.label, let text = child.value as? String, !text.isEmpty { result[label] = text }
        }
        return result
    }
}

/// How a handler's action on a case runs, and the steps several actions share.
enum CaseActions {
    /// Runs an action: the version check first, then the action, which returns a refusal in the
    /// reader's language or nil.
    ///
    /// The whole action is one transaction (issue 12): its changes, its timeline event and its audit
    /// entry commit together or not at all. A refusal rolls back what the action wrote before it, and
    /// the version is claimed atomically (`CaseService.touch`), so of two forms posted from the same
    /// version only one goes through; the other gets the stale-form page with its text.
    static func run<Form: CaseActionForm>(_ req: Request, anchor: String, _ form: Form.Type = Form.self,
                    _ body: @escaping @Sendable (CaseContext, Form) async throws -> String?) async throws -> Response {
        let context = try await CaseContext.load(req)
        let form = try req.content.decode(Form.self)
        func stale() async throws -> Response {
            // Shown from the current state, so the next post carries the version that is now in force.
            let fresh = try await CaseContext.load(req)
            return try await CasePage.render(req, fresh, error: req.text("case.error.stale"),
                                                            draft: form.draft(anchor), status: .conflict)
        }
        guard form.version == context.caseFile.version else { return try await stale() }
        do {
            try await UnitOfWork.run(req.db) { tx in
                var inTransaction = context
                inTransaction.db = tx
                if let refusal = try await body(inTransaction, form) { throw Refused(text: refusal) }
            }
        } catch let refused as Refused {
            let fresh = try await CaseContext.load(req)
            return try await CasePage.render(req, fresh, error: refused.text, draft: form.draft(anchor), status: .unprocessableEntity)
        } catch is StaleVersion {
            return try await stale()
        }
        await Outbox.deliverPending(subject: context.caseID.uuidString, app: req.application)
        return req.redirect(to: "/werkruimte/meldingen/\(context.reportID)#\(anchor)")
    }

    /// A refusal inside an action's transaction: rolls it back, and is shown with the form's text.
    struct Refused: Error {
        let text: String
    }

    static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func refusal(_ error: LadderError, _ req: Request) -> String {
        switch error {
        case .consentRequired(let stage): return req.text("ladder.error.consentRequired", ["step": req.text("stage.\(stage.rawValue)")])
        case .sameStage: return req.text("ladder.error.sameStage")
        case .reasonRequired: return req.text("ladder.error.reasonRequired")
        case .justificationRequired: return req.text("ladder.error.justificationRequired")
        case .mediatorRequired: return req.text("ladder.error.mediatorRequired")
        case .factFindingIncomplete: return req.text("ladder.error.factFindingIncomplete")
        case .outcomeRequired: return req.text("ladder.error.outcomeRequired")
        case .secondApprovalRequired: return req.text("ladder.error.secondApprovalRequired")
        case .secondApproverIsLead: return req.text("ladder.error.secondApproverIsLead")
        case .reasonNotAcceptable: return req.text("ladder.error.reasonNotAcceptable")
        case .personOutcomesRequired: return req.text("ladder.error.personOutcomesRequired")
        case .closedCase: return req.text("ladder.error.closedCase")
        case .notClosed: return req.text("ladder.error.notClosed")
        case .accusedNotHeard: return req.text("ladder.error.accusedNotHeard")
        }
    }

    static func recordMove(from: CaseStage, ladder: CaseLadder, details: TransitionDetails, by: String,
                       _ c: CaseContext, _ req: Request) async throws {
        try await CaseService.recordMove(from: from, ladder: ladder, details: details, by: by, caseFile: c.caseFile, report: c.report,
                                         crypto: c.crypto, actor: c.actor, today: c.today, app: req.application, db: c.db)
    }

    static func reopen(_ c: CaseContext, by: String, reason: String, req: Request) async throws {
        var ladder = CaseService.ladder(c.caseFile, consents: [])
        try ladder.reopen(by: by, on: c.today, reason: reason)
        try await recordMove(from: .closed, ladder: ladder, details: TransitionDetails(reason: reason), by: by, c, req)
    }

    /// An internal note on the case, sealed, by the signed-in functionary.
    static func addNote(_ text: String, to c: CaseContext, on db: any Database) async throws {
        let note = CaseNote()
        note.id = UUID()
        note.$caseFile.id = c.caseID
        note.author = c.personID
        note.bodySealed = try c.crypto.seal(Data(text.utf8), purpose: .note(try note.requireID()))
        note.createdAt = c.now
        try await note.create(on: db)
    }

}

    /// A move proposed by the lead that waits for the second person (a closure without action).
struct TransitionProposal: Codable, Sendable {
    var to: CaseStage
    var by: String
    var details: TransitionDetails
    var outcome: CaseOutcome?
    var reporterOutcome: PersonOutcome?
    var accusedOutcome: PersonOutcome?
}

