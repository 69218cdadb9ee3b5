import FluentKit
import Foundation

/// One run of a periodic job for one time slot. The unique (job, slot) pair is the lease: of several
/// instances that try to claim the same slot, exactly one insert succeeds, on SQLite and PostgreSQL.
package final class JobRun: Model, @unchecked Sendable {
    package static let schema = "job_runs"

    @ID(key: .id) package var id: UUID?
    @Field(key: "job") package var job: String
    @Field(key: "slot") package var slot: String
    @Field(key: "instance") package var instance: String
    @Field(key: "started_at") package var startedAt: Date
    @OptionalField(key: "finished_at") package var finishedAt: Date?
    @OptionalField(key: "outcome") package var outcome: String?

    package init() {}

    package init(job: String, slot: String, instance: String, startedAt: Date) {
        self.job = job
        self.slot = slot
        self.instance = instance
        self.startedAt = startedAt
    }
}
