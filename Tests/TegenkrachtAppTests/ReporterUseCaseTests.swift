import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Use-case tests without HTTP (issue 12): consent, withdrawal and acknowledgement as their use cases
/// run them, each a unit of work that is complete or not done at all, on both databases.
@Suite("Reporter and handler use cases without HTTP")
struct ReporterUseCaseTests {
    static func submitted(_ app: Application) async throws -> (Report, CaseFile) {
        let receipt = try await ReportService.submit(OutboxTests.submission(accused: "Erik Vlasblom", advisor: "vp-extern"),
                                                     app: app, db: app.db)
        let report = try #require(try await Report.find(receipt.reportID, on: app.db))
        let caseFile = try await CaseService.caseFile(for: report, app: app, db: app.db)
        return (report, caseFile)
    }

    static func events(_ report: Report, _ app: Application) async throws -> [String] {
        try await ReportEvent.query(on: app.db).filter(\.$report.$id == report.requireID()).sort(\.$occurredAt).all().map(\.event)
    }

    @Test("Withdrawing: refused without confirmation (nothing written), then done once with its event, audit entry and registry follow-up",
          arguments: TestDatabase.all)
    func withdraw(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (report, caseFile) = try await Self.submitted(app)
            let outboxBefore = try await OutboxRecord.query(on: app.db).count()
            await #expect(throws: Refusal("portal.error.confirmWithdraw")) {
                try await WithdrawReport.run(report, confirmed: false, app: app, db: app.db)
            }
            #expect(try await Report.find(report.requireID(), on: app.db)?.status == ReportStatus.received.rawValue)
            #expect(try await Self.events(report, app) == ["ontvangen"])

            try await WithdrawReport.run(report, confirmed: true, app: app, db: app.db)
            let stored = try #require(try await Report.find(report.requireID(), on: app.db))
            #expect(stored.status == ReportStatus.withdrawn.rawValue)
            #expect(stored.withdrawnAt == app.clock.now)
            #expect(try await Self.events(report, app) == ["ontvangen", "ingetrokken"])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.reportWithdraw.rawValue).count() == 1)
            #expect(try await OutboxRecord.query(on: app.db).count() == outboxBefore + 1)
            // The follow-up is the case's registry sync.
            #expect(try await OutboxRecord.query(on: app.db).filter(\.$subject == caseFile.requireID().uuidString).count() >= 1)

            // A second withdrawal (another tab) is refused and writes nothing, confirmed or not.
            await #expect(throws: Refusal("portal.error.withdrawn")) {
                try await WithdrawReport.run(stored, confirmed: true, app: app, db: app.db)
            }
            await #expect(throws: Refusal("portal.error.withdrawn")) {
                try await WithdrawReport.run(stored, confirmed: false, app: app, db: app.db)
            }
            #expect(try await Self.events(report, app) == ["ontvangen", "ingetrokken"])
        }
    }

    @Test("Consent: give what is asked, not twice; withdraw what was given; another case's consent does not exist here",
          arguments: TestDatabase.all)
    func consent(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (report, caseFile) = try await Self.submitted(app)
            let record = CaseConsentRecord()
            record.id = UUID()
            record.$caseFile.id = try caseFile.requireID()
            record.step = CaseStage.informalIntervention.rawValue
            record.state = ConsentState.requested.rawValue
            record.termsSealed = try ReportService.crypto(for: report, app: app)
                .seal(ConsentTerms(withWhom: "De bemiddelaar", information: "Wat er gebeurde"), purpose: .consent(try record.requireID()))
            record.requestedBy = "vp-extern"
            record.requestedAt = app.clock.now
            try await record.create(on: app.db)
            let id = try record.requireID()

            // Withdrawing before giving is not a move the consent allows.
            await #expect(throws: Refusal("consent.error.decision")) {
                try await DecideConsent.run(consentID: id, decision: .withdraw, caseFile: caseFile, report: report, app: app, db: app.db)
            }
            let given = try await DecideConsent.run(consentID: id, decision: .give, caseFile: caseFile, report: report, app: app, db: app.db)
            #expect(given == .given)
            let fresh = try await CaseService.caseFile(for: report, app: app, db: app.db)
            await #expect(throws: Refusal("consent.error.decision")) {
                try await DecideConsent.run(consentID: id, decision: .give, caseFile: fresh, report: report, app: app, db: app.db)
            }
            let withdrawn = try await DecideConsent.run(consentID: id, decision: .withdraw, caseFile: fresh, report: report, app: app, db: app.db)
            #expect(withdrawn == .withdrawn)
            #expect(try await CaseConsentRecord.find(id, on: app.db)?.consentState == .withdrawn)
            #expect(try await Self.events(report, app) == ["ontvangen", "toestemming-gegeven", "toestemming-ingetrokken"])

            // The consent of another case cannot be decided through this one.
            let (other, otherCase) = try await Self.submitted(app)
            await #expect(throws: NotFound.self) {
                try await DecideConsent.run(consentID: id, decision: .give, caseFile: otherCase, report: other, app: app, db: app.db)
            }
        }
    }

    @Test("Acknowledging: six at once from one version, exactly one goes through", arguments: TestDatabase.all)
    func acknowledgeOnce(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (report, _) = try await Self.submitted(app)
            let id = try report.requireID()
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        guard let copy = try? await Report.find(id, on: app.db) else { return false }
                        do {
                            try await AcknowledgeReport.run(copy, by: .staff(UUID()), app: app, db: app.db)
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                var all: [Bool] = []
                for await result in group { all.append(result) }
                return all
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await Self.events(report, app).filter { $0 == "bevestigd" }.count == 1)
            #expect(try await Report.find(id, on: app.db)?.status == ReportStatus.inProgress.rawValue)
        }
    }
}

