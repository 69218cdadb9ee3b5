/// The escalation ladder of a case (issue 5; 003a §3-4): explicit stages, and the rules for moving
/// between them. Pure: the app stores the case and calls `transition`, which either returns the new
/// state or refuses with the reason.
public enum CaseStage: String, Codable, CaseIterable, Sendable {
    case listening = "luisteren-en-advies"
    case selfHelp = "zelf-oplossen"
    case informalIntervention = "informele-interventie"
    case formalComplaint = "formele-klacht"
    case factFinding = "feitenonderzoek"
    case measures = "maatregelen"
    case closed = "afgesloten"

    /// The order of the ladder, for "forward" and "backward".
    var rank: Int { CaseStage.allCases.firstIndex(of: self) ?? 0 }
}

/// What the reporter agreed to, recorded in the portal: which step, with whom, what may be shared.
public struct Consent: Hashable, Sendable, Codable {
    public var step: CaseStage
    public var withWhom: String
    public var information: String
    public var givenOn: LocalDate
    public var withdrawnOn: LocalDate?

    public init(step: CaseStage, withWhom: String, information: String, givenOn: LocalDate, withdrawnOn: LocalDate? = nil) {
        self.step = step
        self.withWhom = withWhom
        self.information = information
        self.givenOn = givenOn
        self.withdrawnOn = withdrawnOn
    }

    public var isActive: Bool { withdrawnOn == nil }
}

public enum CaseOutcome: String, Codable, CaseIterable, Sendable {
    case resolvedInformally = "informeel-opgelost"
    case upheld = "gegrond"
    case partlyUpheld = "deels-gegrond"
    case notUpheld = "ongegrond"
    case unfounded = "niet-onderbouwd"
    case withdrawn = "ingetrokken"
    case referred = "doorverwezen"
    case noAction = "geen-actie"

    /// Closures that end without anything being done about the behaviour: these need a reason and the
    /// second person's approval.
    public var isWithoutAction: Bool { self == .noAction || self == .unfounded || self == .notUpheld }
}

/// What happened to a person afterwards (recorded for reporter and accused separately).
public enum PersonOutcome: String, Codable, CaseIterable, Sendable {
    case stayed = "gebleven"
    case moved = "overgeplaatst"
    case left = "vertrokken"
    case sickLeave = "ziekteverzuim"
    case measureTaken = "maatregel"
    case noConsequence = "geen-gevolg"
}

/// The facts the ladder's rules look at.
public struct CaseFacts: Hashable, Sendable {
    /// Sexual harassment, threats, violence, stalking (typology items g, h, j, l) or a criminal matter.
    public var serious: Bool
    /// The accused is a manager, an MP or a member of the Presidium.
    public var powerGap: Bool

    public init(serious: Bool, powerGap: Bool) {
        self.serious = serious
        self.powerGap = powerGap
    }

    /// From the report's behaviour items and the accused's position.
    public static func from(behaviourItems: [String], criminal: Bool, accusedIsManager: Bool,
                            accusedGroup: RouteGroup?) -> CaseFacts {
        let serious = criminal || behaviourItems.contains { BehaviourItem.item(code: $0)?.serious == true }
        return CaseFacts(serious: serious, powerGap: accusedIsManager || accusedGroup == .memberOfParliament)
    }
}

/// A decision to hold a fact-finding inquiry (issue 5): who decided, on which criteria, which
/// independent investigator, with which mandate.
public struct FactFindingDecision: Hashable, Sendable, Codable {
    public var decidedBy: String
    public var criteria: String
    public var investigator: String
    public var mandate: String

    public init(decidedBy: String, criteria: String, investigator: String, mandate: String) {
        self.decidedBy = decidedBy
        self.criteria = criteria
        self.investigator = investigator
        self.mandate = mandate
    }

    var isComplete: Bool { [decidedBy, criteria, investigator, mandate].allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
}

/// One move on the ladder, as it is logged: who, when, why.
public struct CaseTransition: Hashable, Sendable, Codable {
    public let from: CaseStage
    public let to: CaseStage
    public let by: String
    public let on: LocalDate
    public let reason: String
}

/// A request to move the case.
public struct TransitionRequest: Sendable {
    public var to: CaseStage
    public var by: String
    public var on: LocalDate
    public var reason: String
    /// For serious cases or a power gap, why informal handling is still right.
    public var informalJustification: String?
    public var mediator: String?
    public var factFinding: FactFindingDecision?
    public var outcome: CaseOutcome?
    public var secondPersonApproval: String?
    public var reporterOutcome: PersonOutcome?
    public var accusedOutcome: PersonOutcome?
    /// Whether the accused has been informed and heard (rights of the accused, 000a art. 11 lid 3-4).
    public var accusedHeard: Bool

