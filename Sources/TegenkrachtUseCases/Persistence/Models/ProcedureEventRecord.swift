import FluentKit
import Foundation

/// An event of a case's formal procedure (docs/procedures.md), with its date and, for extensions, the
/// reason given to the parties.
package final class ProcedureEventRecord: Model, @unchecked Sendable {
    package static let schema = "procedure_events"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    @Field(key: "procedure") package var procedure: String
    @Field(key: "version") package var version: String
    @Field(key: "event") package var event: String
    /// YYYY-MM-DD.
    @Field(key: "date") package var date: String
    @OptionalField(key: "reason_sealed") package var reasonSealed: Data?
    @Field(key: "recorded_by") package var recordedBy: String
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}