/// What the portal page promises about its session holds (issue 15).
@Suite("Portal session")
struct PortalSessionTests {
    @Test("The session ends after 30 minutes without a request, as the page says; a request before that keeps it",
          arguments: TestDatabase.all)
    func idleTimeout(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let clock = try #require(app.tegenkracht.clock as? FixedClock)
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, CaseHandlingTests.report)
            _ = try await loginPortal(reporter, code: code)
            #expect(try await reporter.get("/portaal/melding").body.contains("Na 30 minuten zonder iets te versturen"))
            clock.advance(by: 29 * 60)
            #expect(try await reporter.get("/portaal/melding").status == .ok)
            clock.advance(by: 29 * 60)   // 29 minutes after the last request: still in
            #expect(try await reporter.get("/portaal/melding").status == .ok)
            clock.advance(by: 31 * 60)
            #expect(try await reporter.get("/portaal/melding").location == "/portaal?verlopen=1")
        }
    }
}

/// The inbox tells a handler where the reporter wrote since they last looked (issue 15).
@Suite("Inbox: new messages")
struct InboxUnreadTests {
    @Test("A reporter's message after the handler's last read marks the case; reading it clears the mark; the second person's reads are their own",
          arguments: TestDatabase.all)
    func unreadMark(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let clock = try #require(app.tegenkracht.clock as? FixedClock)
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, CaseHandlingTests.report)
            let lead = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let second = try await signedInFunctionary(app, "oudemolen", person: "vp-ambtelijk-1")
            let mark = "nieuw bericht van de melder"
            let inbox = try await lead.get("/werkruimte").body
            // The report itself is not a message: nothing to mark yet.
            #expect(!inbox.contains(mark))
            let path = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#, in: inbox))
            try await lead.get(path)

            clock.advance(by: 60)
            _ = try await loginPortal(reporter, code: code)
            try await reporter.get("/portaal/melding")
            #expect(try await reporter.post("/portaal/bericht", ["text": "Het gebeurde vandaag weer."]).status == .seeOther)
            clock.advance(by: 60)
            #expect(try await lead.get("/werkruimte").body.contains(mark))
            #expect(try await second.get("/werkruimte").body.contains(mark))

            try await lead.get(path)
            #expect(!(try await lead.get("/werkruimte").body.contains(mark)))
            // The second person has not read it yet.
            #expect(try await second.get("/werkruimte").body.contains(mark))
        }
    }
}