    public init(to: CaseStage, by: String, on: LocalDate, reason: String, informalJustification: String? = nil,
                mediator: String? = nil, factFinding: FactFindingDecision? = nil, outcome: CaseOutcome? = nil,
                secondPersonApproval: String? = nil, reporterOutcome: PersonOutcome? = nil, accusedOutcome: PersonOutcome? = nil,
                accusedHeard: Bool = false) {
        self.to = to
        self.by = by
        self.on = on
        self.reason = reason
        self.informalJustification = informalJustification
        self.mediator = mediator
        self.factFinding = factFinding
        self.outcome = outcome
        self.secondPersonApproval = secondPersonApproval
        self.reporterOutcome = reporterOutcome
        self.accusedOutcome = accusedOutcome
        self.accusedHeard = accusedHeard
    }
}

/// Why a transition is refused (each has a text `ladder.error.*`).
public enum LadderError: Error, Hashable, Sendable {
    case sameStage
    case reasonRequired
    case consentRequired(CaseStage)
    case justificationRequired
    case mediatorRequired
    case factFindingIncomplete
    case outcomeRequired
    case secondApprovalRequired
    case secondApproverIsLead
    case reasonNotAcceptable
    case personOutcomesRequired
    case closedCase
    case notClosed
    /// Measures, or a complaint found (partly) upheld, while the accused has not been informed and heard.
    case accusedNotHeard
}

/// A case's position on the ladder, with its history. Status-blind: nothing here depends on who the
/// reporter or the accused is, beyond the facts that call for more care (seriousness, power gap).
public struct CaseLadder: Hashable, Sendable {
    public private(set) var stage: CaseStage = .listening
    public private(set) var history: [CaseTransition] = []
    public private(set) var consents: [Consent] = []
    public private(set) var outcome: CaseOutcome?
    public private(set) var reporterOutcome: PersonOutcome?
    public private(set) var accusedOutcome: PersonOutcome?
    public private(set) var factFinding: FactFindingDecision?
    public let facts: CaseFacts
    public let lead: String
    public let second: String

    /// Words that are not a reason to close without action ("that's just how he is").
    static let unacceptableReasons = ["zo is hij nu eenmaal", "zo is zij nu eenmaal", "zo is hij", "zo is zij",
                                      "that's just how he is", "that's just how she is", "geen reden", "n.v.t."]

    public init(facts: CaseFacts, lead: String, second: String) {
        self.facts = facts
        self.lead = lead
        self.second = second
    }

    /// A ladder as it was stored: its stage, the consents in force and the closure's outcomes. The
    /// history is kept by the caller; only what the rules look at is restored.
    public init(facts: CaseFacts, lead: String, second: String, stage: CaseStage, consents: [Consent],
                outcome: CaseOutcome?, reporterOutcome: PersonOutcome?, accusedOutcome: PersonOutcome?) {
        self.init(facts: facts, lead: lead, second: second)
        self.stage = stage
        self.consents = consents
        self.outcome = outcome
        self.reporterOutcome = reporterOutcome
        self.accusedOutcome = accusedOutcome
    }

    public mutating func record(_ consent: Consent) {
        consents.append(consent)
    }

    public mutating func withdrawConsent(for step: CaseStage, on date: LocalDate) {
        for i in consents.indices where consents[i].step == step && consents[i].isActive {
            consents[i].withdrawnOn = date
        }
    }

    public func hasConsent(for step: CaseStage) -> Bool {
        consents.contains { $0.step == step && $0.isActive }
    }

    /// Whether informal handling needs a recorded justification first (triage).
    public var informalNeedsJustification: Bool { facts.serious || facts.powerGap }

    /// Closed while the reporter moved or left and nothing happened to the accused: to be looked at.
    public var responsibilityShifted: Bool {
        guard stage == .closed else { return false }
        return (reporterOutcome == .moved || reporterOutcome == .left) && (accusedOutcome == .noConsequence || accusedOutcome == .stayed)
    }

