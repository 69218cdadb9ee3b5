import Fluent
import Foundation

/// One line of the append-only audit log. Each entry's hash covers the previous entry's hash, so a
/// changed or removed row breaks the chain (`tegenkracht audit verify`).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int
    @Field(key: "occurred_at") var occurredAt: Date
    /// The staff account id, or a fixed word for the system and the reporter; never a name.
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "subject") var subject: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(sequence: Int, occurredAt: Date, actor: String, action: String, subject: String,
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
