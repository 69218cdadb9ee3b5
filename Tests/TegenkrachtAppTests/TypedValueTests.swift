import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing

/// Actors, audit actions and stored states are typed (issue 12). What is stored stays what earlier
/// versions wrote, and every action the access history can show has a text in both languages.
@Suite struct TypedValueTests {
    @Test func actorsKeepTheirStoredTextAndReadBack() throws {
        let id = try #require(UUID(uuidString: "0F8B5E5A-2B1C-4D55-9C11-5A1E2B3C4D5E"))
        #expect(ActorRef.reporter.stored == "reporter")
        #expect(ActorRef.system.stored == "system")
        #expect(ActorRef.staff(id).stored == "staff:0F8B5E5A-2B1C-4D55-9C11-5A1E2B3C4D5E")
        for actor in [ActorRef.reporter, .system, .staff(id)] {
            #expect(ActorRef(stored: actor.stored) == actor)
        }
        // Negative cases, with the positive ones above as their control.
        #expect(ActorRef(stored: "staff:not-a-uuid") == nil)
        #expect(ActorRef(stored: "Reporter") == nil)
        #expect(ActorRef.supplementAuthor != ActorRef.reporter.stored)
    }

    @Test func auditActionsKeepTheNamesTheLogHolds() {
        #expect(AuditAction.reportView.rawValue == "report.view")
        #expect(AuditAction.caseIdentityShareRefused.rawValue == "case.identity-share-refused")
        #expect(AuditAction.procedureEvent("advies").rawValue == "report.procedure-advies")
        #expect(AuditAction.consentState(.given).rawValue == "case.consent-gegeven")
        #expect(AuditAction.recordState(.correctionRequested).rawValue == "report.record-correctie-gevraagd")
        let names = AuditAction.plain.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(names.count > 60)
    }

    @Test func everyActionHasATextInBothLanguages() throws {
        let catalog = try LocalisationCatalog.load(directory: TestPaths.root + "/Resources/Localization")
        let actions = AuditAction.plain + [.procedureEvent("advies"), .letter("ontvangst")]
            + RecordState.allCases.filter { $0 != .awaitingReporter }.map(AuditAction.recordState)
            + ConsentState.allCases.filter { $0 != .requested }.map(AuditAction.consentState)
        for language in [Language.dutch, .english] {
            let t = catalog.localizer(language)
            for action in actions {
                #expect(t.has("audit.\(AccessHistory.actionKey(action.rawValue))"), "\(language) \(action.rawValue)")
            }
            // Positive control: a made-up action has none.
            #expect(!t.has("audit.report.made-up"))
        }
    }

    @Test func storedStatesReadBackTyped() {
        let record = ReportRecord()
        record.state = RecordState.approved.rawValue
        #expect(record.recordState == .approved)
        record.state = "onbekend"
        #expect(record.recordState == nil)
        #expect(ConsentState(rawValue: "gegeven") == .given)
        #expect(AlertState.allCases.map(\.rawValue) == ["open", "in-behandeling", "afgehandeld"])
        #expect(AftercareParty.allCases.map(\.rawValue) == ["melder", "beklaagde", "leidinggevende"])
    }

    @Test func everyTimelineEventHasATextInBothLanguages() throws {
        let catalog = try LocalisationCatalog.load(directory: TestPaths.root + "/Resources/Localization")
        let book = try ProcedureBook.load(directory: TestPaths.root + "/Resources/Procedures")
        let procedureEvents = book.definitions.flatMap { $0.events.map(\.id) }
        #expect(!procedureEvents.isEmpty)
        let events = ReportEventName.plain + ConsentState.allCases.map(ReportEventName.consent)
            + CaseStage.allCases.map(ReportEventName.stage) + procedureEvents.map(ReportEventName.procedure)
        for language in [Language.dutch, .english] {
            let t = catalog.localizer(language)
            for event in events {
                #expect(t.has("event.\(event.rawValue)"), "\(language) \(event.rawValue)")
            }
            #expect(!t.has("event.made-up"))
        }
    }
}
