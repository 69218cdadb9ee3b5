import Foundation

/// A procedure as versioned data (`Resources/Procedures/*.json`): its events, the deadlines that run
/// from them, and the steps with who acts, who is told and which documents come out. A case follows
/// the version in force when it started.
public struct ProcedureDefinition: Codable, Hashable, Sendable {
    public var id: String
    public var version: String
    /// The date the regulation (this version of it) took effect.
    public var validFrom: LocalDate
    public var regulation: String
    /// False for a service norm (the advisors' own promise of a first conversation): a page shows its
    /// dates as an agreement, never as a legal term. Missing means statutory.
    public var statutory: Bool?
    /// Which reports follow this procedure (any of the scopes); the most specific match wins.
    public var appliesTo: [ProcedureScope]?
    /// The event a report's date of receipt fills in, and the one its acknowledgement fills in.
    public var receivedEvent: String?
    public var acknowledgedEvent: String?
    /// Events that conclude a case: a procedure without terms tells the reporter how long recent
    /// cases took until one of them.
    public var concludedBy: [String]?
    public var events: [ProcedureEvent]
    public var deadlines: [DeadlineRule]
    public var steps: [ProcedureStep]

    public init(id: String, version: String, validFrom: LocalDate, regulation: String, appliesTo: [ProcedureScope]? = nil,
                events: [ProcedureEvent], deadlines: [DeadlineRule], steps: [ProcedureStep]) {
        self.appliesTo = appliesTo
        self.id = id
        self.version = version
        self.validFrom = validFrom
        self.regulation = regulation
        self.events = events
        self.deadlines = deadlines
        self.steps = steps
    }

    public func event(_ id: String) -> ProcedureEvent? { events.first { $0.id == id } }

    public var isStatutory: Bool { statutory ?? true }
}

/// A kind of report and recipient a procedure is for; a missing field matches anything.
public struct ProcedureScope: Codable, Hashable, Sendable {
    public var kind: String?
    public var recipient: String?
    /// Whether the report concerns a suspected wrongdoing (misstand) in the sense of the Wbk: the Wbk's
    /// clocks apply to those only ("het maatschappelijk belang moet in het geding zijn", woo-besluit
    /// L1972-1976).
    public var wrongdoing: Bool?

    public init(kind: String? = nil, recipient: String? = nil, wrongdoing: Bool? = nil) {
        self.kind = kind
        self.recipient = recipient
        self.wrongdoing = wrongdoing
    }

    /// `wrongdoing` nil on the report side is a report from before the question was stored: it keeps
    /// the procedure it was promised then (every such report matched a wrongdoing scope).
    func matches(kind: String, recipient: String, wrongdoing: Bool?) -> Bool {
        (self.kind.map { $0 == kind } ?? true) && (self.recipient.map { $0 == recipient } ?? true)
            && (self.wrongdoing.map { $0 == (wrongdoing ?? $0) } ?? true)
    }

    var specificity: Int { (kind == nil ? 0 : 1) + (recipient == nil ? 0 : 1) + (wrongdoing == nil ? 0 : 1) }
}

/// Something that happens on a date: the complaint is filed, the advice is received.
public struct ProcedureEvent: Codable, Hashable, Sendable {
    public var id: String
    /// Events that cannot come later than this one (advice not before admissibility).
    public var after: [String]?
    /// Events that must have happened before this one can be recorded in a running case (the
    /// calculator, which may be asked about a single later event, does not demand them).
    public var requires: [String]?
    /// Whether recording the event needs a reason: `required` (an extension, told to the parties) or
    /// `refusal-code` (one of the College's coded refusal reasons).
    public var reason: ReasonRule?
    /// After this event no term of the procedure runs (an inadmissible complaint, art. 10 lid 4).
    public var ends: Bool?
    /// Events that cannot both be recorded (admissible and inadmissible on one complaint).
    public var excludes: [String]?
    /// While `event` is recorded and `until` is not (or comes later), this event cannot happen: the
    /// Presidium forwards no report while the MP's appeal is pending; the College investigates
    /// after the MP followed the Adviseur's advice only by a reasoned decision (art. 8 lid 2).
    public var blockedBy: [Block]?

    public struct Block: Codable, Hashable, Sendable {
        public var event: String
        public var until: String
    }

    public enum ReasonRule: String, Codable, Hashable, Sendable {
        case required
        case refusalCode = "refusal-code"
        /// The nature of the committee's advice (art. 12 lid 5), one of `AdviceNature`.
        case adviceNature = "advice-nature"
    }
}

