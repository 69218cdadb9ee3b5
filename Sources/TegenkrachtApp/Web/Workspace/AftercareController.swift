import Fluent
import SQLKit
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Aftercare (issue 5): check-ins after closure ask "has the behaviour stopped?" and "how are you
/// doing?". The reporter answers in the portal; for the accused and the managers involved the handler
/// records the answer of a conversation. Any "no, it did not stop" reopens the case.
enum AftercareController {
    /// A follow-up now, besides the scheduled ones ("did it stop?" need not wait for the calendar).
    @Sendable static func askNow(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "aftercare", VersionOnlyForm.self) { c, _ in
            guard c.caseFile.stage == CaseStage.closed.rawValue else { return req.text("aftercare.error.notClosed") }
            let checkIn = AftercareCheckIn()
            checkIn.$caseFile.id = c.caseID
            checkIn.party = AftercareParty.reporter.rawValue
            checkIn.due = c.today.iso
            checkIn.createdAt = c.now
            try await checkIn.create(on: c.db)
            try await c.finish(event: .aftercareAsked, notify: true, audit: .caseAftercareAsk)
            return nil
        }
    }

    /// The handler records the answer of the accused or a manager.
    @Sendable static func recordAnswer(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "aftercare", AftercareAnswerForm.self) { c, form in
            guard let id = req.parameters.get("checkin", as: UUID.self),
                  let checkIn = try await AftercareCheckIn.query(on: c.db).filter(\.$id == id)
                    .filter(\.$caseFile.$id == c.caseID).first(), checkIn.aftercareParty != .reporter else { throw Abort(.notFound) }
            guard checkIn.answeredAt == nil else { return req.text("aftercare.error.answered") }
            guard let stopped = AftercareAnswers.yesNo(form.stopped) else { return req.text("aftercare.error.answer") }
            guard try await AftercareAnswers.store(checkIn, stopped: stopped, wellbeing: CaseActions.trimmed(form.wellbeing), crypto: c.crypto, db: c.db, at: c.now)
            else { return req.text("aftercare.error.answered") }
            try await c.audit(.caseAftercareAnswer, on: c.db)
            try await Outbox.enqueue(.registrySync(caseID: c.caseID), db: c.db, now: c.now)
            if !stopped, c.caseFile.stage == CaseStage.closed.rawValue {
                try await CaseActions.reopen(c, by: c.personID, reason: req.text("aftercare.reopenReason.\(checkIn.party)"), req: req)
            }
            return nil
        }
    }

}
