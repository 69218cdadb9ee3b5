import FluentKit
import Foundation

/// One line of the append-only audit log. Each entry's hash covers the previous entry's hash, so a
/// changed or removed row breaks the chain (`tegenkracht audit verify`).
package final class AuditEntry: Model, @unchecked Sendable {
    package static let schema = "audit_entries"

    @ID(key: .id) package var id: UUID?
    @Field(key: "sequence") package var sequence: Int
    @Field(key: "occurred_at") package var occurredAt: Date
    /// The staff account id, or a fixed word for the system and the reporter; never a name.
    @Field(key: "actor") package var actor: String
    @Field(key: "action") package var action: String
    @Field(key: "subject") package var subject: String
    @Field(key: "previous_hash") package var previousHash: String
    @Field(key: "hash") package var hash: String

    package init() {}

    package init(sequence: Int, occurredAt: Date, actor: String, action: String, subject: String,
         previousHash: String, hash: String) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.subject = subject
        self.previousHash = previousHash
        self.hash = hash
    }
}
