import Foundation

/// An employee's side activity (nevenwerkzaamheid) put to their line manager beforehand, with the
/// code's nine assessment questions (Gedragscode Integriteit §4.5, woo-besluit L1321-1373; spec 002
/// T-06, T-07). Paid or unpaid, whatever its size.
public struct SideActivityDeclaration: Codable, Sendable, Equatable {
    /// The nine questions of the checklist (L1345-1357, R-063), in the code's order. A "yes" is not a
    /// refusal: it is what the manager and the employee discuss.
    public enum Question: String, Codable, Sendable, CaseIterable {
        case sameField = "zelfde-vakgebied"
        case sameNetwork = "zelfde-netwerk"
        case obtainedThroughJob = "via-functie"
        case usesJobKnowledge = "kennis-uit-functie"
        case considerableTimeOrIncome = "omvang-tijd-inkomen"
        case reputation = "reputatie"
        case publicPerception = "beeldvorming"
        case burden = "belasting"
        case workingHoursAct = "arbeidstijdenwet"
    }

    /// What the activity is and for whom.
    public var activity: String
    public var organisation: String
    public var paid: Bool
    /// Hours a month, as the employee estimates them (the checklist's "size in time").
    public var hoursPerMonth: Int
    /// The day it starts (or started: an activity already under way is declared too).
    public var startDate: LocalDate
    /// The questions answered "yes".
    public var yes: Set<Question>
    /// Membership of the Eerste or Tweede Kamer or the European Parliament: incompatible by law
    /// (Wet incompatibiliteiten Staten-Generaal en Europees Parlement; L1373, R-067).
    public var parliamentaryMembership: Bool
    public var explanation: String

    public init(activity: String, organisation: String, paid: Bool, hoursPerMonth: Int, startDate: LocalDate,
                yes: Set<Question> = [], parliamentaryMembership: Bool = false, explanation: String = "") {
        self.activity = activity
        self.organisation = organisation
        self.paid = paid
        self.hoursPerMonth = hoursPerMonth
        self.startDate = startDate
        self.yes = yes
        self.parliamentaryMembership = parliamentaryMembership
        self.explanation = explanation
    }

    /// Localisation keys of what is wrong; empty when it can be declared.
    public func problems() -> [String] {
        var found: [String] = []
        if activity.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found.append("register.error.activityMissing") }
        // A month has at most 744 hours; anything beyond is a typing error.
        if !(0...744).contains(hoursPerMonth) { found.append("register.error.hours") }
        return found
    }

    /// The law leaves no room: only "forbidden" can be decided.
    public var incompatibleByLaw: Bool { parliamentaryMembership }
}

/// The line manager's decision, beforehand: allowed, allowed on conditions, or forbidden. A
/// ban only when lighter measures cannot solve it, so a ban, like conditions, needs its
/// reason; an allowed activity gets a day to look at it again (R-065, T-07: "regelmatig", no
/// interval in the code, so the manager chooses it, within three years).
public struct SideActivityDecision: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case allowed = "toegestaan"
        case allowedWithConditions = "toegestaan-met-voorwaarden"
        case forbidden = "verboden"
    }

    public var outcome: Outcome
    public var reason: String
    public var conditions: String
    /// When to assess it again; none for a ban.
    public var reassessOn: LocalDate?

    public init(outcome: Outcome, reason: String, conditions: String = "", reassessOn: LocalDate? = nil) {
        self.outcome = outcome
        self.reason = reason
        self.conditions = conditions
        self.reassessOn = reassessOn
    }

    /// The longest time until the day to look again, when the rules do not say
    /// (`IntegrityRules.sideActivityReassessmentMaxYears`).
    public static let longestReassessmentInterval = 3

    public func problems(for declaration: SideActivityDeclaration, today: LocalDate,
                         longestInterval: Int = SideActivityDecision.longestReassessmentInterval) -> [String] {
        var found: [String] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found.append("register.error.reasonNeeded") }
        if declaration.incompatibleByLaw && outcome != .forbidden { found.append("register.error.incompatibleByLaw") }
        if outcome == .allowedWithConditions && conditions.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append("register.error.conditionsMissing")
        }
        switch (outcome, reassessOn) {
        case (.forbidden, _):
            break
        case (_, nil):
            found.append("register.error.reassessMissing")
        case (_, let day?):
            if day <= today || day > today.adding(years: longestInterval) {
                found.append("register.error.reassessRange")
            }
        }
        return found
    }
}
