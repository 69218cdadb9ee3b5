import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Counts how often a job body ran, across application instances.
private actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}

@Suite("Job runner")
struct JobRunnerTests {
    @Test("A job runs exactly once per slot when two instances share the database", arguments: TestDatabase.all)
    func exactlyOnce(database: TestDatabase) async throws {
        let counter = Counter()
        let job = PeriodicJob(name: "test-job", interval: 3600) { _ in
            await counter.increment()
            try await Task.sleep(nanoseconds: 5_000_000)
            return "ok"
        }
        try await withTestApp(database, demo: false) { first in
            // A second application instance on the same database (same file or same schema).
            let second = try await Application.make(.testing)
            do {
                try await configure(second, first.tegenkracht)
                let runners = [JobRunner(app: first, jobs: [job], instance: "a"), JobRunner(app: second, jobs: [job], instance: "b")]
                let now = Date(timeIntervalSince1970: 1_800_000_000)
                // Both instances, many times over, all at once, for the same hour.
                let ran = await withTaskGroup(of: [String].self) { group in
                    for i in 0..<20 {
                        let runner = runners[i % 2]
                        group.addTask { await runner.runDue(now: now.addingTimeInterval(Double(i))) }
                    }
                    var all: [String] = []
                    for await names in group { all += names }
                    return all
                }
                #expect(ran == ["test-job"])
                #expect(await counter.value == 1)
                let rows = try await JobRun.query(on: first.db).all()
                #expect(rows.count == 1)
                #expect(rows.first?.outcome == "ok")
                // The next hour is a new slot.
                await runners[1].runDue(now: now.addingTimeInterval(3600))
                #expect(await counter.value == 2)
            } catch {
                try await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    @Test("The session clean-up job removes expired sessions only", arguments: TestDatabase.all)
    func sessionCleanup(database: TestDatabase) async throws {
        try await withTestApp(database, demo: false) { app in
            let user = try await createStaff(app, username: "opruimen")
            let now = app.clock.now
            try await StaffSession(tokenHash: "old", userID: try user.requireID(), stage: .complete,
                                   now: now.addingTimeInterval(-7200), expiresAt: now.addingTimeInterval(3600)).create(on: app.db)
            try await StaffSession(tokenHash: "fresh", userID: try user.requireID(), stage: .complete,
                                   now: now, expiresAt: now.addingTimeInterval(3600)).create(on: app.db)
            let ran = await JobRunner(app: app, jobs: Jobs.all()).runDue()
            #expect(ran == ["staff-sessions-cleanup", "deadline-reminders", "declaration-retention", "register-reminders", "certificate-reminders", "own-reports-reseal", "outbox", "monitor-tallies", "notices", "receipt-seal-cleanup"])
            #expect(try await StaffSession.query(on: app.db).all().map(\.tokenHash) == ["fresh"])
        }
    }
}