/// The committee's advice "van preventieve als van corrigerende aard ... dan wel een combinatie van
/// beide" (Klachtenregeling art. 12 lid 5): counted in its annual report (art. 14).
public enum AdviceNature: String, Codable, CaseIterable, Hashable, Sendable {
    case preventive = "preventief"
    case corrective = "corrigerend"
    case both = "preventief-en-corrigerend"
}

/// A term that runs from an event.
public struct DeadlineRule: Codable, Hashable, Sendable {
    public struct Fallback: Codable, Hashable, Sendable {
        /// Counted from this event instead …
        public var from: String
        /// … after first adding this period (the Wbk's "end of the 7-day period").
        public var offset: Term
        /// Not used once one of these events is recorded (a complaint the committee asked to complete
        /// counts from the day it is complete, not from filing; art. 10 lid 1).
        public var unless: [String]?
    }

    /// A later last day, set by an event whose date *is* the new last day. It must be later than the
    /// statutory end ("only when the term cannot be met", art. 12 lid 3) and, with a `maximum`, at most
    /// that much later than the raw end ("ten hoogste vier weken", art. 13 lid 3).
    public struct Extension: Codable, Hashable, Sendable {
        public var event: String
        public var maximum: Term?
    }

    public var id: String
    public var from: String
    public var term: Term
    /// When `from` has not happened, count from another event (Wbk: no acknowledgement sent).
    public var fallback: Fallback?
    /// A single extension to a later last day.
    public var extension_: Extension?
    /// The article the term comes from.
    public var basis: String

    enum CodingKeys: String, CodingKey {
        case id, from, term, fallback, basis
        case extension_ = "extension"
    }
}

/// A step of the procedure, for the timeline and the reminders.
public struct ProcedureStep: Codable, Hashable, Sendable {
    public var id: String
    /// Who acts (a party or functionary code, see docs/procedures.md).
    public var actor: String
    /// Who is told when the step is done.
    public var notify: [String]?
    /// Documents the step produces (letter templates and records).
    public var documents: [String]?
    /// The event that marks the step as done.
    public var completedBy: String?
    /// The deadline the step has to meet.
    public var deadline: String?
    /// Other events that also complete it (the committee's advice of inadmissibility ends the
    /// admissibility step as well as a finding of admissibility does).
    public var alsoCompletedBy: [String]?
    /// The step only exists once this event is recorded (the optional repair term, art. 10 lid 1).
    public var startedBy: String?
    public var basis: String?

    /// The day the step was done, if it was.
    public func done(_ events: [String: LocalDate]) -> LocalDate? {
        ([completedBy].compactMap { $0 } + (alsoCompletedBy ?? [])).compactMap { events[$0] }.min()
    }
}

/// Every procedure definition, all versions.
public struct ProcedureBook: Sendable {
    public let definitions: [ProcedureDefinition]

    public init(definitions: [ProcedureDefinition]) {
        self.definitions = definitions.sorted { ($0.id, $0.validFrom) < ($1.id, $1.validFrom) }
    }

    public var procedureIDs: [String] { Array(Set(definitions.map(\.id))).sorted() }

    /// The version in force on the date (or the first version, for a date before any).
    public func definition(_ id: String, on date: LocalDate) -> ProcedureDefinition? {
        RuleBook.inForce(definitions.filter { $0.id == id }, on: date)
    }

    /// The procedure a report follows: the most specific `appliesTo` match, in the version in force on
    /// the date the report was received.
    /// On equal specificity a statutory procedure wins over a service norm (a wrongdoing reported to an
    /// advisor keeps the Wbk's clocks). No match means the report follows no procedure with terms.
    public func definition(forKind kind: String, recipient: String, wrongdoing: Bool?, on date: LocalDate) -> ProcedureDefinition? {
        let scored = procedureIDs.compactMap { id -> (ProcedureDefinition, Int)? in
            guard let found = definition(id, on: date), let scopes = found.appliesTo else { return nil }
            let best = scopes.filter { $0.matches(kind: kind, recipient: recipient, wrongdoing: wrongdoing) }.map(\.specificity).max()
            return best.map { (found, $0) }
        }
        return scored.max { a, b in (a.1, a.0.isStatutory ? 1 : 0) < (b.1, b.0.isStatutory ? 1 : 0) }?.0
    }

    public static func load(directory: String) throws -> ProcedureBook {
        ProcedureBook(definitions: try RuleBook.load(ProcedureDefinition.self, kind: .procedures, directory: directory))
    }
}

extension ProcedureDefinition: VersionedRules {}
