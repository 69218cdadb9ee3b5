/// The groups the route finder asks about (for the reporter and for the accused).
public enum RouteGroup: String, Codable, CaseIterable, Sendable {
    case civilServant = "ambtenaar"
    case partyGroupStaff = "fractiemedewerker"
    case memberOfParliament = "kamerlid"
    case formerStaff = "oud-medewerker"
    case external = "extern"

    /// Whether the Klachtenregeling can apply to someone of this group at all, and whether that
    /// depends on a fractie's adoption. Former staff are covered ("een ieder die werkzaam is of is
    /// geweest", 000a §3.4, L252) unless they worked for a fractie that did not adopt it.
    var adoptionMatters: Bool { self == .partyGroupStaff || self == .formerStaff }
}

/// What kind of matter it is. One case may be several at once (003a §1.2: intimidation after raising
/// misuse of public money is both unwanted behaviour and integrity).
public enum BehaviourKind: String, Codable, CaseIterable, Sendable {
    /// Ongewenste omgangsvormen: bullying, harassment, intimidation, discrimination, aggression.
    case unwantedBehaviour = "ongewenst"
    /// An integrity matter: conflicts of interest, gifts, misuse of resources, breaking rules.
    case integrity = "integriteit"
    /// Suspected wrongdoing (misstand) with a public interest, in the sense of the Wbk.
    case wrongdoing = "misstand"
    /// Something that may be a criminal offence.
    case criminal = "strafbaar"
}

/// What the person would like to happen.
public enum Wish: String, Codable, CaseIterable, Sendable {
    case talk = "praten"
    case advice = "advies"
    case stopInformally = "informeel"
    case formalComplaint = "klacht"
    case investigation = "onderzoek"
    case undecided = "weet-niet"
}

/// Yes, no, or not known (a fractiemedewerker may not know whether their fractie adopted the
/// Klachtenregeling: 003a §2.2 L1269-1271).
public enum Adoption: String, Codable, Sendable {
    case yes, no, unknown
}

/// The facts the route finder works on.
public struct RouteQuestion: Hashable, Sendable {
    public var reporter: RouteGroup
    public var reporterAdopted: Adoption
    public var accused: RouteGroup
    public var accusedAdopted: Adoption
    public var behaviours: Set<BehaviourKind>
    public var wish: Wish
    /// When it happened, if the person says; some bodies only take conduct after a date.
    public var occurredOn: LocalDate?
    /// Whether the one it is about is the reporter's own manager (nil: not said). Then the manager is
    /// no route, and the manager's manager or HR is (issue 15).
    public var accusedIsOwnManager: Bool?

    public init(reporter: RouteGroup, reporterAdopted: Adoption = .unknown, accused: RouteGroup,
                accusedAdopted: Adoption = .unknown, behaviours: Set<BehaviourKind>, wish: Wish = .undecided,
                occurredOn: LocalDate? = nil, accusedIsOwnManager: Bool? = nil) {
        self.accusedIsOwnManager = accusedIsOwnManager
        self.reporter = reporter
        self.reporterAdopted = reporterAdopted
        self.accused = accused
        self.accusedAdopted = accusedAdopted
        self.behaviours = behaviours
        self.wish = wish
        self.occurredOn = occurredOn
    }

    /// Whether the reporter falls under the Klachtenregeling: yes, no or unknown.
    public var reporterCovered: Adoption { Self.coverage(reporter, reporterAdopted) }
    public var accusedCovered: Adoption { Self.coverage(accused, accusedAdopted) }

    static func coverage(_ group: RouteGroup, _ adopted: Adoption) -> Adoption {
        switch group {
        case .civilServant: return .yes
        case .partyGroupStaff: return adopted
        // Former civil servants are covered; former fractie staff only if their fractie adopted it.
        case .formerStaff: return adopted == .no ? .no : .yes
        case .memberOfParliament, .external: return .no
        }
    }
}

/// Input the route finder cannot work with. The message key says why; `validValues` lists what
/// would have been accepted.
public struct RouteQuestionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var key: String
    public var field: String
    public var value: String
    public var validValues: [String]

    public init(key: String, field: String, value: String, validValues: [String]) {
        self.key = key
        self.field = field
        self.value = value
        self.validValues = validValues
    }

    public var description: String {
        "\(field): '\(value)' (\(key)); valid: \(validValues.joined(separator: ", "))"
    }
}

