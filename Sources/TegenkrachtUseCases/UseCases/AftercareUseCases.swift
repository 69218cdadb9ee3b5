import FluentKit
import Foundation
import TegenkrachtCore

// Aftercare (issue 5): check-ins after closure ask "has the behaviour stopped?" and "how are you
// doing?". The reporter answers in the portal; for the accused and the managers involved the handler
// records the answer of a conversation. Any "no, it did not stop" reopens the case.

/// A follow-up now, besides the scheduled ones ("did it stop?" need not wait for the calendar).
package enum AskAftercareNow {
    package static func run(version: Int?, on context: CaseContext) async throws {
        guard context.caseFile.stage == CaseStage.closed.rawValue else { throw Refusal("aftercare.error.notClosed") }
        try await context.perform(version: version) { c in
            let checkIn = AftercareCheckIn()
            checkIn.$caseFile.id = c.caseID
            checkIn.party = AftercareParty.reporter.rawValue
            checkIn.due = c.today.iso
            checkIn.createdAt = c.now
            try await checkIn.create(on: c.db)
            try await c.finish(event: .aftercareAsked, notify: true, audit: .caseAftercareAsk)
        }
    }
}

/// The handler records the answer of the accused or a manager (the reporter answers themselves).
package enum RecordAftercareAnswer {
    package static func run(checkInID: UUID, stopped: Bool?, wellbeing: String, version: Int?, on context: CaseContext) async throws {
        try await context.perform(version: version) { c in
            guard let checkIn = try await AftercareCheckIn.query(on: c.db).filter(\.$id == checkInID)
                    .filter(\.$caseFile.$id == c.caseID).first(), checkIn.aftercareParty != .reporter else { throw NotFound() }
            guard checkIn.answeredAt == nil else { throw Refusal("aftercare.error.answered") }
            guard let stopped else { throw Refusal("aftercare.error.answer") }
            guard try await AftercareAnswers.store(checkIn, stopped: stopped, wellbeing: wellbeing, crypto: c.crypto, db: c.db, at: c.now)
            else { throw Refusal("aftercare.error.answered") }
            try await c.audit(.caseAftercareAnswer, on: c.db)
            try await Outbox.enqueue(.registrySync(caseID: c.caseID), db: c.db, now: c.now)
            if !stopped, c.caseFile.stage == CaseStage.closed.rawValue {
                try await ReopenCase.reopen(c, reason: c.localizer.text("aftercare.reopenReason.\(checkIn.party)"))
            }
        }
    }
}

/// The reporter answers one of their check-ins in the portal: once (two answers at once are stored
/// once); "no, it did not stop" opens the case again for both handlers.
package enum AnswerCheckIn {
    package static func run(checkInID: UUID, stopped: Bool?, wellbeing raw: String?, satisfaction typed: String?,
                            caseFile: CaseFile, report: Report, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard let checkIn = try await AftercareCheckIn.query(on: tx).filter(\.$id == checkInID)
                    .filter(\.$caseFile.$id == caseFile.requireID()).filter(\.$party == AftercareParty.reporter.rawValue).first()
            else { throw NotFound() }
            guard checkIn.answeredAt == nil else { throw Refusal("aftercare.error.answered") }
            guard let stopped else { throw Refusal("aftercare.error.answer") }
            let wellbeing = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard wellbeing.count <= IntakeValidator.maxTextLength else { throw Refusal("portal.error.tooLong") }
            if let typed, !typed.isEmpty {
                guard let score = Int(typed), (1...10).contains(score) else { throw Refusal("aftercare.error.satisfaction") }
                checkIn.satisfaction = score
            }
            let now = app.clock.now
            let crypto = try ReportService.crypto(for: report, app: app)
            guard try await AftercareAnswers.store(checkIn, stopped: stopped, wellbeing: wellbeing, crypto: crypto, db: tx, at: now)
            else { throw Refusal("aftercare.error.answered") }
            try await AuditLog.append(on: tx, actor: .reporter, action: .caseAftercareAnswer, subject: "report:\(try report.requireID())", now: now)
            if !stopped, caseFile.stage == CaseStage.closed.rawValue {
                // "No, it did not stop": the case is open again, for both handlers. The reason is
                // stored in the organisation's language, as the handlers read it.
                var ladder = CaseService.ladder(caseFile, consents: [])
                let reason = app.localisation.localizer(.dutch).text("aftercare.reopenReason.melder")
                try ladder.reopen(by: ActorRef.reporter.stored, on: app.today, reason: reason)
                try await CaseService.recordMove(from: .closed, ladder: ladder, details: TransitionDetails(reason: reason), by: ActorRef.reporter.stored,
                                                 caseFile: caseFile, report: report, crypto: crypto, actor: .reporter, event: .reopened,
                                                 auditAction: .caseReopen, notifyReporter: false, today: app.today, app: app, db: tx)
            } else {
                try await Outbox.enqueue(.registrySync(caseID: try caseFile.requireID()), db: tx, now: now)
            }
        }
    }
}
