import Foundation

/// The rules of the route finder, as versioned data (`Resources/Routes/*.json`), so that a change in
/// the regulations is a new rule set with a validity date, not a code change.
public struct RouteRuleSet: Codable, Hashable, Sendable {
    public var version: String
    public var validFrom: LocalDate
    public var routes: [RouteRule]
    public var gaps: [GapRule]
}

/// What a body can do for the person.
public struct RouteAbilities: Codable, Hashable, Sendable {
    public var listen: Bool
    public var advise: Bool
    public var mediate: Bool
    public var investigate: Bool
    public var sanction: Bool
}

/// One situation in which a route or a gap applies. Every field that is present must hold; a missing
/// field holds always. A rule applies when any of its situations holds.
public struct RouteCondition: Codable, Hashable, Sendable {
    /// The reporter is one of these groups.
    public var reporter: [RouteGroup]?
    /// The accused is one of these groups.
    public var accused: [RouteGroup]?
    /// At least one of the behaviours chosen is one of these.
    public var behaviours: [BehaviourKind]?
    /// The reporter does (true) or does not (false) fall under the Klachtenregeling.
    public var reporterCovered: Bool?
    public var accusedCovered: Bool?
    /// The conduct happened on or after this date (holds when the date is not given).
    public var conductFrom: LocalDate?
    /// The conduct happened before this date (holds only when the date is given).
    public var conductBefore: LocalDate?
    /// The conduct lies more than this many years before today (holds only when the date is given):
    /// the complaints committee's one-year term (art. 10 lid 2).
    public var conductOlderThanYears: Int?
    /// true: holds only when the person said the accused is their own manager; false: holds unless
    /// they said so (not knowing keeps the route, as before the question was asked).
    public var accusedIsOwnManager: Bool?
}

/// A situation in which a route is open only on a condition, with the reason shown to the person.
public struct RouteCaveat: Codable, Hashable, Sendable {
    /// The text `route.reason.<reason>`.
    public var reason: String
    public var when: [RouteCondition]
}

/// Which functionaries are "who it is" for a route.
public struct HolderSpec: Codable, Hashable, Sendable {
    public var roles: [FunctionaryRole]
    public var affiliations: [Affiliation]?
}

public struct RouteRule: Codable, Hashable, Sendable {
    public var id: String
    public var formal: Bool
    public var abilities: RouteAbilities
    /// The kinds of matter this route deals with.
    public var serves: [BehaviourKind]
    public var when: [RouteCondition]
    /// Situations in which the route is open only on a condition (a contested reading, a term).
    public var caveats: [RouteCaveat]?
    /// Whom the body can sanction, when it can sanction at all: an employer its own staff, not
    /// visitors or people who have left. Missing: everyone it deals with.
    public var sanctionsAccused: [RouteGroup]?
    public var holders: HolderSpec?
    /// Where "make a report" leads from this route, if the route is one this system takes reports for
    /// (a recipient kind; `vertrouwenspersoon` means: choose the advisor in the form).
    public var intakeRecipient: String?
    /// Where the rule comes from (spec section and source lines).
    public var source: String
}

public struct GapRule: Codable, Hashable, Sendable {
    public var id: String
    /// The kind of matter left without a formal route, if the gap is about one.
    public var behaviour: BehaviourKind?
    public var when: [RouteCondition]
    /// Only when the answer depends on a fact the person did not know (a fractie's adoption).
    public var uncertainOnly: Bool?
    public var source: String
}

/// The rule sets, newest last; the one in force on a date is used.
public struct RouteRuleBook: Sendable {
    public let sets: [RouteRuleSet]

    public init(sets: [RouteRuleSet]) {
        self.sets = RuleBook.byDate(sets)
    }

    public func inForce(on date: LocalDate) -> RouteRuleSet? {
        RuleBook.inForce(sets, on: date)
    }
}

extension RouteRuleBook {
    /// Reads every `*.json` rule set in a directory.
    public static func load(directory: String) throws -> RouteRuleBook {
        let sets = try RuleBook.load(RouteRuleSet.self, kind: .routeRules, directory: directory)
        guard !sets.isEmpty else { throw RuleDataError(kind: .routeRules, file: directory, detail: "no rule sets found") }
        return RouteRuleBook(sets: sets)
    }
}
extension RouteRuleSet: VersionedRules {}
