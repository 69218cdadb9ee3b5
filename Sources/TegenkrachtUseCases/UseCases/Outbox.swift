import FluentKit
import Foundation

/// What an action leaves to be done after it commits.
package enum FollowUp: Hashable, Sendable {
    /// Bring the case's registry entry in step with the case (and, for a new entry, run the pattern
    /// and escrow checks with it).
    case registrySync(caseID: UUID)

    package enum Kind: String, Sendable, CaseIterable {
        case registrySync = "registry-sync"
    }

    package var kind: Kind {
        switch self {
        case .registrySync: return .registrySync
        }
    }

    package var subject: String {
        switch self {
        case .registrySync(let id): return id.uuidString
        }
    }

    package init?(kind: String, subject: String) {
        switch Kind(rawValue: kind) {
        case .registrySync: guard let id = UUID(uuidString: subject) else { return nil }; self = .registrySync(caseID: id)
        case nil: return nil
        }
    }
}

/// Delivers one follow-up. Must be idempotent: a follow-up can be delivered more than once (a crash
/// after the work and before it is marked delivered).
package protocol FollowUpDelivering: Sendable {
    func deliver(_ followUp: FollowUp, app: any ServiceContext, db: any Database) async throws
}

package struct FollowUpDeliverer: FollowUpDelivering {
    package init() {}

    package func deliver(_ followUp: FollowUp, app: any ServiceContext, db: any Database) async throws {
        switch followUp {
        case .registrySync(let caseID):
            guard let caseFile = try await CaseFile.find(caseID, on: db),
                  let report = try await Report.find(caseFile.$report.id, on: db) else { return }  // deleted: nothing to do
            try await RegistryService.sync(caseFile, report: report, app: app, db: db)
        }
    }
}

/// The transactional outbox (issue 12). `enqueue` writes a follow-up in the action's transaction;
/// after the commit the action tries to deliver it at once (`deliverPending(subject:)`), and the
/// `outbox` job delivers whatever is left: after a crash between commit and delivery, or while the
/// registry cannot be written. A delivery claims its rows atomically (`UPDATE … WHERE claim is
/// free`), so two instances never deliver the same row at once; a failure is retried with a growing
/// delay, and a follow-up that keeps failing is shown to administrators and by `jobs status`.
package enum Outbox {
    /// After this many failed attempts a follow-up counts as stuck (it is still retried).
    package static let stuckAfter = 5
    package static let claimDuration: TimeInterval = 120

    package static func enqueue(_ followUp: FollowUp, db: any Database, now: Date) async throws {
        let record = OutboxRecord()
        record.kind = followUp.kind.rawValue
        record.subject = followUp.subject
        record.createdAt = now
        record.availableAt = now
        record.attempts = 0
        try await record.create(on: db)
    }

    /// The delay before attempt `n + 1`: 10 s, 20 s, 40 s … at most one hour.
    package static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(3600, 10 * pow(2, Double(max(0, attempts - 1))))
    }

    /// Delivers the due follow-ups of one subject now (right after the action that made them).
    /// Never throws: what fails stays in the outbox for the job.
    @discardableResult
    package static func deliverPending(subject: String, app: any ServiceContext) async -> Int {
        await deliver(app: app, limit: 20) { $0.filter(\.$subject == subject) }
    }

    /// Delivers up to `limit` due follow-ups (the `outbox` job).
    @discardableResult
    package static func drain(app: any ServiceContext, limit: Int = 200) async -> Int {
        await deliver(app: app, limit: limit) { $0 }
    }

    private static func deliver(app: any ServiceContext, limit: Int,
                                _ narrow: (QueryBuilder<OutboxRecord>) -> QueryBuilder<OutboxRecord>) async -> Int {
        let db = app.db
        let now = app.clock.now
        let token = UUID().uuidString
        let claimed: [OutboxRecord]
        do {
            let due = try await narrow(OutboxRecord.query(on: db))
                .filter(\.$deliveredAt == nil).filter(\.$availableAt <= now)
                .sort(\.$availableAt).limit(limit).all()
            let ids = due.compactMap(\.id)
            guard !ids.isEmpty else { return 0 }
            try await OutboxRecord.query(on: db).filter(\.$id ~~ ids).filter(\.$deliveredAt == nil)
                .group(.or) { $0.filter(\.$claimedUntil == nil).filter(\.$claimedUntil < now) }
                .set(\.$claimToken, to: token).set(\.$claimedUntil, to: now.addingTimeInterval(claimDuration))
                .update()
            claimed = try await OutboxRecord.query(on: db).filter(\.$claimToken == token).all()
        } catch {
            app.logger.warning("outbox: could not claim follow-ups (\(String(reflecting: type(of: error))))")
            return 0
        }
        guard let deliverer = try? app.followUpDeliverer else { return 0 }
        var delivered = 0
        for record in claimed {
            do {
                guard let followUp = FollowUp(kind: record.kind, subject: record.subject) else {
                    throw UnknownFollowUp()
                }
                try await UnitOfWork.run(db) { tx in
                    try await deliverer.deliver(followUp, app: app, db: tx)
                    record.deliveredAt = app.clock.now
                    record.claimToken = nil
                    record.claimedUntil = nil
                    try await record.save(on: tx)
                }
                delivered += 1
            } catch {
                record.deliveredAt = nil  // set inside the unit that rolled back
                record.attempts += 1
                record.lastError = String(String(reflecting: type(of: error)).prefix(200))
                record.availableAt = app.clock.now.addingTimeInterval(backoff(afterAttempts: record.attempts))
                record.claimToken = nil
                record.claimedUntil = nil
                try? await record.save(on: db)
                ServiceMetrics.followUpFailed(kind: FollowUp.Kind(rawValue: record.kind)?.rawValue ?? "unknown")
                app.logger.warning("outbox: \(record.kind) failed (attempt \(record.attempts))")
            }
        }
        return delivered
    }

    package struct Status: Sendable {
        package let pending: Int
        package let stuck: [OutboxRecord]
        package let oldestPendingSince: Date?
    }

    package static func status(db: any Database) async throws -> Status {
        let pending = try await OutboxRecord.query(on: db).filter(\.$deliveredAt == nil).count()
        let stuck = try await OutboxRecord.query(on: db).filter(\.$deliveredAt == nil)
            .filter(\.$attempts >= stuckAfter).sort(\.$createdAt).limit(100).all()
        let oldest = try await OutboxRecord.query(on: db).filter(\.$deliveredAt == nil).sort(\.$createdAt).first()?.createdAt
        return Status(pending: pending, stuck: stuck, oldestPendingSince: oldest)
    }

    package struct UnknownFollowUp: Error {}
}
