import FluentKit
import Foundation

/// An employee's request to extend a business trip for private purposes, and the manager's written
/// answer (issue 14; woo-besluit §7). Where to, what for and a partner's reason are sealed
/// (`KeySealPurpose.declaration`), as is the answer's reason (`.declarationDecision`).
package final class TripExtensionRecord: Model, @unchecked Sendable {
    package static let schema = "trip_extensions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "declarant_id") package var declarantID: String
    @Field(key: "manager_id") package var managerID: String
    /// The day of departure, ISO.
    @Field(key: "departure") package var departure: String
    @Field(key: "position") package var position: String
    @Field(key: "hours") package var hours: Int
    @Field(key: "with_partner") package var withPartner: Bool
    @Field(key: "request_sealed") package var requestSealed: String
    /// "open" until answered, then "besloten" (set once, atomically).
    @Field(key: "state") package var state: String
    @OptionalField(key: "approved") package var approved: Bool?
    @OptionalField(key: "decision_sealed") package var decisionSealed: String?
    @OptionalField(key: "decided_by") package var decidedBy: String?
    /// The moment of the written answer; an approval is never after the day of departure.
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}
