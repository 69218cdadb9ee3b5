import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The procedure's pages and forms: the timeline with its texts, recording an event.
extension CaseProcedure {
    struct StepView: Encodable, Sendable {
        let id: String
        let name: String
        let actor: String
        let done: String?
        let due: String?
        let basis: String
        let isNext: Bool
        let overdue: Bool
    }

    struct TimelineView: Encodable, Sendable {
        let refusalReasons: [EventChoice]
        let adviceNatures: [EventChoice]
        let procedure: String
        let version: String
        let statutory: Bool
        let steps: [StepView]
        let events: [EventChoice]
    }

    struct EventChoice: Encodable, Sendable {
        let id: String
        let label: String
        let needsReason: Bool
    }


    static func timeline(for report: Report, app: Application, db: any Database, localizer t: Localizer) async throws -> TimelineView? {
        guard let definition = definition(for: report, app: app) else { return nil }
        let events = try await events(for: report, app: app, db: db)
        let today = app.today
        let progress = try? ProcedureProgress(definition, events: events)
        let steps = (progress?.steps ?? []).map { state in
            StepView(id: state.step.id, name: t.text("step.\(definition.id).\(state.step.id)"), actor: t.text("actor.\(state.step.actor)"),
                     done: state.done?.iso, due: state.due?.iso, basis: state.step.basis ?? "",
                     isNext: state.isNext, overdue: state.overdue(today: today))
        }
        let ended = progress?.endedBy != nil
        let recordable = definition.events.filter { event in
            events[event.id] == nil && event.id != definition.receivedEvent && event.id != definition.acknowledgedEvent
                && (event.requires ?? []).allSatisfy { events[$0] != nil }
                && !(event.excludes ?? []).contains { events[$0] != nil }
                && !(ended && !definition.steps.contains { $0.startedBy == progress?.endedBy && $0.completedBy == event.id })
        }
        let codedRefusals = definition.events.contains { $0.reason == .refusalCode }
        let refusalReasons = codedRefusals ? IntegrityComplaint.RefusalReason.allCases.map {
            EventChoice(id: $0.rawValue, label: t.text("refusal.\($0.rawValue)"), needsReason: false)
        } : []
        let adviceNatures = definition.events.contains { $0.reason == .adviceNature } ? AdviceNature.allCases.map {
            EventChoice(id: $0.rawValue, label: t.text("advicenature.\($0.rawValue)"), needsReason: false)
        } : []
        return TimelineView(refusalReasons: refusalReasons, adviceNatures: adviceNatures, procedure: t.text("procedure.\(definition.id)"), version: definition.version,
                            statutory: definition.isStatutory, steps: steps,
                            events: recordable.map { EventChoice(id: $0.id, label: t.text("procedure-event.\($0.id)"),
                                                                 needsReason: $0.reason != nil) })
    }

    struct EventForm: Content {
        var event: String?
        var date: String?
        var reason: String?
    }

    /// Records a procedure event; the order is checked by the procedure engine, extensions need a reason
    /// and are told to the reporter.
    static func record(_ req: Request, report: Report, actor: ActorRef, db: any Database) async throws -> String? {
        let form = try req.content.decode(EventForm.self)
        guard let definition = definition(for: report, app: req.application) else { return "procedure.error.none" }
        guard let event = form.event, definition.event(event) != nil else { return "procedure.error.event" }
        guard let date = form.date.flatMap({ LocalDate(iso: $0.trimmingCharacters(in: .whitespaces)) }) else { return "procedure.error.date" }
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // Extensions are told to both parties with their reason (art. 12 lid 3, art. 13 lid 3); the
        // College refuses a complaint with one of its coded reasons (000c §2.1 step 3).
        let reasonRule = definition.event(event)?.reason
        if reasonRule == .required && reason.count < 10 { return "procedure.error.reason" }
        if reasonRule == .refusalCode && IntegrityComplaint.RefusalReason(rawValue: reason) == nil {
            return "procedure.error.refusalReason"
        }
        if reasonRule == .adviceNature && AdviceNature(rawValue: reason) == nil { return "procedure.error.adviceNature" }
        var events = try await events(for: report, app: req.application, db: db)
        guard events[event] == nil else { return "procedure.error.already" }
        // In a running case an event comes after the ones it needs (no advice before admissibility).
        if let required = definition.event(event)?.requires, required.contains(where: { events[$0] == nil }) {
            return "procedure.error.order"
        }
        // After an ending event only what it started, or what happened before it, can be recorded.
        let before = try? ProcedureProgress(definition, events: events)
        if let ending = before?.endedBy, let endedOn = events[ending], date > endedOn,
           !definition.steps.contains(where: { $0.startedBy == ending && $0.completedBy == event }) {
            return "procedure.error.ended"
        }
        // Asking for missing documents changes when the admissibility term starts: not once it has run out.
        if let changed = definition.deadlines.first(where: { $0.fallback?.unless?.contains(event) == true }),
           let end = DeadlineCalculator.statutoryEnd(changed, events: events),
           AlgemeneTermijnenwet.termEnd(end) < req.application.today {
            return "procedure.error.expired"
        }
        // An expired term cannot be extended (art. 12 lid 3: "indien het advies niet binnen deze termijn
        // kan worden uitgebracht"; art. 13 lid 3): the extension is recorded while the term runs.
        let extended = definition.deadlines.first { $0.extension_?.event == event }
        if let extended, let end = DeadlineCalculator.statutoryEnd(extended, events: events),
           AlgemeneTermijnenwet.termEnd(end) < req.application.today {
            return "procedure.error.expired"
        }
        events[event] = date
        do {
            _ = try ProcedureProgress(definition, events: events)
        } catch {
            return error.messageKey
        }
        let record = ProcedureEventRecord()
        record.id = UUID()
        record.$report.id = try report.requireID()
        record.procedure = definition.id
        record.version = definition.version
        record.event = event
        record.date = date.iso
        if !reason.isEmpty {
            record.reasonSealed = try ReportService.crypto(for: report, app: req.application).seal(Data(reason.utf8), purpose: .procedureReason(try record.requireID()))
        }
        record.recordedBy = actor.stored
        record.recordedAt = req.application.clock.now
        try await record.create(on: db)
        try await ReportService.addEvent(.procedure(event), report: report, actor: actor, db: db, at: req.application.clock.now)
        if reasonRule == .required {
            // The extension or the decision and its reason go to the reporter (the accused is
            // informed by letter).
            let key = extended != nil ? "procedure.extensionMessage" : "procedure.reasonMessage.\(event)"
            try await ReportService.addMessage(req.text(key, ["reason": reason, "date": date.iso]),
                                               report: report, author: actor, app: req.application, db: db)
            try await Notices.queue(for: report, db: db, at: req.application.clock.now)
        }
        try await AuditLog.append(on: db, actor: actor, action: .procedureEvent(event), subject: "report:\(try report.requireID())", now: req.application.clock.now)
        // The registry's handling and feedback figures read the procedure's events.
        if let caseFile = try await CaseFile.query(on: db).filter(\.$report.$id == report.requireID()).first() {
            try await Outbox.enqueue(.registrySync(caseID: try caseFile.requireID()), db: db, now: req.application.clock.now)
        }
        return nil
    }
}
