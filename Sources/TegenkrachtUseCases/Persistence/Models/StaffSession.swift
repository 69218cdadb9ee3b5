import FluentKit
import Foundation

/// A staff login session, kept in the database so that it can be ended server-side. The cookie holds
/// a random token; only its SHA-256 hash is stored, so a copy of the database opens no session.
package final class StaffSession: Model, @unchecked Sendable {
    package static let schema = "staff_sessions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Parent(key: "user_id") package var user: StaffUser
    /// `password` after the first factor, `complete` after the second.
    @Field(key: "stage") package var stage: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "last_seen_at") package var lastSeenAt: Date
    @Field(key: "expires_at") package var expiresAt: Date
    /// Set when the session began at the organisation's identity provider (issue 17): logging out
    /// then also asks the provider to end its session.
    @OptionalField(key: "via_sso") package var viaSSO: Bool?

    package init() {}

    package init(tokenHash: String, userID: UUID, stage: SessionStage, now: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.stage = stage.rawValue
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
    }
}

package enum SessionStage: String, Sendable {
    case password
    case complete
}
