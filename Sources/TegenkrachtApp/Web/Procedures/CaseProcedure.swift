import Fluent
import TegenkrachtCore
import Vapor

/// The formal procedure of a report: a klacht follows the Klachtenregeling, every other report the
/// Wbk clocks. The version is the one in force when the report was received; `ingediend` / `ontvangen`
/// is the date of receipt itself.
enum CaseProcedure {
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
        let procedure: String
        let version: String
        let steps: [StepView]
        let events: [EventChoice]
    }

    struct EventChoice: Encodable, Sendable {
        let id: String
        let label: String
        let needsReason: Bool
    }


    /// The procedure the report follows (its `appliesTo` in the procedure data), in the version in
    /// force when the report was received.
    static func definition(for report: Report, app: Application) -> ProcedureDefinition? {
        app.procedures.definition(forKind: report.kind, recipient: report.recipientKind,
                                  on: ReportService.localDate(report.submittedAt, app: app))
    }

    static func events(for report: Report, app: Application, db: any Database) async throws -> [String: LocalDate] {
        var events: [String: LocalDate] = [:]
        let definition = definition(for: report, app: app)
        if let received = definition?.receivedEvent {
            events[received] = ReportService.localDate(report.submittedAt, app: app)
        }
        if let acknowledged = definition?.acknowledgedEvent, let date = report.acknowledgedAt {
            events[acknowledged] = ReportService.localDate(date, app: app)
        }
        for record in try await ProcedureEventRecord.query(on: db).filter(\.$report.$id == report.requireID()).all() {
            events[record.event] = LocalDate(iso: record.date)
        }
        return events
    }

    static func timeline(for report: Report, app: Application, db: any Database, localizer t: Localizer) async throws -> TimelineView? {
        guard let definition = definition(for: report, app: app) else { return nil }
        let events = try await events(for: report, app: app, db: db)
        let deadlines = (try? DeadlineCalculator.deadlines(definition, events: events)) ?? []
        let today = app.today
        var nextFound = false
        let steps = definition.steps.map { step -> StepView in
            let done = step.completedBy.flatMap { events[$0] }
            let due = step.deadline.flatMap { id in deadlines.first { $0.id == id }?.due }
            let isNext = !nextFound && done == nil && step.completedBy != nil
            if isNext { nextFound = true }
            return StepView(id: step.id, name: t.text("step.\(definition.id).\(step.id)"), actor: t.text("actor.\(step.actor)"),
                            done: done?.iso, due: done == nil ? due?.iso : nil, basis: step.basis ?? "",
                            isNext: isNext, overdue: done == nil && (due.map { $0 < today } ?? false))
        }
        let recordable = definition.events.filter { event in
            events[event.id] == nil && event.id != definition.receivedEvent && event.id != definition.acknowledgedEvent
                && (event.requires ?? []).allSatisfy { events[$0] != nil }
        }
        let codedRefusals = definition.events.contains { $0.reason == .refusalCode }
        let refusalReasons = codedRefusals ? IntegrityComplaint.RefusalReason.allCases.map {
            EventChoice(id: $0.rawValue, label: t.text("refusal.\($0.rawValue)"), needsReason: false)
        } : []
        return TimelineView(refusalReasons: refusalReasons, procedure: t.text("procedure.\(definition.id)"), version: definition.version, steps: steps,
                            events: recordable.map { EventChoice(id: $0.id, label: t.text("procedure-event.\($0.id)"),
                                                                 needsReason: $0.reason != nil) })
    }

    struct RunningDeadline: Sendable {
        let procedure: String
        let step: String
        let deadline: DeadlineCalculator.Deadline
    }

    /// The deadlines still running: a deadline runs while the step that meets it is not done.
    static func runningDeadlines(for report: Report, app: Application, db: any Database) async throws -> [RunningDeadline] {
        guard let definition = definition(for: report, app: app) else { return [] }
        let events = try await events(for: report, app: app, db: db)
        let deadlines = (try? DeadlineCalculator.deadlines(definition, events: events)) ?? []
        return definition.steps.compactMap { step in
            guard let id = step.deadline, let deadline = deadlines.first(where: { $0.id == id }),
                  step.completedBy.map({ events[$0] == nil }) ?? true else { return nil }
            return RunningDeadline(procedure: definition.id, step: step.id, deadline: deadline)
        }
    }

    struct EventForm: Content {
        var event: String?
        var date: String?
        var reason: String?
    }

    /// Records a procedure event; the order is checked by the procedure engine, extensions need a reason
    /// and are told to the reporter.
    static func record(_ req: Request, report: Report, actor: String, db: any Database) async throws -> String? {
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
        var events = try await events(for: report, app: req.application, db: db)
        guard events[event] == nil else { return "procedure.error.already" }
        // In a running case an event comes after the ones it needs (no advice before admissibility).
        if let required = definition.event(event)?.requires, required.contains(where: { events[$0] == nil }) {
            return "procedure.error.order"
        }
        events[event] = date
        do {
            _ = try DeadlineCalculator.deadlines(definition, events: events)
        } catch {
            return "procedure.error.order"
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
        record.recordedBy = actor
        record.recordedAt = req.application.clock.now
        try await record.create(on: db)
        try await ReportService.addEvent("procedure-\(event)", report: report, actor: actor, db: db, at: req.application.clock.now)
        if reasonRule == .required {
            // The extension and its reason go to the reporter (the accused is informed by letter).
            try await ReportService.addMessage(req.text("procedure.extensionMessage", ["reason": reason, "date": date.iso]),
                                               report: report, author: actor, app: req.application, db: db)
            try await Notices.queue(for: report, db: db, at: req.application.clock.now)
        }
        try await AuditLog.append(on: db, actor: actor, action: "report.procedure-\(event)", subject: "report:\(try report.requireID())", now: req.application.clock.now)
        // The registry's handling and feedback figures read the procedure's events.
        if let caseFile = try await CaseFile.query(on: db).filter(\.$report.$id == report.requireID()).first() {
            try await Outbox.enqueue(.registrySync(caseID: try caseFile.requireID()), db: db, now: req.application.clock.now)
        }
        return nil
    }
}
