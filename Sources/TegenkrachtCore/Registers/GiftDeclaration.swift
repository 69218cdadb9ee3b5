import Foundation

/// A gift, service, discount or invitation declared by an employee to their manager (issue 14;
/// woo-besluit §4.1 L1167-1232; spec 002 ).
public struct GiftDeclaration: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case gift = "geschenk", service = "dienst", discount = "korting", invitation = "uitnodiging"
    }

    /// Declared before or after it was received ("voor- of achteraf", R-013).
    public enum Timing: String, Codable, CaseIterable, Sendable {
        case before = "vooraf", after = "achteraf"
    }

    public var kind: Kind
    public var giver: String
    public var occasion: String
    /// The estimated value in euro cents.
    public var valueCents: Int
    /// The day it was (or will be) received or takes place.
    public var date: LocalDate
    public var timing: Timing
    /// Sent to the home address: not allowed.
    public var atHomeAddress: Bool
    /// From a foreign relation where custom requires acceptance.
    public var foreignRelation: Bool

    public init(kind: Kind, giver: String, occasion: String, valueCents: Int, date: LocalDate, timing: Timing,
                atHomeAddress: Bool = false, foreignRelation: Bool = false) {
        self.kind = kind
        self.giver = giver
        self.occasion = occasion
        self.valueCents = valueCents
        self.date = date
        self.timing = timing
        self.atHomeAddress = atHomeAddress
        self.foreignRelation = foreignRelation
    }

    /// What is wrong with the declaration as typed: each a localisation key, nothing stored until none.
    public func problems(today: LocalDate) -> [String] {
        var found: [String] = []
        if giver.trimmingCharacters(in: .whitespaces).isEmpty { found.append("register.error.giver") }
        if valueCents < 0 { found.append("register.error.negativeValue") }
        // Declared afterwards: it has happened, so it cannot be in the future.
        if timing == .after && date > today { found.append("register.error.futureDate") }
        return found
    }

    /// What the manager must weigh, from the rules in force on the day of the gift.
    public func flags(under rules: IntegrityRules) -> [Flag] {
        var flags: [Flag] = []
        let over = valueCents > rules.giftThresholdCents  // strictly more than
        if over {
            flags.append(foreignRelation && rules.foreignRelationsException ? .organisationProperty : .overThreshold)
        }
        if atHomeAddress { flags.append(.homeAddress) }
        if kind == .invitation && timing == .after { flags.append(.invitationNotDiscussedBeforehand) }
        return flags
    }

    public enum Flag: String, Codable, Hashable, Sendable {
        /// More than the threshold: in principle not accepted; keeping it needs a reason.
        case overThreshold = "boven-grens"
        /// Over the threshold from a foreign relation: accepted as the organisation's, fate decided with the manager.
        case organisationProperty = "eigendom-organisatie"
        /// Received at home: not allowed.
        case homeAddress = "huisadres"
        /// Invitations are discussed beforehand.
        case invitationNotDiscussedBeforehand = "uitnodiging-achteraf"
    }
}

/// The manager's decision on a declaration: keep, return or decline, or surrender it.
public struct GiftDecision: Codable, Hashable, Sendable {
    public enum Outcome: String, Codable, CaseIterable, Sendable {
        case keep = "houden", returnOrDecline = "terugsturen-of-weigeren", surrender = "afstaan"
    }

    /// How a surrendered gift is handed over (R-018: "verloting, verdeling, tentoonstelling, bestemming
    /// voor algemeen gebruik of voor een goed doel", and "vernietiging").
    public enum Surrender: String, Codable, CaseIterable, Sendable {
        case raffle = "verloting", sharing = "verdeling", display = "tentoonstelling", generalUse = "algemeen-gebruik"
        case charity = "goed-doel", destruction = "vernietiging"
    }

    public var outcome: Outcome
    public var surrender: Surrender?
    public var reason: String
    public var conditions: String

    public init(outcome: Outcome, surrender: Surrender? = nil, reason: String, conditions: String = "") {
        self.outcome = outcome
        self.surrender = surrender
        self.reason = reason
        self.conditions = conditions
    }

    /// A decision is refused when it leaves out what the rules ask for. Every decision gives its reason
    /// (the declarant reads it; over the threshold, keeping is the exception that must be explained).
    public func problems(for declaration: GiftDeclaration, under rules: IntegrityRules) -> [String] {
        var found: [String] = []
        let reason = self.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { found.append("register.error.reasonNeeded") }
        if outcome == .surrender && surrender == nil { found.append("register.error.surrenderHow") }
        if outcome != .surrender && surrender != nil { found.append("register.error.surrenderOnly") }
        // Received at home is not allowed: such a gift is not kept.
        if outcome == .keep && declaration.flags(under: rules).contains(.homeAddress) { found.append("register.error.keepFromHome") }
        return found
    }
}
