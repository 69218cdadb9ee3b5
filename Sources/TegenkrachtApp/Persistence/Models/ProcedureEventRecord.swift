import Fluent
import Foundation

/// An event of a case's formal procedure (docs/procedures.md), with its date and, for extensions, the
/// reason given to the parties.
final class ProcedureEventRecord: Model, @unchecked Sendable {
    static let schema = "procedure_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: Report
    @Field(key: "procedure") var procedure: String
    @Field(key: "version") var version: String
    @Field(key: "event") var event: String
    /// YYYY-MM-DD.
    @Field(key: "date") var date: String
    @OptionalField(key: "reason_sealed") var reasonSealed: Data?
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}
