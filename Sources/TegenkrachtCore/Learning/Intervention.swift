import Foundation

/// An intervention of the organisation's learning agenda (kracht-zonder-tegenkracht §6.7,
/// L2720-2760): who is responsible, its goal, how success is established and monitored, its budget
/// and which parts of the organisation take part. "Symbolische maatregelen zullen op termijn vooral
/// het cynisme en wantrouwen vergroten": one without a measure is saved, and labelled as symbolic.
public struct Intervention: Codable, Hashable, Sendable {
    public var title: String
    /// The recommendations of Table 6.1 it works on (ids such as "6.5.2").
    public var recommendations: [String]
    public var owner: InterventionOwner
    public var goal: String
    public var indicators: [Indicator]
    /// How often the indicators are looked at, in months.
    public var intervalMonths: Int
    public var budgetCents: Int
    public var involved: [InvolvedPart]
    /// The day it starts: the indicators' baseline is the last figure before it.
    public var starts: LocalDate

    public init(title: String, recommendations: [String], owner: InterventionOwner, goal: String, indicators: [Indicator],
                intervalMonths: Int, budgetCents: Int, involved: [InvolvedPart], starts: LocalDate) {
        self.title = title
        self.recommendations = recommendations
        self.owner = owner
        self.goal = goal
        self.indicators = indicators
        self.intervalMonths = intervalMonths
        self.budgetCents = budgetCents
        self.involved = involved
        self.starts = starts
    }

    /// Whether the intervention has a measure of success: at least one indicator that still measures
    /// something. An indicator bound to a figure that no longer exists is no measure.
    public func status(readings: [IndicatorReading]) -> MeasureStatus {
        readings.contains { !$0.isBroken } ? .measured : .symbolic
    }

    /// What is missing or wrong, as localisation keys (empty: it may be saved).
    public func problems(in organisation: Organisation, recommendations book: RecommendationBook, on date: LocalDate) -> [String] {
        var problems: [String] = []
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("learning.error.title") }
        if goal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("learning.error.goal") }
        if recommendations.isEmpty || recommendations.contains(where: { book.recommendation(id: $0, on: date) == nil }) {
            problems.append("learning.error.recommendation")
        }
        if !owner.exists(in: organisation) { problems.append("learning.error.owner") }
        if involved.isEmpty || involved.contains(where: { !$0.exists(in: organisation) }) { problems.append("learning.error.involved") }
        if !(1...60).contains(intervalMonths) { problems.append("learning.error.interval") }
        if budgetCents < 0 { problems.append("learning.error.budget") }
        if indicators.contains(where: { !$0.isComplete }) { problems.append("learning.error.indicator") }
        return problems
    }
}

public enum MeasureStatus: String, Codable, Sendable {
    case measured
    /// "Symbolisch tot er een maat is."
    case symbolic
}

/// A value stored and sent as one code (a form value, a column): encoded as that string, and a code
/// that names nothing does not decode.
public protocol CodedValue: Codable {
    init?(code: String)
    var code: String { get }
}

extension CodedValue {
    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(Self.self) \(code)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Who answers for an intervention: a person of the organisation model, or a body.
public enum InterventionOwner: Hashable, Sendable, CodedValue {
    case person(String)
    case presidium
    case managementTeam
    case worksCouncil
    case fractie(String)

    /// "persoon:<id>", "presidium", "mt", "or", "fractie:<id>" (form values and storage).
    public init?(code: String) {
        switch code {
        case "presidium": self = .presidium
        case "mt": self = .managementTeam
        case "or": self = .worksCouncil
        default:
            if code.hasPrefix("persoon:"), code.count > 8 { self = .person(String(code.dropFirst(8))) }
            else if code.hasPrefix("fractie:"), code.count > 8 { self = .fractie(String(code.dropFirst(8))) }
            else { return nil }
        }
    }

    public var code: String {
        switch self {
        case .person(let id): return "persoon:\(id)"
        case .presidium: return "presidium"
        case .managementTeam: return "mt"
        case .worksCouncil: return "or"
        case .fractie(let id): return "fractie:\(id)"
        }
    }

    public func exists(in organisation: Organisation) -> Bool {
        switch self {
        case .person(let id): return organisation.person(id: id) != nil
        case .fractie(let id): return organisation.fracties.contains { $0.id == id }
        case .presidium, .managementTeam, .worksCouncil: return true
        }
    }
}

/// A part of the organisation that takes part: "all parts of the organisation involved" (L2750).
public enum InvolvedPart: Hashable, Sendable, CodedValue {
    case civilService
    case membersOfParliament
    case worksCouncil
    case fractie(String)

    public init?(code: String) {
        switch code {
        case "ambtelijk": self = .civilService
        case "kamerleden": self = .membersOfParliament
        case "or": self = .worksCouncil
        default:
            guard code.hasPrefix("fractie:"), code.count > 8 else { return nil }
            self = .fractie(String(code.dropFirst(8)))
        }
    }

    public var code: String {
        switch self {
        case .civilService: return "ambtelijk"
        case .membersOfParliament: return "kamerleden"
        case .worksCouncil: return "or"
        case .fractie(let id): return "fractie:\(id)"
        }
    }

    public func exists(in organisation: Organisation) -> Bool {
        if case .fractie(let id) = self { return organisation.fracties.contains { $0.id == id } }
        return true
    }
}

/// How success is established: a figure Tegenkracht computes, bound by its id, or a figure from
/// elsewhere with its source and the readings someone entered.
public enum Indicator: Hashable, Sendable, Codable {
    case figure(String)
    case manual(ManualFigure)

    public var isComplete: Bool {
        switch self {
        case .figure(let id): return !id.isEmpty
        case .manual(let figure):
            return !figure.name.trimmingCharacters(in: .whitespaces).isEmpty && !figure.source.trimmingCharacters(in: .whitespaces).isEmpty
        }
    }

    private enum CodingKeys: String, CodingKey { case figure, manual }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let id = try c.decodeIfPresent(String.self, forKey: .figure) {
            self = .figure(id)
        } else {
            self = .manual(try c.decode(ManualFigure.self, forKey: .manual))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .figure(let id): try c.encode(id, forKey: .figure)
        case .manual(let figure): try c.encode(figure, forKey: .manual)
        }
    }
}

/// A figure Tegenkracht does not compute (a training's attendance, an exit-interview count from
/// elsewhere): its name, where it comes from, and the readings entered so far.
public struct ManualFigure: Codable, Hashable, Sendable {
    public struct Reading: Codable, Hashable, Sendable {
        public var on: LocalDate
        public var value: Double

        public init(on: LocalDate, value: Double) {
            self.on = on
            self.value = value
        }
    }

    public var name: String
    public var source: String
    public var readings: [Reading]

    public init(name: String, source: String, readings: [Reading] = []) {
        self.name = name
        self.source = source
        self.readings = readings
    }
}
