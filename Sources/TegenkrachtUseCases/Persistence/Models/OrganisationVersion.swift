import FluentKit
import Foundation

/// One stored version of the organisation document. Versions are never changed or deleted: a change
/// is a new version, so what applied on any past date can always be shown.
package final class OrganisationVersion: Model, @unchecked Sendable {
    package static let schema = "organisation_versions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: Int
    /// YYYY-MM-DD, as text: sorts correctly and means the same on both databases.
    @Field(key: "valid_from") package var validFrom: String
    @Field(key: "document") package var document: String
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @OptionalField(key: "note") package var note: String?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(number: Int, validFrom: String, document: String, createdBy: UUID?, note: String?) {
        self.number = number
        self.validFrom = validFrom
        self.document = document
        self.createdBy = createdBy
        self.note = note
    }
}
