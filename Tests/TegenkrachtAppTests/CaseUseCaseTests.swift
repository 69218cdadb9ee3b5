import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// The handler's case actions as their use cases run them, without HTTP (issue 12): each is one unit
/// of work, complete or not done at all, on both databases.
@Suite("Case use cases without HTTP")
struct CaseUseCaseTests {
    /// A signed-in functionary as a plain value (the web builds the same from the session).
    static func staff(_ personID: String) -> SignedInStaff {
        SignedInStaff(userID: UUID(), sessionID: UUID(), username: personID, displayName: personID, role: .functionary,
                      personID: personID, stage: .complete, hasTwoFactor: true)
    }

    static func context(_ personID: String, _ report: Report, _ app: Application) async throws -> CaseContext {
        try await CaseContext.load(reportID: report.requireID(), staff: staff(personID), localizer: app.localisation.localizer(.dutch),
                                   app: app, db: app.db)
    }

    static func stages(_ app: Application) async throws -> [String] {
        try await CaseTransitionRecord.query(on: app.db).sort(\.$occurredAt).all().map(\.toStage)
    }

    static func audits(_ action: AuditAction, _ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action.rawValue).count()
    }

    @Test("Closure: refused without an outcome (nothing written), then closed once with its transition, event, aftercare, audit entry and registry follow-up; a form of the old version is stale",
          arguments: TestDatabase.all)
    func closure(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (report, _) = try await ReporterUseCaseTests.submitted(app)
            let lead = try await Self.context("vp-extern", report, app)
            let version = lead.caseFile.version
            let details = TransitionDetails(reason: "Het gesprek heeft geholpen")

            await #expect(throws: LadderError.outcomeRequired) {
                try await MoveOnLadder.run(to: .closed, details: details, version: version, on: lead)
            }
            #expect(try await Self.stages(app).isEmpty)
            #expect(try await CaseFile.find(lead.caseID, on: app.db)?.version == version)
            #expect(try await AftercareCheckIn.query(on: app.db).count() == 0)

            let outboxBefore = try await OutboxRecord.query(on: app.db).filter(\.$subject == lead.caseID.uuidString).count()
            let result = try await MoveOnLadder.run(to: .closed, details: details, outcome: .resolvedInformally, reporterOutcome: .stayed,
                                                    accusedOutcome: .stayed, version: version, on: lead)
            #expect(result == .moved)
            let closed = try #require(try await CaseFile.find(lead.caseID, on: app.db))
            #expect(closed.stage == CaseStage.closed.rawValue)
            #expect(closed.outcome == CaseOutcome.resolvedInformally.rawValue)
            #expect(closed.closedAt == app.clock.now)
            #expect(closed.version > version)
            #expect(try await Report.find(report.requireID(), on: app.db)?.status == ReportStatus.closed.rawValue)
            #expect(try await Self.stages(app) == [CaseStage.closed.rawValue])
            #expect(try await ReporterUseCaseTests.events(report, app).last == ReportEventName.stage(.closed).rawValue)
            #expect(try await Self.audits(.caseTransition, app) == 1)
            // The aftercare check-ins of the case rules, for the reporter among others.
            let checkIns = try await AftercareCheckIn.query(on: app.db).filter(\.$caseFile.$id == lead.caseID).all()
            #expect(checkIns.contains { $0.aftercareParty == .reporter })
            #expect(try await OutboxRecord.query(on: app.db).filter(\.$subject == lead.caseID.uuidString).count() > outboxBefore)
            #expect(try await AuditLog.firstBrokenEntry(on: app.db) == nil)

            // The same form again (a second tab): stale, and nothing more is written.
            await #expect(throws: StaleVersion.self) {
                try await ReopenCase.run(reason: "Nieuwe voorvallen", version: version, on: lead)
            }
            #expect(try await Self.stages(app) == [CaseStage.closed.rawValue])
            // From the current version it goes through: the refusal above was the version, not the move.
            let current = try await Self.context("vp-extern", report, app)
            try await ReopenCase.run(reason: "Nieuwe voorvallen", version: current.caseFile.version, on: current)
            #expect(try await Self.stages(app) == [CaseStage.closed.rawValue, CaseStage.listening.rawValue])
        }
    }

    @Test("Closing without action waits for the second person; the lead cannot approve it, the second can", arguments: TestDatabase.all)
    func closureWithoutAction(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (report, _) = try await ReporterUseCaseTests.submitted(app)
            let lead = try await Self.context("vp-extern", report, app)
            let secondID = try #require(lead.caseFile.secondPersonID)
            let proposed = try await MoveOnLadder.run(
                to: .closed, details: TransitionDetails(reason: "De melder is overgeplaatst op eigen verzoek en wil niets meer."),
                outcome: .noAction, reporterOutcome: .moved, accusedOutcome: .noConsequence, version: lead.caseFile.version, on: lead)
            #expect(proposed == .proposed)
            let pending = try #require(try await CaseFile.find(lead.caseID, on: app.db))
            #expect(pending.stage == CaseStage.listening.rawValue)
            #expect(pending.pendingClosureBy == "vp-extern")
            // Positive control for the erased proposal below: while pending, the sealed proposal is there.
            #expect(pending.pendingClosureSealed != nil)
            #expect(try await Self.audits(.caseClosureProposed, app) == 1)

            let again = try await Self.context("vp-extern", report, app)
            await #expect(throws: Refusal("case.error.onlySecond")) {
                try await ApproveClosure.run(version: again.caseFile.version, on: again)
            }
            let second = try await Self.context(secondID, report, app)
            #expect(second.role == .second)
            try await ApproveClosure.run(version: second.caseFile.version, on: second)
            let closed = try #require(try await CaseFile.find(lead.caseID, on: app.db))
            #expect(closed.stage == CaseStage.closed.rawValue && closed.pendingClosureSealed == nil)
            #expect(closed.responsibilityShifted)
            #expect(try await Self.audits(.caseClosureApproved, app) == 1)
            // Nothing is left to approve.
            let after = try await Self.context(secondID, report, app)
            await #expect(throws: Refusal("case.error.nothingPending")) {
                try await ApproveClosure.run(version: after.caseFile.version, on: after)
            }
        }
    }

    @Test("The reporter's 'no, it did not stop' reopens a closed case, once", arguments: TestDatabase.all)
    func aftercareReopens(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (report, _) = try await ReporterUseCaseTests.submitted(app)
            let lead = try await Self.context("vp-extern", report, app)
            try await MoveOnLadder.run(to: .closed, details: TransitionDetails(reason: "Het gesprek heeft geholpen"), outcome: .resolvedInformally,
                                       reporterOutcome: .stayed, accusedOutcome: .stayed, version: lead.caseFile.version, on: lead)
            let caseFile = try #require(try await CaseFile.find(lead.caseID, on: app.db))
            let checkIn = try #require(try await AftercareCheckIn.query(on: app.db).filter(\.$caseFile.$id == lead.caseID)
                .filter(\.$party == AftercareParty.reporter.rawValue).first())
            await #expect(throws: Refusal("aftercare.error.answer")) {
                try await AnswerCheckIn.run(checkInID: checkIn.requireID(), stopped: nil, wellbeing: nil, satisfaction: nil,
                                            caseFile: caseFile, report: report, app: app, db: app.db)
            }
            #expect(try await CaseFile.find(lead.caseID, on: app.db)?.stage == CaseStage.closed.rawValue)
            try await AnswerCheckIn.run(checkInID: checkIn.requireID(), stopped: false, wellbeing: "Niet goed", satisfaction: "3",
                                        caseFile: caseFile, report: report, app: app, db: app.db)
            #expect(try await CaseFile.find(lead.caseID, on: app.db)?.stage == CaseStage.listening.rawValue)
            #expect(try await ReporterUseCaseTests.events(report, app).last == ReportEventName.reopened.rawValue)
            #expect(try await Self.audits(.caseReopen, app) == 1)
            await #expect(throws: Refusal("aftercare.error.answered")) {
                try await AnswerCheckIn.run(checkInID: checkIn.requireID(), stopped: true, wellbeing: nil, satisfaction: nil,
                                            caseFile: caseFile, report: report, app: app, db: app.db)
            }
        }
    }

    @Test("Tasks and notes: an owner off the case is refused, another case's task does not exist here; a conflict declared ends access",
          arguments: TestDatabase.all)
    func tasksNotesConflict(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (report, _) = try await ReporterUseCaseTests.submitted(app)
            var lead = try await Self.context("vp-extern", report, app)
            let due = LocalDate(year: 2026, month: 12, day: 18)
            await #expect(throws: Refusal("task.error.owner")) {
                try await AddCaseTask.run(title: "Gesprek plannen", owner: "iemand-anders", due: due, version: lead.caseFile.version, on: lead)
            }
            #expect(try await CaseTask.query(on: app.db).count() == 0)
            try await AddCaseTask.run(title: "Gesprek plannen", owner: "vp-extern", due: due, version: lead.caseFile.version, on: lead)
            let task = try #require(try await CaseTask.query(on: app.db).first())
            #expect(task.due == "2026-12-18")
            lead = try await Self.context("vp-extern", report, app)
            await #expect(throws: NotFound.self) {
                try await CompleteCaseTask.run(taskID: UUID(), version: lead.caseFile.version, on: lead)
            }
            try await CompleteCaseTask.run(taskID: task.requireID(), version: lead.caseFile.version, on: lead)
            #expect(try await CaseTask.find(task.requireID(), on: app.db)?.doneAt == app.clock.now)

            lead = try await Self.context("vp-extern", report, app)
            await #expect(throws: Refusal("portal.error.empty")) {
                try await AddCaseNote.run(text: "  ", version: lead.caseFile.version, on: lead)
            }
            try await AddCaseNote.run(text: "Eerste gesprek gepland", version: lead.caseFile.version, on: lead)
            #expect(try await CaseNote.query(on: app.db).count() == 1)

            // Unconfirmed, nothing happens; confirmed, the lead leaves the case and reads it no more.
            await #expect(throws: Refusal("conflict.error.confirm")) {
                try await DeclareConflict.run(reason: "Familie van de beschuldigde", confirmed: false, reportID: report.requireID(),
                                              staff: lead.staff, localizer: lead.localizer, app: app, db: app.db)
            }
            _ = try await CaseContext.load(reportID: report.requireID(), staff: lead.staff, localizer: lead.localizer, app: app, db: app.db)
            try await DeclareConflict.run(reason: "Familie van de beschuldigde", confirmed: true, reportID: report.requireID(),
                                          staff: lead.staff, localizer: lead.localizer, app: app, db: app.db)
            await #expect(throws: NotFound.self) {
                try await CaseContext.load(reportID: report.requireID(), staff: lead.staff, localizer: lead.localizer, app: app, db: app.db)
            }
            #expect(try await CaseNote.query(on: app.db).count() == 2)
            #expect(try await Self.audits(.caseConflictDeclared, app) == 1)
        }
    }
}
