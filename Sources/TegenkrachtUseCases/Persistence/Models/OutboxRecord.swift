import FluentKit
import Foundation

/// A follow-up of an action, written in the action's own transaction and delivered afterwards, at
/// least once, by `Outbox` (issue 12). It names what to do and to which record; it never holds
/// report text, names or other personal data.
package final class OutboxRecord: Model, @unchecked Sendable {
    package static let schema = "outbox"

    @ID(key: .id) package var id: UUID?
    /// A `FollowUp.Kind`.
    @Field(key: "kind") package var kind: String
    /// The record the follow-up is about (a case id).
    @Field(key: "subject") package var subject: String
    @Field(key: "created_at") package var createdAt: Date
    /// Not before this moment (the backoff after a failure).
    @Field(key: "available_at") package var availableAt: Date
    @Field(key: "attempts") package var attempts: Int
    /// The type of the last error (never its message, which could quote data).
    @OptionalField(key: "last_error") package var lastError: String?
    @OptionalField(key: "delivered_at") package var deliveredAt: Date?
    /// A delivery in progress: who claimed it, until when (a crashed deliverer's claim runs out).
    @OptionalField(key: "claim_token") package var claimToken: String?
    @OptionalField(key: "claimed_until") package var claimedUntil: Date?

    package init() {}
}
