import Fluent
import Foundation

/// One run of a periodic job for one time slot. The unique (job, slot) pair is the lease: of several
/// instances that try to claim the same slot, exactly one insert succeeds, on SQLite and PostgreSQL.
final class JobRun: Model, @unchecked Sendable {
    static let schema = "job_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "job") var job: String
    @Field(key: "slot") var slot: String
    @Field(key: "instance") var instance: String
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "outcome") var outcome: String?

    init() {}

    init(job: String, slot: String, instance: String, startedAt: Date) {
        self.job = job
        self.slot = slot
        self.instance = instance
        self.startedAt = startedAt
    }
}
