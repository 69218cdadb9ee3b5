import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// A deliverer that fails a given number of times per kind (the registry "down"), then delivers.
final class FlakyDeliverer: FollowUpDelivering, @unchecked Sendable {
    private let lock = NSLock()
    private var failuresLeft: Int
    private(set) var attempts = 0
    private let real = FollowUpDeliverer()

    init(failures: Int) { failuresLeft = failures }

    func setFailures(_ n: Int) { lock.withLock { failuresLeft = n } }

    struct RegistryDown: Error {}

    func deliver(_ followUp: FollowUp, app: any ServiceContext, db: any Database) async throws {
        let fail = lock.withLock { () -> Bool in
            attempts += 1
            guard failuresLeft > 0 else { return false }
            failuresLeft -= 1
            return true
        }
        if fail { throw RegistryDown() }
        try await real.deliver(followUp, app: app, db: db)
    }
}

/// Use-case tests without HTTP (issue 12): submit → case → registry through the outbox, with a
/// pinned clock.
@Suite("The outbox: follow-ups that are never lost")
struct OutboxTests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30, a Monday

    static func submission(accused: String, advisor: String, escrow: Bool = false) -> Submission {
        Submission(kind: .report, mode: .anonymous, recipient: .confidentialAdvisor, handlerPersonID: advisor,
                   content: ReportContent(whatHappened: "Er gebeurde iets.", accused: [AccusedPerson(name: accused)],
                                          reporterGroup: "ambtenaar", accusedGroup: "ambtenaar"),
                   identity: ReportIdentity(), attachments: [], escrow: escrow)
    }

    @Test("A follow-up that fails twice and then succeeds: the registry entry arrives once, nothing is lost", arguments: TestDatabase.all)
    func failsTwiceThenSucceeds(database: TestDatabase) async throws {
        let clock = FixedClock(Self.start)
        try await withTestApp(database, adjust: { $0.clock = clock }) { app in
            let flaky = FlakyDeliverer(failures: 2)
            try app.setFollowUpDeliverer(flaky)
            let receipt = try await ReportService.submit(Self.submission(accused: "Erik Vlasblom", advisor: "vp-extern"), app: app, db: app.db)
            // The report and its case are there; the registry is not yet (the first attempt failed).
            #expect(try await Report.find(receipt.reportID, on: app.db) != nil)
            #expect(try await RegistryEntry.query(on: app.db).count() == 0)
            var record = try #require(try await OutboxRecord.query(on: app.db).first())
            #expect(record.attempts == 1 && record.deliveredAt == nil && record.lastError?.contains("RegistryDown") == true)
            // Not before its backoff.
            #expect(await Outbox.drain(app: app) == 0)
            #expect(flaky.attempts == 1)
            clock.advance(by: Outbox.backoff(afterAttempts: 1))
            #expect(await Outbox.drain(app: app) == 0)
            record = try #require(try await OutboxRecord.query(on: app.db).first())
            #expect(record.attempts == 2)
            clock.advance(by: Outbox.backoff(afterAttempts: 2))
            #expect(await Outbox.drain(app: app) == 1)
            #expect(try await RegistryEntry.query(on: app.db).count() == 1)
            // Delivered once: a later drain does nothing, and a second delivery would change nothing.
            clock.advance(by: 3600)
            #expect(await Outbox.drain(app: app) == 0)
            #expect(flaky.attempts == 3)
            #expect(try await Outbox.status(db: app.db).pending == 0)
        }
    }

    @Test("An escrowed report whose registry sync failed still matches a later report about the same person", arguments: TestDatabase.all)
    func escrowAfterFailedSync(database: TestDatabase) async throws {
        let clock = FixedClock(Self.start)
        try await withTestApp(database, adjust: { $0.clock = clock }) { app in
            let flaky = FlakyDeliverer(failures: 1)
            try app.setFollowUpDeliverer(flaky)
            let sealed = try await ReportService.submit(Self.submission(accused: "Priya Ramdin", advisor: "vp-extern", escrow: true),
                                                        app: app, db: app.db)
            #expect(try await RegistryEntry.query(on: app.db).count() == 0)
            // The later report is registered at once; the earlier one is not there yet to be matched.
            try await ReportService.submit(Self.submission(accused: "P. Ramdin", advisor: "vp-fractie-2"), app: app, db: app.db)
            #expect(try await RegistryEntry.query(on: app.db).count() == 1)
            let before = try #require(try await CaseFile.query(on: app.db).filter(\.$report.$id == sealed.reportID).first())
            #expect(before.escrowed)
            // The outbox delivers the failed sync: the sealed report now meets the other one.
            clock.advance(by: Outbox.backoff(afterAttempts: 1))
            #expect(await Outbox.drain(app: app) == 1)
            let after = try #require(try await CaseFile.query(on: app.db).filter(\.$report.$id == sealed.reportID).first())
            #expect(!after.escrowed)
            #expect(after.escrowMatchedAt != nil)
        }
    }

    @Test("A crash between the commit and the follow-up: the worker delivers it, once; a stuck follow-up is visible",
          arguments: TestDatabase.all)
    func crashBetweenCommitAndFollowUp(database: TestDatabase) async throws {
        let clock = FixedClock(Self.start)
        try await withTestApp(database, adjust: { $0.clock = clock }) { app in
            // The action commits in a unit of work of its own; nothing delivers after it (the process
            // "died" right after the commit).
            let receipt = try await UnitOfWork.run(app.db) { tx in
                try await ReportService.submit(Self.submission(accused: "Erik Vlasblom", advisor: "vp-extern"), app: app, db: tx)
            }
            #expect(try await Report.find(receipt.reportID, on: app.db) != nil)
            #expect(try await RegistryEntry.query(on: app.db).count() == 0)
            #expect(try await Outbox.status(db: app.db).pending == 1)
            #expect(await Outbox.drain(app: app) == 1)
            #expect(await Outbox.drain(app: app) == 0)
            #expect(try await RegistryEntry.query(on: app.db).count() == 1)

            // The registry stays down: after `stuckAfter` attempts the follow-up is reported as stuck.
            let down = FlakyDeliverer(failures: 1000)
            try app.setFollowUpDeliverer(down)
            try await ReportService.submit(Self.submission(accused: "Erik Vlasblom", advisor: "vp-extern"), app: app, db: app.db)
            for attempt in 1..<Outbox.stuckAfter {
                clock.advance(by: Outbox.backoff(afterAttempts: attempt))
                await Outbox.drain(app: app)
            }
            let status = try await Outbox.status(db: app.db)
            #expect(status.stuck.count == 1 && status.pending == 1)
            // When the registry is back, it drains.
            down.setFailures(0)
            clock.advance(by: 3600)
            #expect(await Outbox.drain(app: app) == 1)
            #expect(try await Outbox.status(db: app.db).pending == 0)
            #expect(try await RegistryEntry.query(on: app.db).count() == 2)
        }
    }

    @Test("registry reconcile rebuilds an entry that went missing or was changed, and says so", arguments: TestDatabase.all)
    func reconcile(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await ReportService.submit(Self.submission(accused: "Erik Vlasblom", advisor: "vp-extern"), app: app, db: app.db)
            try await ReportService.submit(Self.submission(accused: "Priya Ramdin", advisor: "vp-extern"), app: app, db: app.db)
            var result = try await RegistryService.reconcile(app: app)
            #expect(result.checked == 2 && result.created == 0 && result.changed == 0)
            let entries = try await RegistryEntry.query(on: app.db).all()
            entries[0].stage = "iets-anders"
            try await entries[0].save(on: app.db)
            try await entries[1].delete(on: app.db)
            result = try await RegistryService.reconcile(app: app)
            #expect(result.created == 1 && result.changed == 1)
            #expect(try await RegistryEntry.query(on: app.db).count() == 2)
        }
    }
}
