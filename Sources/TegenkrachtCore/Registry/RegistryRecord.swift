/// One registered signal, melding, complaint, referral or investigation, with the same fields whatever
/// the channel (issue 7; 003a §3 step 9, §2.3 items 12-14). Nothing in it names the reporter or tells
/// what happened: the accused appear only as keyed blind indexes (`SubjectIdentifier`), in a separate
/// table the pattern check uses.
public struct RegistryRecord: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case signal = "signaal"
        case report = "melding"
        case witnessReport = "getuigenmelding"
        case complaint = "klacht"
        case referral = "doorverwijzing"
        case investigation = "onderzoek"
    }

    /// Who received it: the type of recipient (channel).
    public enum Channel: String, Codable, CaseIterable, Sendable {
        case confidentialAdvisorInternal = "vertrouwenspersoon-intern"
        case confidentialAdvisorExternal = "vertrouwenspersoon-extern"
        case integrityAdvisor = "vertrouwenspersoon-integriteit"
        case centralRoute = "centraal-meldpunt"
        case complaintsCommittee = "klachtencommissie"
        case integrityBoard = "college-onderzoek-integriteit"
        case lineManager = "leidinggevende"
        case humanResources = "hr"
        case fractieBoard = "fractiebestuur"
        case griffier = "griffier"
        case other = "anders"

        /// Recipients who register a signal afterwards (the line): not a reporting channel with its
        /// own acknowledgement and feedback clocks.
        public static let line: [Channel] = [.lineManager, .humanResources, .fractieBoard, .griffier, .other]

        public var isLine: Bool { Self.line.contains(self) }
    }

    public var kind: Kind
    public var channel: Channel
    public var reporterGroup: String?
    public var accusedGroup: String?
    public var behaviourItems: [String]
    /// The accused is a manager, an MP or a member of the Presidium.
    public var powerGap: Bool
    public var received: LocalDate
    /// The furthest ladder stage reached (a `CaseStage` raw value).
    public var stage: String
    public var outcome: String?
    public var reporterOutcome: String?
    public var accusedOutcome: String?
    public var acknowledged: LocalDate?
    public var feedbackGiven: LocalDate?
    public var closed: LocalDate?
    public var aftercareGiven: Bool
    /// "Has the behaviour stopped?" at the last aftercare answer.
    public var behaviourStopped: Bool?
    /// The reporter's satisfaction, 1-10, if asked.
    public var satisfaction: Int?
    /// The main type of behaviour in a report's own typology (the College's Table 1).
    public var category: String?
    /// How it was handled, for the report that counts it (the College's Table 2: a refusal code or
    /// an investigation's state).
    public var handling: String?

    public init(kind: Kind, channel: Channel, reporterGroup: String? = nil, accusedGroup: String? = nil,
                behaviourItems: [String] = [], powerGap: Bool = false, received: LocalDate, stage: String = "luisteren-en-advies",
                outcome: String? = nil, reporterOutcome: String? = nil, accusedOutcome: String? = nil,
                acknowledged: LocalDate? = nil, feedbackGiven: LocalDate? = nil, closed: LocalDate? = nil,
                aftercareGiven: Bool = false, behaviourStopped: Bool? = nil, satisfaction: Int? = nil,
                category: String? = nil, handling: String? = nil) {
        self.kind = kind
        self.channel = channel
        self.reporterGroup = reporterGroup
        self.accusedGroup = accusedGroup
        self.behaviourItems = behaviourItems
        self.powerGap = powerGap
        self.received = received
        self.stage = stage
        self.outcome = outcome
        self.reporterOutcome = reporterOutcome
        self.accusedOutcome = accusedOutcome
        self.acknowledged = acknowledged
        self.feedbackGiven = feedbackGiven
        self.closed = closed
        self.aftercareGiven = aftercareGiven
        self.behaviourStopped = behaviourStopped
        self.satisfaction = satisfaction
        self.category = category
        self.handling = handling
    }
}

/// What a signal is about, as the normalised identifier that goes into the keyed blind index: an
/// organisation person id where the person is known, otherwise every name variant; and the unit or
/// fractie. Never stored as such: only HMAC(key, identifier) is (issue 7: an unkeyed hash of a name
/// in a population this small can be guessed).
public enum SubjectIdentifier: Hashable, Sendable {
    case person(String)
    case name(String)
    case unit(String)
    case fractie(String)

    public var normalised: String {
        switch self {
        case .person(let id): return "persoon:\(id)"
        case .name(let variant): return "naam:\(variant)"
        case .unit(let id): return "eenheid:\(id)"
        case .fractie(let id): return "fractie:\(id)"
        }
    }

    /// Person subjects count towards an alert about a person; unit and fractie subjects towards one
    /// about a unit.
    public var isPerson: Bool {
        switch self {
        case .person, .name: return true
        case .unit, .fractie: return false
        }
    }

    /// The identifiers of someone named in a signal: the person id when the organisation knows them
    /// (so that spelling does not matter), and the name's variants too, so that a later signal that
    /// only gives a name still meets it.
    public static func forAccused(personID: String?, name: String, unit: String?, fractie: String?) -> [SubjectIdentifier] {
        var result: [SubjectIdentifier] = []
        if let personID { result.append(.person(personID)) }
        result += NameNormalizer.variants(name).map { .name($0) }
        if let unit { result.append(.unit(unit)) }
        if let fractie { result.append(.fractie(fractie)) }
        return result
    }
}
