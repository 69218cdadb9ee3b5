import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Aftercare (issue 5), the handler's side: a check-in now, and the answers of the accused and the
/// managers involved, recorded from a conversation (`AftercareUseCases.swift`).
enum AftercareController {
    @Sendable static func askNow(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "aftercare", VersionOnlyForm.self) { c, form in
            try await AskAftercareNow.run(version: form.version, on: c)
        }
    }

    @Sendable static func recordAnswer(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "aftercare", AftercareAnswerForm.self) { c, form in
            guard let id = req.parameters.get("checkin", as: UUID.self) else { throw Abort(.notFound) }
            try await RecordAftercareAnswer.run(checkInID: id, stopped: AftercareAnswers.yesNo(form.stopped),
                                                wellbeing: CaseActions.trimmed(form.wellbeing), version: form.version, on: c)
        }
    }
}