    public mutating func transition(_ request: TransitionRequest) throws(LadderError) {
        guard stage != .closed else { throw .closedCase }
        guard request.to != stage else { throw .sameStage }
        guard !request.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw .reasonRequired }
        switch request.to {
        case .listening:
            break
        case .selfHelp, .formalComplaint:
            // Beyond listening and advice, nothing happens without the reporter's consent.
            guard hasConsent(for: request.to) else { throw .consentRequired(request.to) }
        case .measures:
            guard hasConsent(for: .measures) else { throw .consentRequired(.measures) }
            // Nobody is sanctioned unheard.
            guard request.accusedHeard else { throw .accusedNotHeard }
        case .informalIntervention:
            guard hasConsent(for: .informalIntervention) else { throw .consentRequired(.informalIntervention) }
            if informalNeedsJustification {
                guard let justification = request.informalJustification,
                      !justification.trimmingCharacters(in: .whitespaces).isEmpty else { throw .justificationRequired }
            }
            guard let mediator = request.mediator, !mediator.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .mediatorRequired
            }
        case .factFinding:
            guard hasConsent(for: .factFinding) else { throw .consentRequired(.factFinding) }
            guard let decision = request.factFinding, decision.isComplete else { throw .factFindingIncomplete }
            factFinding = decision
        case .closed:
            guard let outcome = request.outcome else { throw .outcomeRequired }
            guard request.reporterOutcome != nil, request.accusedOutcome != nil else { throw .personOutcomesRequired }
            if outcome == .upheld || outcome == .partlyUpheld {
                guard request.accusedHeard else { throw .accusedNotHeard }
            }
            if outcome.isWithoutAction {
                let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                guard reason.count >= 15, !Self.unacceptableReasons.contains(where: { reason.hasPrefix($0) }) else {
                    throw .reasonNotAcceptable
                }
                guard let approval = request.secondPersonApproval else { throw .secondApprovalRequired }
                guard approval == second, approval != lead else { throw .secondApproverIsLead }
            }
            self.outcome = outcome
            reporterOutcome = request.reporterOutcome
            accusedOutcome = request.accusedOutcome
        }
        history.append(CaseTransition(from: stage, to: request.to, by: request.by, on: request.on, reason: request.reason))
        stage = request.to
    }

    /// An aftercare answer "no, it did not stop" reopens the case at listening.
    public mutating func reopen(by: String, on date: LocalDate, reason: String) throws(LadderError) {
        guard stage == .closed else { throw .notClosed }
        history.append(CaseTransition(from: .closed, to: .listening, by: by, on: date, reason: reason))
        stage = .listening
        outcome = nil
        reporterOutcome = nil
        accusedOutcome = nil
    }
}

/// Aftercare check-ins after closure (defaults 4 weeks and 3 months; configurable).
public struct AftercareSchedule: Hashable, Sendable, Codable {
    public var terms: [Term]

    public static let standard = AftercareSchedule(terms: [Term(weeks: 4), Term(months: 3)])

    public init(terms: [Term]) {
        self.terms = terms
    }

    public func checkIns(closedOn date: LocalDate) -> [LocalDate] {
        terms.map { $0.rawEnd(from: date) }
    }
}

/// Who may not handle a case: the accused, someone in the accused's fractie or unit, a named witness,
/// or anyone who declared a conflict.
public enum ConflictCheck {
    public struct Candidate: Hashable, Sendable {
        public let personID: String
        public let unit: String?
        public let fractie: String?

        public init(personID: String, unit: String? = nil, fractie: String? = nil) {
            self.personID = personID
            self.unit = unit
            self.fractie = fractie
        }
    }

    public enum Reason: String, Sendable {
        case isAccused = "beklaagde"
        case sameUnitOrFractie = "zelfde-eenheid-of-fractie"
        case isWitness = "getuige"
        case declaredConflict = "gemeld-belangenconflict"
    }

    public static func exclusion(of candidate: Candidate, accused: [Candidate], witnesses: Set<String>,
                                 declaredConflicts: Set<String>) -> Reason? {
        if accused.contains(where: { $0.personID == candidate.personID }) { return .isAccused }
        if accused.contains(where: { a in
            (a.unit != nil && a.unit == candidate.unit) || (a.fractie != nil && a.fractie == candidate.fractie)
        }) { return .sameUnitOrFractie }
        if witnesses.contains(candidate.personID) { return .isWitness }
        if declaredConflicts.contains(candidate.personID) { return .declaredConflict }
        return nil
    }
}
