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
    /// Which reports follow this procedure (any of the scopes); the most specific match wins.
    public var appliesTo: [ProcedureScope]?
    /// The event a report's date of receipt fills in, and the one its acknowledgement fills in.
    public var receivedEvent: String?
    public var acknowledgedEvent: String?
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
}

/// A kind of report and recipient a procedure is for; a missing field matches anything.
public struct ProcedureScope: Codable, Hashable, Sendable {
    public var kind: String?
    public var recipient: String?

    func matches(kind: String, recipient: String) -> Bool {
        (self.kind.map { $0 == kind } ?? true) && (self.recipient.map { $0 == recipient } ?? true)
    }

    var specificity: Int { (kind == nil ? 0 : 1) + (recipient == nil ? 0 : 1) }
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

    public enum ReasonRule: String, Codable, Hashable, Sendable {
        case required
        case refusalCode = "refusal-code"
    }
}

/// A term that runs from an event.
public struct DeadlineRule: Codable, Hashable, Sendable {
    public struct Fallback: Codable, Hashable, Sendable {
        /// Counted from this event instead …
        public var from: String
        /// … after first adding this period (the Wbk's "end of the 7-day period").
        public var offset: Term
    }

    public struct Extension: Codable, Hashable, Sendable {
        /// The event that records the extension (verdaagd).
        public var event: String
        public var term: Term
    }

    public var id: String
    public var from: String
    public var term: Term
    /// When `from` has not happened, count from another event (Wbk: no acknowledgement sent).
    public var fallback: Fallback?
    /// A single extension by at most this term.
    public var extension_: Extension?
    /// An event whose date becomes the new last day (a "reasonable term" announced by the committee).
    public var replacedBy: String?
    /// The article the term comes from.
    public var basis: String

    enum CodingKeys: String, CodingKey {
        case id, from, term, fallback, basis, replacedBy
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
    public var basis: String?
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
        let versions = definitions.filter { $0.id == id }
        return versions.last { $0.validFrom <= date } ?? versions.first
    }

    /// The procedure a report follows: the most specific `appliesTo` match, in the version in force on
    /// the date the report was received.
    public func definition(forKind kind: String, recipient: String, on date: LocalDate) -> ProcedureDefinition? {
        let scored = procedureIDs.compactMap { id -> (String, Int)? in
            guard let scopes = definition(id, on: date)?.appliesTo else { return nil }
            let best = scopes.filter { $0.matches(kind: kind, recipient: recipient) }.map(\.specificity).max()
            return best.map { (id, $0) }
        }
        guard let id = scored.max(by: { $0.1 < $1.1 })?.0 else { return nil }
        return definition(id, on: date)
    }

    public static func load(directory: String) throws -> ProcedureBook {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        var definitions: [ProcedureDefinition] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                definitions.append(try JSONDecoder().decode(ProcedureDefinition.self, from: data))
            } catch {
                throw ProcedureDataError(file: path, detail: "\(error)")
            }
        }
        return ProcedureBook(definitions: definitions)
    }
}

public struct ProcedureDataError: Error, CustomStringConvertible {
    public let file: String
    public let detail: String
    public var description: String { "procedure definition \(file): \(detail)" }
}
