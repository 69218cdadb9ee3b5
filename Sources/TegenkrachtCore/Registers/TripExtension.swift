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
        if let partnerReason, partnerReason.trimmingCharacters(in: .whitespaces).isEmpty { found.append("register.error.partnerReason") }
        return found
    }

    /// The traveller may leave on the extended trip only with the approval in hand, before departure.
    public func mayDepart(on day: LocalDate) -> Bool {
        guard let approvedOn else { return false }
        return approvedOn <= departure && day >= approvedOn
    }
}