extension RouteQuestion {
    /// Builds a question from text parameters (API, CLI, web form), checking every one. Adoption may
    /// only be given for groups where it matters: an MP has no employer, so "adopted" means nothing.
    public static func parse(reporter: String?, accused: String?, behaviours: [String], wish: String?,
                             reporterAdopted: String?, accusedAdopted: String?,
                             occurredOn: String? = nil, accusedIsOwnManager: String? = nil) throws(RouteQuestionError) -> RouteQuestion {
        let groups = RouteGroup.allCases.map(\.rawValue)
        guard let reporterText = reporter, !reporterText.isEmpty else {
            throw RouteQuestionError(key: "routes.error.missing", field: "reporter", value: "", validValues: groups)
        }
        guard let reporterGroup = RouteGroup(rawValue: reporterText) else {
            throw RouteQuestionError(key: "routes.error.unknownValue", field: "reporter", value: reporterText, validValues: groups)
        }
        guard let accusedText = accused, !accusedText.isEmpty else {
            throw RouteQuestionError(key: "routes.error.missing", field: "accused", value: "", validValues: groups)
        }
        guard let accusedGroup = RouteGroup(rawValue: accusedText) else {
            throw RouteQuestionError(key: "routes.error.unknownValue", field: "accused", value: accusedText, validValues: groups)
        }
        let kinds = BehaviourKind.allCases.map(\.rawValue)
        let parts = behaviours.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        guard !parts.isEmpty else {
            throw RouteQuestionError(key: "routes.error.missing", field: "behaviour", value: "", validValues: kinds)
        }
        var set: Set<BehaviourKind> = []
        for part in parts {
            guard let kind = BehaviourKind(rawValue: part) else {
                throw RouteQuestionError(key: "routes.error.unknownValue", field: "behaviour", value: part, validValues: kinds)
            }
            set.insert(kind)
        }
        var chosenWish = Wish.undecided
        if let wish, !wish.isEmpty {
            guard let parsed = Wish(rawValue: wish) else {
                throw RouteQuestionError(key: "routes.error.unknownValue", field: "wish", value: wish,
                                         validValues: Wish.allCases.map(\.rawValue))
            }
            chosenWish = parsed
        }
        func adoption(_ text: String?, field: String, group: RouteGroup) throws(RouteQuestionError) -> Adoption {
            guard let text, !text.isEmpty else { return .unknown }
            guard let value = Adoption(rawValue: text), value != .unknown else {
                throw RouteQuestionError(key: "routes.error.unknownValue", field: field, value: text, validValues: ["yes", "no"])
            }
            guard group.adoptionMatters else {
                throw RouteQuestionError(key: group == .memberOfParliament ? "routes.error.adoptionForMP" : "routes.error.adoptionNotApplicable",
                                         field: field, value: text, validValues: [RouteGroup.partyGroupStaff.rawValue, RouteGroup.formerStaff.rawValue])
            }
            return value
        }
        var date: LocalDate?
        if let occurredOn, !occurredOn.isEmpty {
            guard let parsed = LocalDate(iso: occurredOn) else {
                throw RouteQuestionError(key: "routes.error.badDate", field: "date", value: occurredOn, validValues: ["YYYY-MM-DD"])
            }
            date = parsed
        }
        var ownManager: Bool?
        switch accusedIsOwnManager ?? "" {
        case "": ownManager = nil
        case "yes": ownManager = true
        case "no": ownManager = false
        case let other:
            throw RouteQuestionError(key: "routes.error.unknownValue", field: "accused-manager", value: other, validValues: ["yes", "no"])
        }
        return RouteQuestion(reporter: reporterGroup,
                             reporterAdopted: try adoption(reporterAdopted, field: "reporter-adopted", group: reporterGroup),
                             accused: accusedGroup,
                             accusedAdopted: try adoption(accusedAdopted, field: "accused-adopted", group: accusedGroup),
                             behaviours: set, wish: chosenWish, occurredOn: date, accusedIsOwnManager: ownManager)
    }
}
