import FluentKit
import Foundation

/// "This provider's subject is this staff account" (issue 17). One link per account and per subject.
package final class StaffSSOLink: Model, @unchecked Sendable {
    package static let schema = "staff_sso_links"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: StaffUser
    @Field(key: "issuer") package var issuer: String
    @Field(key: "subject") package var subject: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package init(userID: UUID, issuer: String, subject: String, now: Date) {
        self.$user.id = userID
        self.issuer = issuer
        self.subject = subject
        self.createdAt = now
    }
}

/// A login sent to the provider and not yet back. The state is stored as a hash (the browser holds
/// it); nonce and verifier are only worth something together with the provider's one-time code.
package final class SingleSignOnAttempt: Model, @unchecked Sendable {
    package static let schema = "sso_attempts"

    @ID(key: .id) package var id: UUID?
    @Field(key: "state_hash") package var stateHash: String
    @Field(key: "nonce") package var nonce: String
    @Field(key: "code_verifier") package var codeVerifier: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "used_at") package var usedAt: Date?

    package init() {}
}
