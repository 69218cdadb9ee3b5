/// Finds every route open to a person, and every place where the rules leave them without a formal
/// route. Pure: the rules and the organisation come in as values.
public enum RouteFinder {
    public static let centralRouteID = "centraal-meldpunt"
    public static let genericGapID = "geen-formele-route"

    public static func answer(_ question: RouteQuestion, rules: RouteRuleSet, organisation: Organisation? = nil,
                              on date: LocalDate) -> RouteAnswer {
        var routes: [FoundRoute] = []
        for (order, rule) in rules.routes.enumerated() {
            let match = bestMatch(rule.when, question, today: date)
            guard match != .none else { continue }
            let served = rule.serves.filter { question.behaviours.contains($0) }
            let reasons = (rule.caveats ?? []).filter { bestMatch($0.when, question, today: date) != .none }.map(\.reason)
            var abilities = rule.abilities
            if let sanctioned = rule.sanctionsAccused, !sanctioned.contains(question.accused) { abilities.sanction = false }
            routes.append(FoundRoute(
                id: rule.id, formal: rule.formal, abilities: abilities,
                serves: served.map(\.rawValue),
                conditional: match == .conditional || !reasons.isEmpty, reasons: reasons,
                // "Fits what you want" only when a wish was given (issue 15).
                matchesWish: question.wish != .undecided && fits(rule, question.wish),
                holders: organisation.map { holders(rule.holders, in: $0, on: date) } ?? [],
                source: rule.source, intakeRecipient: rule.intakeRecipient, order: order))
        }
        routes.sort { ($0.matchesWish ? 0 : 1, $0.order) < ($1.matchesWish ? 0 : 1, $1.order) }

        var gaps: [FoundGap] = []
        for rule in rules.gaps {
            let match = bestMatch(rule.when, question, today: date)
            guard match != .none, rule.uncertainOnly != true || match == .conditional else { continue }
            gaps.append(FoundGap(id: rule.id, behaviour: rule.behaviour?.rawValue, conditional: match == .conditional,
                                 source: rule.source))
        }
        // Every kind of matter without any formal route is a gap, even where no rule explains it.
        for kind in BehaviourKind.allCases where question.behaviours.contains(kind) {
            let hasFormal = routes.contains { $0.formal && $0.serves.contains(kind.rawValue) }
            let explained = gaps.contains { $0.behaviour == kind.rawValue }
            if !hasFormal && !explained {
                gaps.append(FoundGap(id: genericGapID, behaviour: kind.rawValue, conditional: false,
                                     source: "003a §2.3"))
            }
        }
        return RouteAnswer(ruleSetVersion: rules.version, routes: routes, gaps: gaps)
    }

    enum Match: Int, Comparable {
        case none = 0, conditional = 1, certain = 2
        static func < (a: Match, b: Match) -> Bool { a.rawValue < b.rawValue }
    }

    static func bestMatch(_ conditions: [RouteCondition], _ q: RouteQuestion, today: LocalDate) -> Match {
        conditions.map { match($0, q, today: today) }.max() ?? .none
    }

    static func match(_ c: RouteCondition, _ q: RouteQuestion, today: LocalDate) -> Match {
        if let groups = c.reporter, !groups.contains(q.reporter) { return .none }
        if let groups = c.accused, !groups.contains(q.accused) { return .none }
        if let kinds = c.behaviours, q.behaviours.isDisjoint(with: kinds) { return .none }
        if let from = c.conductFrom, let when = q.occurredOn, when < from { return .none }
        if let before = c.conductBefore {
            guard let when = q.occurredOn, when < before else { return .none }
        }
        if let years = c.conductOlderThanYears {
            guard let when = q.occurredOn, when.adding(years: years) < today else { return .none }
        }
        if let wanted = c.accusedIsOwnManager, wanted != (q.accusedIsOwnManager ?? false) { return .none }
        var result = Match.certain
        for (wanted, actual) in [(c.reporterCovered, q.reporterCovered), (c.accusedCovered, q.accusedCovered)] {
            guard let wanted else { continue }
            switch actual {
            case .unknown: result = .conditional
            case .yes where !wanted, .no where wanted: return .none
            default: break
            }
        }
        return result
    }

    static func fits(_ rule: RouteRule, _ wish: Wish) -> Bool {
        switch wish {
        case .talk: return rule.abilities.listen
        case .advice: return rule.abilities.advise
        case .stopInformally: return rule.abilities.mediate
        case .formalComplaint: return rule.formal
        case .investigation: return rule.abilities.investigate
        case .undecided: return true
        }
    }

    public static func holders(_ spec: HolderSpec?, in org: Organisation, on date: LocalDate) -> [RouteHolder] {
        guard let spec else { return [] }
        return spec.roles.flatMap { role in
            org.holders(of: role, on: date)
                .filter { spec.affiliations?.contains($0.assignment.affiliation) ?? true }
                .map { holder in
                    RouteHolder(personID: holder.person.id, name: holder.person.name, role: role.rawValue,
                                affiliation: holder.assignment.affiliation.rawValue,
                                fractie: holder.assignment.fractie.flatMap { org.fractie(id: $0, on: date)?.name },
                                otherRoles: org.roles(of: holder.person.id, on: date).map(\.role.rawValue)
                                    .filter { $0 != role.rawValue },
                                contact: holder.person.contact.flatMap { $0.isEmpty ? nil : $0 })
                }
        }
    }
}

public struct RouteAnswer: Hashable, Sendable {
    public let ruleSetVersion: String
    public let routes: [FoundRoute]
    public let gaps: [FoundGap]

    public func route(_ id: String) -> FoundRoute? { routes.first { $0.id == id } }
    public var routeIDs: [String] { routes.map(\.id) }
    public var gapIDs: [String] { gaps.map(\.id) }
}

public struct FoundRoute: Hashable, Sendable {
    public let id: String
    public let formal: Bool
    public let abilities: RouteAbilities
    /// The chosen kinds of matter this route deals with.
    public let serves: [String]
    /// Open only if a fact the person did not know holds (whether a fractie adopted the regulation),
    /// or on a condition named in `reasons`.
    public let conditional: Bool
    /// The caveats that apply (`route.reason.<id>`): a contested reading, a term that may have passed.
    public let reasons: [String]
    public let matchesWish: Bool
    public let holders: [RouteHolder]
    public let source: String
    public let intakeRecipient: String?
    let order: Int

    public init(id: String, formal: Bool, abilities: RouteAbilities, serves: [String], conditional: Bool, reasons: [String] = [],
                matchesWish: Bool, holders: [RouteHolder], source: String, intakeRecipient: String? = nil, order: Int = 0) {
        self.reasons = reasons
        self.id = id
        self.formal = formal
        self.abilities = abilities
        self.serves = serves
        self.conditional = conditional
        self.matchesWish = matchesWish
        self.holders = holders
        self.source = source
        self.intakeRecipient = intakeRecipient
        self.order = order
    }
}

public struct RouteHolder: Hashable, Sendable, Codable {
    /// The person in the organisation model (a form can start with this advisor chosen).
    public let personID: String
    public let name: String
    public let role: String
    public let affiliation: String
    public let fractie: String?
    public let otherRoles: [String]
    /// How to reach them, from the organisation model (issue 15).
    public let contact: ContactDetails?
}

public struct FoundGap: Hashable, Sendable {
    public let id: String
    public let behaviour: String?
    public let conditional: Bool
    public let source: String
}
