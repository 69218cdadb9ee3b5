import Foundation

/// A financial interest declared by an official (Gedragscode Integriteit §4.4, woo-besluit
/// L1300-1317; spec 002, 000a §2.11 and I-13). Holders of a designated risk function
/// must declare the interests that can touch the service, a partner's included where they are
/// indirectly the official's own ("zijn dat niet indirect jouw belangen?", L357). Whether anyone else
/// must declare is the organisation's choice (`IntegrityRules.financialInterestDuty`).
public struct FinancialInterestDeclaration: Codable, Sendable, Equatable {
    /// The kinds the code names: ownership or co-ownership, a (silent) partnership, securities (L1302-1313).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case ownership = "eigendom"
        case coOwnership = "mede-eigendom"
        case partnership = "vennootschap"
        case securities = "effecten"
        case other = "anders"
    }

    /// Whose interest it is: the official's own, or their partner's.
    public enum Holder: String, Codable, Sendable, CaseIterable {
        case own = "eigen"
        case partner = "partner"
    }

    /// Signs that the interest may harm the service, and so may be forbidden: each "yes" flags
    /// the declaration for the manager's decision. A flag is not a ban: a ban only when proper
    /// functioning is no longer assured (L354, L357).
    public enum Sign: String, Codable, Sendable, CaseIterable {
        /// The official deals at work with this company, fund or its market.
        case touchesOwnWork = "raakt-eigen-werk"
        /// A supplier, contractor or subsidy receiver of the employer.
        case supplierOfEmployer = "leverancier-werkgever"
        /// Confidential or price-sensitive information about it reaches the official through the job (L355).
        case insiderInformation = "koersgevoelige-informatie"
    }

    public var kind: Kind
    public var holder: Holder
    /// In what: the company, fund or security.
    public var subject: String
    /// Since when the interest is held (or from when it will be).
    public var since: LocalDate
    public var signs: Set<Sign>
    /// How it relates to the job, in the official's words.
    public var explanation: String

    public init(kind: Kind, holder: Holder = .own, subject: String, since: LocalDate, signs: Set<Sign> = [], explanation: String = "") {
        self.kind = kind
        self.holder = holder
        self.subject = subject
        self.since = since
        self.signs = signs
        self.explanation = explanation
    }

    /// Localisation keys of what is wrong; empty when it can be declared.
    public func problems() -> [String] {
        subject.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? ["financialInterest.error.subjectMissing"] : []
    }

    /// Flagged as possibly forbidden, for the manager's decision (issue 14: "forbidden interests are flagged").
    public var flagged: Bool { !signs.isEmpty }
}

/// The manager's assessment, made with the official (R-052, 000a L828): allowed, allowed with measures
/// (selling, a blind trust, not dealing with the company: the official's functioning must stay
/// assured), or forbidden. Every outcome states its reason; measures need words.
public struct FinancialInterestDecision: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case allowed = "toegestaan"
        case allowedWithMeasures = "toegestaan-met-maatregelen"
        case forbidden = "verboden"
    }

    public var outcome: Outcome
    public var reason: String
    public var measures: String

    public init(outcome: Outcome, reason: String, measures: String = "") {
        self.outcome = outcome
        self.reason = reason
        self.measures = measures
    }

    public func problems() -> [String] {
        var found: [String] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found.append("register.error.reasonNeeded") }
        if outcome == .allowedWithMeasures && measures.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append("financialInterest.error.measuresMissing")
        }
        return found
    }
}

/// Who must declare financial interests: only holders of a designated risk function (the code and
/// basisnorm 7, L711, L1308, L1315), or every official (the integrity plan, L828). The sources differ
/// (000a I-13), so each organisation says which applies.
public enum FinancialInterestDuty: String, Codable, Sendable, CaseIterable {
    case riskFunctions = "risicofuncties"
    case allStaff = "alle-medewerkers"

    /// Whether this person must declare, given whether they hold a risk function.
    public func applies(holdsRiskFunction: Bool) -> Bool {
        self == .allStaff || holdsRiskFunction
    }
}
