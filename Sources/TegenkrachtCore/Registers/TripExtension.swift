import Foundation

/// Extending a business trip for private purposes (issue 14; woo-besluit §7 L1766-1840; spec 002
/// written approval before departure, at most 72 hours, at the start or the end (at the
/// start only where allowed); the traveller pays the extra costs.
public struct TripExtension: Codable, Hashable, Sendable {
    public enum Position: String, Codable, CaseIterable, Sendable {
        case start = "begin", end = "einde"
    }

    public var departure: LocalDate
    public var position: Position
    public var hours: Int
    /// The day the employer approved it in writing, if it has.
    public var approvedOn: LocalDate?
    /// A partner travels only for functional reasons, stated here.
    public var partnerReason: String?

    public init(departure: LocalDate, position: Position, hours: Int, approvedOn: LocalDate? = nil, partnerReason: String? = nil) {
        self.departure = departure
        self.position = position
        self.hours = hours
        self.approvedOn = approvedOn
        self.partnerReason = partnerReason
    }

    /// What makes the request impossible under the rules: each a localisation key.
    public func problems(under rules: IntegrityRules) -> [String] {
        var found: [String] = []
        if hours <= 0 { found.append("register.error.hoursNeeded") }
        if hours > rules.tripExtensionMaxHours { found.append("register.error.tooManyHours") }
        if position == .start && !rules.tripExtensionAtStartAllowed { found.append("register.error.notAtStart") }
        if let approvedOn, approvedOn > departure { found.append("register.error.approvedAfterDeparture") }
        if let partnerReason, partnerReason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found.append("register.error.partnerReason") }
        return found
    }

    /// The day the traveller actually leaves: for an extension at the start, as many days before the
    /// business departure as the hours cover (rounded up), or the approval could come after leaving.
    public var privateDeparture: LocalDate {
        position == .start ? departure.adding(days: -((max(hours, 0) + 23) / 24)) : departure
    }

    /// The traveller may leave on the extended trip only with the approval in hand, before departure.
    public func mayDepart(on day: LocalDate) -> Bool {
        guard let approvedOn else { return false }
        return approvedOn <= departure && day >= approvedOn
    }
}

/// An employee's request to extend a business trip (§7): the trip, where to and why, and the promise
/// to pay the extra costs. Asked before departure: the approval must be there before leaving.
public struct TripExtensionRequest: Codable, Sendable, Equatable {
    /// The business trip: where to and what for.
    public var destination: String
    public var trip: TripExtension
    /// "Extra costs are paid by the traveller" (§7): the request says so, or it is not made.
    public var paysExtraCosts: Bool

    public init(destination: String, trip: TripExtension, paysExtraCosts: Bool) {
        self.destination = destination
        self.trip = trip
        self.paysExtraCosts = paysExtraCosts
    }

    public func problems(under rules: IntegrityRules, today: LocalDate) -> [String] {
        var found: [String] = []
        if destination.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found.append("register.error.destination") }
        if trip.privateDeparture < today { found.append("register.error.departed") }
        found += trip.problems(under: rules)
        if !paysExtraCosts { found.append("register.error.extraCosts") }
        return found
    }
}

/// The manager's answer, in writing (this record is the written approval), on or before the day the
/// traveller leaves (`privateDeparture`). A refusal states its reason.
public struct TripExtensionDecision: Codable, Sendable, Equatable {
    public var approved: Bool
    public var reason: String

    public init(approved: Bool, reason: String) {
        self.approved = approved
        self.reason = reason
    }

    public func problems(for request: TripExtensionRequest, today: LocalDate) -> [String] {
        var found: [String] = []
        if !approved && reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found.append("register.error.reasonNeeded") }
        if approved && today > request.trip.privateDeparture { found.append("register.error.approvedAfterDeparture") }
        return found
    }
}
