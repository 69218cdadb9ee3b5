/// Where a report's own procedure stands: which steps are done, which run against a date, and what comes
/// next. Every page that shows a reporter or a handler a date reads it from here, so nobody is shown a
/// term that their procedure does not set (issue 13).
public struct ProcedureProgress: Sendable {
    public struct Step: Sendable {
        public let step: ProcedureStep
        public let done: LocalDate?
        /// The last day while the step is still to be done; nil when no term runs for it.
        public let due: LocalDate?
        public let extended: Bool
        public let isNext: Bool

        public func overdue(today: LocalDate) -> Bool { done == nil && (due.map { $0 < today } ?? false) }
    }

    public let definition: ProcedureDefinition
    /// The steps that exist in this case (a step with `startedBy` only once its event is recorded).
    public let steps: [Step]
    /// The event that ended the procedure early (art. 10 lid 4), after which no term runs.
    public let endedBy: String?

    public init(_ definition: ProcedureDefinition, events: [String: LocalDate]) throws(ProcedureInputError) {
        let deadlines = try DeadlineCalculator.deadlines(definition, events: events)
        let ending = definition.events.first { $0.ends == true && events[$0.id] != nil }?.id
        var nextFound = false
        self.definition = definition
        self.endedBy = ending
        self.steps = definition.steps.compactMap { step in
            if let start = step.startedBy, events[start] == nil { return nil }
            let done = step.done(events)
            let deadline = step.deadline.flatMap { id in deadlines.first { $0.id == id } }
            // Once the procedure has ended, only the steps the ending event started remain.
            let isNext = !nextFound && done == nil && step.completedBy != nil && (ending == nil || step.startedBy == ending)
            if isNext { nextFound = true }
            let running = done == nil && ending == nil
            return Step(step: step, done: done, due: running ? deadline?.due : nil,
                        extended: deadline?.extended ?? false, isNext: isNext)
        }
    }

    /// The steps with a term still running, earliest first.
    public var running: [Step] {
        steps.compactMap { step in step.due.map { (step, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// The first date that is promised: the earliest running term.
    public var nextDate: Step? { running.first }

    /// Whether the procedure sets any term at all (the College's sets none).
    public var setsTerms: Bool { !definition.deadlines.isEmpty }
}
