import Fluent
import Foundation

/// A follow-up of an action, written in the action's own transaction and delivered afterwards, at
/// least once, by `Outbox` (issue 12). It names what to do and to which record; it never holds
/// report text, names or other personal data.
final class OutboxRecord: Model, @unchecked Sendable {
    static let schema = "outbox"

    @ID(key: .id) var id: UUID?
    /// A `FollowUp.Kind`.
    @Field(key: "kind") var kind: String
    /// The record the follow-up is about (a case id).
    @Field(key: "subject") var subject: String
    @Field(key: "created_at") var createdAt: Date
    /// Not before this moment (the backoff after a failure).
    @Field(key: "available_at") var availableAt: Date
    @Field(key: "attempts") var attempts: Int
    /// The type of the last error (never its message, which could quote data).
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    /// A delivery in progress: who claimed it, until when (a crashed deliverer's claim runs out).
    @OptionalField(key: "claim_token") var claimToken: String?
    @OptionalField(key: "claimed_until") var claimedUntil: Date?

    init() {}
}
