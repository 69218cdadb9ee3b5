/// Computes a procedure's deadlines from the events that have happened.
public enum DeadlineCalculator {
    public struct Deadline: Hashable, Sendable {
        public let id: String
        /// The last day, after the Algemene termijnenwet.
        public let due: LocalDate
        /// The day the term itself ends, before moving off a weekend or holiday.
        public let rawEnd: LocalDate
        public let basis: String
        /// Whether the extension was applied.
        public let extended: Bool
    }

    /// Checks the events and returns every deadline whose events are known. Intermediate periods are
    /// counted raw; only the final day is moved off weekends and holidays (docs/procedures.md).
    public static func deadlines(_ procedure: ProcedureDefinition,
                                 events: [String: LocalDate]) throws(ProcedureInputError) -> [Deadline] {
        try validate(procedure, events: events)
        var result: [Deadline] = []
        for rule in procedure.deadlines {
            var start: LocalDate?
            if let date = events[rule.from] {
                start = date
            } else if let fallback = rule.fallback, let date = events[fallback.from] {
                start = fallback.offset.rawEnd(from: date)
            }
            guard let start else { continue }
            var raw = rule.term.rawEnd(from: start)
            var extended = false
            if let ext = rule.extension_, events[ext.event] != nil {
                raw = ext.term.rawEnd(from: raw)
                extended = true
            }
            if let replacement = rule.replacedBy, let newEnd = events[replacement] {
                raw = newEnd
                extended = true
            }
            result.append(Deadline(id: rule.id, due: AlgemeneTermijnenwet.termEnd(raw), rawEnd: raw,
                                   basis: rule.basis, extended: extended))
        }
        return result
    }

    public static func validate(_ procedure: ProcedureDefinition, events: [String: LocalDate]) throws(ProcedureInputError) {
        let known = procedure.events.map(\.id)
        for name in events.keys.sorted() where !known.contains(name) {
            throw .unknownEvent(name, valid: known)
        }
        for event in procedure.events {
            guard let date = events[event.id] else { continue }
            for earlier in event.after ?? [] {
                if let other = events[earlier], date < other {
                    throw .outOfOrder(event: event.id, date: date, before: earlier, beforeDate: other)
                }
            }
        }
    }
}

/// Input the deadline calculator cannot use; each case names the problem.
public enum ProcedureInputError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownProcedure(String, valid: [String])
    case unknownEvent(String, valid: [String])
    case badDate(event: String, value: String)
    case malformedEvent(String)
    case outOfOrder(event: String, date: LocalDate, before: String, beforeDate: LocalDate)

    public var description: String {
        switch self {
        case .unknownProcedure(let id, let valid):
            return "unknown procedure '\(id)'; valid: \(valid.joined(separator: ", "))"
        case .unknownEvent(let name, let valid):
            return "unknown event '\(name)'; valid: \(valid.joined(separator: ", "))"
        case .badDate(let event, let value):
            return "event '\(event)': '\(value)' is not an existing date from 1900 to 2999 (write YYYY-MM-DD)"
        case .malformedEvent(let text):
            return "'\(text)' is not of the form NAME=YYYY-MM-DD"
        case .outOfOrder(let event, let date, let before, let beforeDate):
            return "events out of order: '\(event)' (\(date)) is before '\(before)' (\(beforeDate))"
        }
    }

    /// Reads `NAME=YYYY-MM-DD` pairs.
    public static func parseEvents(_ pairs: [(String, String)]) throws(ProcedureInputError) -> [String: LocalDate] {
        var events: [String: LocalDate] = [:]
        for (name, value) in pairs {
            guard !name.isEmpty else { throw .malformedEvent("\(name)=\(value)") }
            guard let date = LocalDate(iso: value) else { throw .badDate(event: name, value: value) }
            events[name] = date
        }
        return events
    }
}
