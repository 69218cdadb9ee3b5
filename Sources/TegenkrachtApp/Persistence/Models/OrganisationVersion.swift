import Fluent
import Foundation

/// One stored version of the organisation document. Versions are never changed or deleted: a change
/// is a new version, so what applied on any past date can always be shown.
final class OrganisationVersion: Model, @unchecked Sendable {
    static let schema = "organisation_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int
    /// YYYY-MM-DD, as text: sorts correctly and means the same on both databases.
    @Field(key: "valid_from") var validFrom: String
    @Field(key: "document") var document: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @OptionalField(key: "note") var note: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(number: Int, validFrom: String, document: String, createdBy: UUID?, note: String?) {
        self.number = number
        self.validFrom = validFrom
        self.document = document
        self.createdBy = createdBy
        self.note = note
    }
}
