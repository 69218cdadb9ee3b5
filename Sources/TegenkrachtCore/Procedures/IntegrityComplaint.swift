/// A complaint about an MP to the College van onderzoek integriteit under the Gedragscode
/// (000c §2.1): admissibility with coded refusal reasons, an investigation in which the MP's refusal
/// to cooperate is recorded, findings per part, recommended sanctions, the Presidium's forwarding, the
/// plenary decision, appeal and follow-up.
public struct IntegrityComplaint: Hashable, Sendable {
    /// The reasons the College gives for not taking a complaint (Table 2 of its annual report, 000c §2.1
    /// step 3, L5697-5705).
    public enum RefusalReason: String, CaseIterable, Codable, Sendable {
        case formalRequirements = "voldoet-niet-aan-formele-vereisten"
        case manifestlyUnfounded = "kennelijk-ongegrond"
        case notAnMP = "betreft-niet-kamerlid"
        case possiblyCriminal = "betreft-mogelijk-strafbaar-feit"
        case orderOfDebate = "betreft-orde-van-vergadering"
        case beforeApril2021 = "betreft-gedraging-voor-1-april-2021"
        case politicalStatement = "betreft-politieke-uiting"
        case alreadyHandled = "reeds-ingediend-en-behandeld"
    }

    public enum Finding: String, Codable, Sendable {
        case founded = "gegrond"
        case unfounded = "ongegrond"
    }

    /// One allegation of the complaint, with its own finding.
    public struct Part: Hashable, Sendable {
        public let allegation: String
        public var finding: Finding?

        public init(allegation: String, finding: Finding? = nil) {
            self.allegation = allegation
            self.finding = finding
        }
    }

    public enum Compliance: String, Sendable {
        case pending, complied, notComplied = "niet-opgevolgd"
    }

    /// The College's start: conduct before it is not taken (L5634).
    public static let collegeStart = LocalDate(validated: 2021, month: 4, day: 1)

    public let reference: String
    public private(set) var events: [String: LocalDate] = [:]
    public var parts: [Part]
    public private(set) var refusal: RefusalReason?
    public private(set) var refusedToCooperate = false
    public private(set) var recommendedSanctions: [Sanction] = []
    public private(set) var adoptedSanctions: [Sanction] = []
    public private(set) var compliance: Compliance = .pending

    public init(reference: String, parts: [Part]) throws(IntegrityComplaintError) {
        guard Self.isValidReference(reference) else { throw .badReference(reference) }
        self.reference = reference
        self.parts = parts
    }

    /// "COI.<year>.<four digits>" (000c §2.2, L5079).
    public static func isValidReference(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "COI" && parts[1].count == 4 && parts[2].count == 4
            && parts[1].allSatisfy(\.isNumber) && parts[2].allSatisfy(\.isNumber)
    }

    /// The admissibility rules that follow from the facts; the College still judges the rest
    /// (manifestly unfounded, political statement) itself.
    public static func refusalReason(aboutMP: Bool, possiblyCriminal: Bool, inDebate: Bool,
                                     conductOn: LocalDate?) -> RefusalReason? {
        if !aboutMP { return .notAnMP }
        if possiblyCriminal { return .possiblyCriminal }
        if inDebate { return .orderOfDebate }
        if let conductOn, conductOn < collegeStart { return .beforeApril2021 }
        return nil
    }

    // MARK: The procedure

    public mutating func record(_ event: String, on date: LocalDate, procedure: ProcedureDefinition) throws(IntegrityComplaintError) {
        var next = events
        next[event] = date
        do {
            try DeadlineCalculator.validate(procedure, events: next)
        } catch .contradictory {
            // The procedure data says which events exclude each other (admissible and inadmissible).
            throw .contradictoryAdmissibility
        } catch {
            throw .procedure(error)
        }
        events = next
    }

    public mutating func refuse(_ reason: RefusalReason, on date: LocalDate, procedure: ProcedureDefinition) throws(IntegrityComplaintError) {
        try record("niet-ontvankelijk", on: date, procedure: procedure)
        refusal = reason
    }

    /// The MP did not answer the College's letters: a breach of art. 7(2) and 8(4), weighed as an
    /// aggravating circumstance (000c §5.3).
    public mutating func recordRefusalToCooperate() throws(IntegrityComplaintError) {
        guard events["ontvankelijk"] != nil else { throw .notInvestigating }
        refusedToCooperate = true
    }

    public mutating func find(_ finding: Finding, forPart index: Int) throws(IntegrityComplaintError) {
        guard events["ontvankelijk"] != nil else { throw .notInvestigating }
        guard parts.indices.contains(index) else { throw .noSuchPart(index) }
        parts[index].finding = finding
    }

    public var violationFound: Bool { parts.contains { $0.finding == .founded } }

    /// The report with its recommendations. Sanctions only when a violation was found, and only valid ones.
    public mutating func report(on date: LocalDate, recommending sanctions: [Sanction],
                                procedure: ProcedureDefinition) throws(IntegrityComplaintError) {
        guard parts.allSatisfy({ $0.finding != nil }) else { throw .partsWithoutFinding }
        if !sanctions.isEmpty && !violationFound { throw .sanctionWithoutViolation }
        for sanction in sanctions { try sanction.validate() }
        try record("rapportage", on: date, procedure: procedure)
        recommendedSanctions = sanctions
    }

    /// The plenary decides without deliberation on the recommendations (Regeling art. 13); the Presidium
    /// cannot change them (L5334).
    public mutating func plenaryDecision(on date: LocalDate, adopted: Bool, procedure: ProcedureDefinition) throws(IntegrityComplaintError) {
        guard events["doorgeleid"] != nil else { throw .notForwarded }
        try record("besluit-kamer", on: date, procedure: procedure)
        adoptedSanctions = adopted ? recommendedSanctions : []
    }

    public mutating func recordCompliance(_ value: Compliance) throws(IntegrityComplaintError) {
        guard !adoptedSanctions.isEmpty else { throw .noSanctionToComply }
        compliance = value
    }

    /// Days from filing to an event.
    public func daysFromFiling(to event: String) -> Int? {
        guard let filed = events["ingediend"], let date = events[event] else { return nil }
        return filed.days(until: date)
    }
}

/// The sanctions of the Regeling (art. 11): an instruction, a reprimand, a suspension of at most one
/// month that never takes away the right to vote.
public enum Sanction: Hashable, Sendable {
    case instruction(String)
    case reprimand
    case suspension(from: LocalDate, until: LocalDate, includesVoting: Bool)

    public var code: String {
        switch self {
        case .instruction: return "aanwijzing"
        case .reprimand: return "berisping"
        case .suspension: return "schorsing"
        }
    }

    public func validate() throws(IntegrityComplaintError) {
        guard case let .suspension(from, until, includesVoting) = self else { return }
        if includesVoting { throw .suspensionOfVoting }
        if until < from { throw .suspensionTooLong }
        // At most one month: the last day is at the latest one calendar month after the first, minus a day.
        if until > from.adding(months: 1).adding(days: -1) { throw .suspensionTooLong }
    }
}

public enum IntegrityComplaintError: Error, Hashable, Sendable {
    case badReference(String)
    case procedure(ProcedureInputError)
    case contradictoryAdmissibility
    case notInvestigating
    case noSuchPart(Int)
    case partsWithoutFinding
    case sanctionWithoutViolation
    case suspensionTooLong
    case suspensionOfVoting
    case notForwarded
    case noSanctionToComply
}
