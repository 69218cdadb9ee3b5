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

extension CaseContext {
    /// The case of the request's report, if the signed-in staff member may see it; otherwise 404.
    static func load(_ req: Request) async throws -> CaseContext {
        guard let staff = req.staff else { throw Abort(.unauthorized) }
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        do {
            return try await CaseContext.load(reportID: id, staff: staff, localizer: req.localizer, app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
    }
}

/// The door of a handler's action on a case: it reads the form, hands it to the action's use case
/// (which runs as one unit of work, `CaseContext.perform`), and answers in the reader's language.
enum CaseActions {
    /// Runs an action. A refusal shows the case again with the reason and the form's text; a form made
    /// from an older version (or beaten by another post from the same version) gets the stale-form
    /// page with its text; a record the action names that is not on this case is 404.
    /// `done` names what the page says afterwards (`?gedaan=`), from what the action returned; by
    /// default the action's anchor.
    static func run<Form: CaseActionForm, Outcome: Sendable>(_ req: Request, anchor: String, _ form: Form.Type = Form.self,
                    done: (@Sendable (Outcome) -> String)? = nil,
                    _ action: @escaping @Sendable (CaseContext, Form) async throws -> Outcome) async throws -> Response {
        let context = try await CaseContext.load(req)
        let form = try req.content.decode(Form.self)
        func again(_ error: String, _ status: HTTPStatus) async throws -> Response {
            // Shown from the current state, so the next post carries the version that is now in force.
            let fresh = try await CaseContext.load(req)
            return try await CasePage.render(req, fresh, error: error, draft: form.draft(anchor), status: status)
        }
        // A form from an older version is stale before anything else is said about it (the use case
        // checks again, atomically, inside its unit of work).
        guard form.version == context.caseFile.version else { return try await again(req.text("case.error.stale"), .conflict) }
        let outcome: Outcome
        do {
            outcome = try await action(context, form)
        } catch let refusal as Refusal {
            return try await again(req.text(refusal.key, refusal.values), .unprocessableEntity)
        } catch let error as LadderError {
            return try await again(text(error, req), .unprocessableEntity)
        } catch let refused as Refused {
            return try await again(refused.text, .unprocessableEntity)
        } catch is StaleVersion {
            return try await again(req.text("case.error.stale"), .conflict)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        return req.redirect(to: "/werkruimte/meldingen/\(context.reportID)?gedaan=\(done?(outcome) ?? anchor)#\(anchor)")
    }

    /// A refusal worded at the door (one that needs words from the request's language).
    struct Refused: Error {
        let text: String
    }

    static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func text(_ error: LadderError, _ req: Request) -> String {
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
}
