import FluentKit
import Foundation

/// A one-time code to log in when the authenticator is lost. Only a salted hash is stored.
package final class RecoveryCode: Model, @unchecked Sendable {
    package static let schema = "staff_recovery_codes"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: StaffUser
    @Field(key: "code_hash") package var codeHash: String
    @OptionalField(key: "used_at") package var usedAt: Date?

    package init() {}

    package init(userID: UUID, codeHash: String) {
        self.$user.id = userID
        self.codeHash = codeHash
    }
}
