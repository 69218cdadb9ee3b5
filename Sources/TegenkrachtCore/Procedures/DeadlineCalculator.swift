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
            guard let statutory = statutoryEnd(rule, events: events) else {
                if let ext = rule.extension_, events[ext.event] != nil { throw .extensionBeforeTerm(event: ext.event, term: rule.id) }
                continue
            }
            var raw = statutory
            var extended = false
            if let ext = rule.extension_, let newEnd = events[ext.event] {
                let due = AlgemeneTermijnenwet.termEnd(statutory)
                // Only a term that cannot be met is extended: the new last day lies after the old one.
                guard newEnd > due else { throw .extensionNotLater(event: ext.event, date: newEnd, statutoryEnd: due) }
                if let maximum = ext.maximum, newEnd > maximum.rawEnd(from: statutory) {
                    throw .extensionTooLong(event: ext.event, date: newEnd, latest: maximum.rawEnd(from: statutory))
                }
                raw = newEnd
                extended = true
            }
            result.append(Deadline(id: rule.id, due: AlgemeneTermijnenwet.termEnd(raw), rawEnd: raw,
                                   basis: rule.basis, extended: extended))
        }
        return result
    }

    /// The raw end of the term before any extension, or nil when the event it runs from is not known.
    public static func statutoryEnd(_ rule: DeadlineRule, events: [String: LocalDate]) -> LocalDate? {
        if let date = events[rule.from] { return rule.term.rawEnd(from: date) }
        if let fallback = rule.fallback, let date = events[fallback.from],
           !(fallback.unless ?? []).contains(where: { events[$0] != nil }) {
            return rule.term.rawEnd(from: fallback.offset.rawEnd(from: date))
        }
        return nil
    }

    public static func validate(_ procedure: ProcedureDefinition, events: [String: LocalDate]) throws(ProcedureInputError) {
        let known = procedure.events.map(\.id)
        for name in events.keys.sorted() where !known.contains(name) {
            throw .unknownEvent(name, valid: known)
        }
        for event in procedure.events {
            guard let date = events[event.id] else { continue }
            for other in event.excludes ?? [] where events[other] != nil {
                throw .contradictory(event: event.id, other: other)
            }
            for block in event.blockedBy ?? [] {
                if let start = events[block.event], start <= date, !(events[block.until].map { $0 <= date } ?? false) {
                    throw .blocked(event: event.id, by: block.event, until: block.until)
                }
            }
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
    case contradictory(event: String, other: String)
    case blocked(event: String, by: String, until: String)
    case extensionBeforeTerm(event: String, term: String)
    case extensionNotLater(event: String, date: LocalDate, statutoryEnd: LocalDate)
    case extensionTooLong(event: String, date: LocalDate, latest: LocalDate)

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
        case .contradictory(let event, let other):
            return "'\(event)' and '\(other)' cannot both happen in one case"
        case .blocked(let event, let by, let until):
            return "'\(event)' cannot happen while '\(by)' is recorded without '\(until)'"
        case .extensionBeforeTerm(let event, let term):
            return "'\(event)' extends the term '\(term)', which has not started"
        case .extensionNotLater(let event, let date, let end):
            return "'\(event)' (\(date)) must be a last day after the term's own end (\(end)): a term is only extended when it cannot be met"
        case .extensionTooLong(let event, let date, let latest):
            return "'\(event)' (\(date)) extends the term beyond its maximum; the latest allowed is \(latest)"
        }
    }

    /// The localisation key of the message a handler sees.
    public var messageKey: String {
        switch self {
        case .contradictory: "procedure.error.contradictory"
        case .blocked(_, let by, _): "procedure.error.blocked.\(by)"
        case .extensionBeforeTerm: "procedure.error.order"
        case .extensionNotLater: "procedure.error.extensionNotLater"
        case .extensionTooLong: "procedure.error.extensionTooLong"
        default: "procedure.error.order"
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
