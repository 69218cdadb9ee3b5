import Fluent
import Foundation
import TegenkrachtUseCases
import Vapor

/// A periodic job: what it does, and how often.
struct PeriodicJob: Sendable {
    let name: String
    let interval: TimeInterval
    let work: @Sendable (Application) async throws -> String
}

/// Runs periodic jobs so that each runs exactly once per slot, however many instances of the service
/// share the database: a run first claims its (job, slot) row; the unique constraint lets only one
/// claim succeed. A crashed run keeps its claim (no second run of the same slot); the next slot runs
/// as usual. Runs in `serve`; `tegenkracht jobs run` runs what is due once (for cron).
actor JobRunner {
    private let app: Application
    private let jobs: [PeriodicJob]
    let instance: String
    private var task: Task<Void, Never>?

    init(app: Application, jobs: [PeriodicJob], instance: String = UUID().uuidString) {
        self.app = app
        self.jobs = jobs
        self.instance = instance
    }

    static func slot(for job: PeriodicJob, at date: Date) -> String {
        String(Int(floor(date.timeIntervalSince1970 / job.interval)))
    }

    /// Runs every job whose current slot nobody has claimed yet. Returns the names of the jobs this
    /// instance ran.
    @discardableResult
    func runDue(now: Date? = nil) async -> [String] {
        let now = now ?? app.clock.now
        var ran: [String] = []
        for job in jobs {
            let claim = JobRun(job: job.name, slot: Self.slot(for: job, at: now), instance: instance, startedAt: now)
            do {
                try await claim.create(on: app.db)
            } catch {
                continue  // another instance has this slot (or the database is away: try next tick)
            }
            let outcome: String
            do {
                outcome = try await job.work(app)
                ServiceMetrics.jobRan(job.name, failed: false)
            } catch {
                outcome = "failed: \(String(reflecting: type(of: error)))"
                ServiceMetrics.jobRan(job.name, failed: true)
                app.logger.error("job \(job.name) failed")
            }
            claim.finishedAt = app.clock.now
            claim.outcome = String(outcome.prefix(200))
            try? await claim.save(on: app.db)
            ran.append(job.name)
        }
        return ran
    }

    func start(tick: TimeInterval = 60) {
        guard task == nil else { return }
        task = Task { [weak self] in
            while !Task.isCancelled {
                await self?.runDue()
                try? await Task.sleep(nanoseconds: UInt64(tick * 1_000_000_000))
            }
        }
    }

    /// Stops the loop and waits for a run in progress to end, so that nothing uses the database after
    /// the application shut it down (a failed bind at start-up used to crash in a job this way).
    func stop() async {
        let running = task
        task = nil
        running?.cancel()
        await running?.value
    }
}

/// The jobs of the service.
enum Jobs {
    static func all() -> [PeriodicJob] {
        [
            PeriodicJob(name: "staff-sessions-cleanup", interval: 3600) { app in
                // Sessions past their maximum age, or idle beyond the timeout, are removed for good.
                let config = app.tegenkracht
                let now = app.clock.now
                let expired = try await StaffSession.query(on: app.db)
                    .group(.or) { group in
                        group.filter(\.$expiresAt < now)
                        group.filter(\.$lastSeenAt < now.addingTimeInterval(-config.sessionIdleTimeout))
                    }.all()
                for session in expired { try await session.delete(on: app.db) }
                return "removed \(expired.count) sessions"
            },
            PeriodicJob(name: "deadline-reminders", interval: 3600) { app in
                "created \(try await DeadlineReminders.run(app: app)) reminders"
            },
            PeriodicJob(name: "declaration-retention", interval: 86_400) { app in
                "erased \(try await DeclarationRetention.run(app: app, db: app.db).total) declarations"
            },
            PeriodicJob(name: "register-reminders", interval: 3600) { app in
                "made \(try await MemberReminders.makeDue(app: app, db: app.db)) reminders to members"
            },
            PeriodicJob(name: "certificate-reminders", interval: 3600) { app in
                "made \(try await CertificateReminders.makeDue(app: app, db: app.db)) certificate reminders"
            },
            PeriodicJob(name: "own-reports-reseal", interval: 86_400) { app in
                "resealed \(try await OwnReports.resealAll(app: app)) lists"
            },
            PeriodicJob(name: "outbox", interval: 60) { app in
                "delivered \(await Outbox.drain(app: app)) follow-ups"
            },
            PeriodicJob(name: "monitor-tallies", interval: 3600) { app in
                // Waves answered before the counts were kept (or whose counts do not add up) are counted.
                "counted \(try await MonitorService.recount(instruments: app.instruments, db: app.db)) waves"
            },
            PeriodicJob(name: "notices", interval: 300) { app in
                "sent \(try await MailQueue.send(app: app)) messages"
            },
            PeriodicJob(name: "receipt-seal-cleanup", interval: 300) { app in
                // A double submit may show the code again for ten minutes; after that it is erased.
                let cutoff = app.clock.now.addingTimeInterval(-SubmissionKey.revealWindow)
                try await Report.query(on: app.db).filter(\.$receiptSealed != nil).filter(\.$submittedAt < cutoff)
                    .set(\.$receiptSealed, to: nil).update()
                return "erased sealed receipts older than ten minutes"
            },
        ]
    }
}

/// Starts the runner when the server boots and stops it on shutdown.
struct JobRunnerLifecycle: LifecycleHandler {
    let runner: JobRunner

    func didBootAsync(_ application: Application) async throws {
        await runner.start()
    }

    func shutdownAsync(_ application: Application) async {
        await runner.stop()
    }
}
