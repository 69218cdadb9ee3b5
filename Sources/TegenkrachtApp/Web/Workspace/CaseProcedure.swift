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
                     done: state.done.map(t.longDate), due: state.due.map(t.longDate), basis: state.step.basis ?? "",
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
        /// The event's date in three fields (`DateInput`), or one ISO field.
        var dateDay: String?
        var dateMonth: String?
        var dateYear: String?
        var date: String?
        var reason: String?
    }
}
