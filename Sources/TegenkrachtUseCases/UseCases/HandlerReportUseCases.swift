import FluentKit
import Foundation
import TegenkrachtCore

/// The handler replies to the reporter in the report's conversation; the reporter is told.
package enum ReplyToReporter {
    package static func run(text raw: String?, report: Report, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        let (text, problem) = ReportService.checkedText(raw)
        if let problem { throw Refusal(problem) }
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            try await ReportService.addMessage(text, report: report, author: actor, app: app, db: tx)
            try await ReportService.addEvent(.handlerMessage, report: report, actor: actor, db: tx, at: now)
            try await Notices.queue(for: report, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: actor, action: .reportMessage, subject: "report:\(try report.requireID())", now: now)
            try await Outbox.enqueue(.registrySync(caseID: try await CaseService.caseFile(for: report, app: app, db: tx).requireID()),
                                     db: tx, now: now)
        }
    }
}

/// The record of a conversation (an oral report or a meeting), for the reporter to approve or
/// correct (Directive art. 18).
package enum RecordConversation {
    package static func run(text raw: String?, report: Report, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        let (text, problem) = ReportService.checkedText(raw)
        if let problem { throw Refusal(problem) }
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            try await ReportRecord.awaitingReporter(text, report: report, by: actor, crypto: try ReportService.crypto(for: report, app: app), at: now)
                .create(on: tx)
            try await ReportService.addEvent(.recordMade, report: report, actor: actor, db: tx, at: now)
            try await Notices.queue(for: report, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: actor, action: .reportRecordCreate, subject: "report:\(try report.requireID())", now: now)
        }
    }
}

extension ReportRecord {
    /// The sealed record of a conversation, waiting for the reporter to approve or correct it.
    static func awaitingReporter(_ text: String, report: Report, by actor: ActorRef, crypto: ReportCrypto, at now: Date) throws -> ReportRecord {
        let record = ReportRecord()
        record.id = UUID()
        record.$report.id = try report.requireID()
        record.author = actor.stored
        record.bodySealed = try crypto.seal(Data(text.utf8), purpose: .record(try record.requireID()))
        record.state = RecordState.awaitingReporter.rawValue
        record.createdAt = now
        return record
    }
}

/// Records an event of the report's procedure (a complaint's receipt, hearing, advice, decision):
/// the order is checked by the procedure engine, a term that has run out cannot be extended, and an
/// extension or decision with its reason is told to the reporter.
package enum RecordProcedureEvent {
    package static func run(event: String?, date: LocalDate?, reason raw: String?, report: Report, by actor: ActorRef,
                            localizer: Localizer, app: any ServiceContext, db: any Database) async throws {
        guard let definition = CaseProcedure.definition(for: report, app: app) else { throw Refusal("procedure.error.none") }
        guard let event, definition.event(event) != nil else { throw Refusal("procedure.error.event") }
        guard let date else { throw Refusal("procedure.error.date") }
        let reason = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // Extensions are told to both parties with their reason (art. 12 lid 3, art. 13 lid 3); the
        // College refuses a complaint with one of its coded reasons (000c §2.1 step 3).
        let reasonRule = definition.event(event)?.reason
        if reasonRule == .required && reason.count < 10 { throw Refusal("procedure.error.reason") }
        if reasonRule == .refusalCode && IntegrityComplaint.RefusalReason(rawValue: reason) == nil {
            throw Refusal("procedure.error.refusalReason")
        }
        if reasonRule == .adviceNature && AdviceNature(rawValue: reason) == nil { throw Refusal("procedure.error.adviceNature") }
        try await UnitOfWork.run(db) { tx in
            var events = try await CaseProcedure.events(for: report, app: app, db: tx)
            guard events[event] == nil else { throw Refusal("procedure.error.already") }
            // In a running case an event comes after the ones it needs (no advice before admissibility).
            if let required = definition.event(event)?.requires, required.contains(where: { events[$0] == nil }) {
                throw Refusal("procedure.error.order")
            }
            // After an ending event only what it started, or what happened before it, can be recorded.
            let before = try? ProcedureProgress(definition, events: events)
            if let ending = before?.endedBy, let endedOn = events[ending], date > endedOn,
               !definition.steps.contains(where: { $0.startedBy == ending && $0.completedBy == event }) {
                throw Refusal("procedure.error.ended")
            }
            // Asking for missing documents changes when the admissibility term starts: not once it has run out.
            if let changed = definition.deadlines.first(where: { $0.fallback?.unless?.contains(event) == true }),
               let end = DeadlineCalculator.statutoryEnd(changed, events: events),
               AlgemeneTermijnenwet.termEnd(end) < app.today {
                throw Refusal("procedure.error.expired")
            }
            // An expired term cannot be extended (art. 12 lid 3: "indien het advies niet binnen deze termijn
            // kan worden uitgebracht"; art. 13 lid 3): the extension is recorded while the term runs.
            let extended = definition.deadlines.first { $0.extension_?.event == event }
            if let extended, let end = DeadlineCalculator.statutoryEnd(extended, events: events),
               AlgemeneTermijnenwet.termEnd(end) < app.today {
                throw Refusal("procedure.error.expired")
            }
            events[event] = date
            do {
                _ = try ProcedureProgress(definition, events: events)
            } catch let error as ProcedureInputError {
                throw Refusal(error.messageKey)
            }
            let now = app.clock.now
            let record = ProcedureEventRecord()
            record.id = UUID()
            record.$report.id = try report.requireID()
            record.procedure = definition.id
            record.version = definition.version
            record.event = event
            record.date = date.iso
            if !reason.isEmpty {
                record.reasonSealed = try ReportService.crypto(for: report, app: app)
                    .seal(Data(reason.utf8), purpose: .procedureReason(try record.requireID()))
            }
            record.recordedBy = actor.stored
            record.recordedAt = now
            try await record.create(on: tx)
            try await ReportService.addEvent(.procedure(event), report: report, actor: actor, db: tx, at: now)
            if reasonRule == .required {
                // The extension or the decision and its reason go to the reporter (the accused is
                // informed by letter).
                let key = extended != nil ? "procedure.extensionMessage" : "procedure.reasonMessage.\(event)"
                try await ReportService.addMessage(localizer.text(key, ["reason": reason, "date": localizer.longDate(date)]),
                                                   report: report, author: actor, app: app, db: tx)
                try await Notices.queue(for: report, db: tx, at: now)
            }
            try await AuditLog.append(on: tx, actor: actor, action: .procedureEvent(event), subject: "report:\(try report.requireID())", now: now)
            // The registry's handling and feedback figures read the procedure's events.
            if let caseFile = try await CaseFile.query(on: tx).filter(\.$report.$id == report.requireID()).first() {
                try await Outbox.enqueue(.registrySync(caseID: try caseFile.requireID()), db: tx, now: now)
            }
        }
    }
}
