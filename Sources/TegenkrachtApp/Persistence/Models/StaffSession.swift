import Fluent
import Foundation

/// A staff login session, kept in the database so that it can be ended server-side. The cookie holds
/// a random token; only its SHA-256 hash is stored, so a copy of the database opens no session.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "staff_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: StaffUser
    /// `password` after the first factor, `complete` after the second.
    @Field(key: "stage") var stage: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(tokenHash: String, userID: UUID, stage: SessionStage, now: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.stage = stage.rawValue
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
    }
}

enum SessionStage: String, Sendable {
    case password
    case complete
}
