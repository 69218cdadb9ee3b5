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
        try await CaseController.act(req, anchor: "aftercare") { c, _ in
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
        try await CaseController.act(req, anchor: "aftercare") { c, form in
            guard let id = req.parameters.get("checkin", as: UUID.self),
                  let checkIn = try await AftercareCheckIn.query(on: c.db).filter(\.$id == id)
                    .filter(\.$caseFile.$id == c.caseID).first(), checkIn.aftercareParty != .reporter else { throw Abort(.notFound) }
            guard checkIn.answeredAt == nil else { return req.text("aftercare.error.answered") }
            guard let stopped = answer(form.stopped) else { return req.text("aftercare.error.answer") }
            guard try await store(checkIn, stopped: stopped, wellbeing: CaseController.trimmed(form.wellbeing), crypto: c.crypto, db: c.db, at: c.now)
            else { return req.text("aftercare.error.answered") }
            try await c.audit(.caseAftercareAnswer, on: c.db)
            try await Outbox.enqueue(.registrySync(caseID: c.caseID), db: c.db, now: c.now)
            if !stopped, c.caseFile.stage == CaseStage.closed.rawValue {
                try await CaseController.reopenCase(c, by: c.personID, reason: req.text("aftercare.reopenReason.\(checkIn.party)"), req: req)
            }
            return nil
        }
    }

    static func answer(_ value: String?) -> Bool? {
        switch value {
        case "ja": return true
        case "nee": return false
        default: return nil
        }
    }

    /// Stores an answer; false when the check-in was answered meanwhile. The claim is one statement
    /// (`UPDATE … WHERE answered_at IS NULL`), so two answers sent at once are stored once (issue 16).
    static func store(_ checkIn: AftercareCheckIn, stopped: Bool, wellbeing: String, crypto: ReportCrypto, db: any Database, at now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let claimed = try await sql.update(AftercareCheckIn.schema)
            .set(SQLIdentifier("answered_at"), to: SQLBind(now))
            .where(SQLIdentifier("id"), .equal, SQLBind(try checkIn.requireID()))
            .where(SQLIdentifier("answered_at"), .is, SQLLiteral.null)
            .returning(SQLIdentifier("id"))
            .all()
        guard !claimed.isEmpty else { return false }
        checkIn.answeredAt = now
        checkIn.stopped = stopped
        if !wellbeing.isEmpty {
            checkIn.wellbeingSealed = try crypto.seal(Data(wellbeing.utf8), purpose: .aftercare(try checkIn.requireID()))
        }
        try await checkIn.save(on: db)
        return true
    }
}
