import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// Issue 15: who reads a report is said before it is sent, the reporter chooses the second person
/// where the case rules allow it, and nobody new reads it later without the reporter's consent.
@Suite("Readers: the second person's choice and consent to a new reader")
struct ReaderConsentTests {
    static let toAdvisor: [String: String] = [
        "kind": "melding", "mode": "vertrouwelijk", "name": "Noor Visser", "recipient": "vp:vp-extern",
        "whatHappened": "Mijn teamleider maakt me steeds belachelijk.", "when": "vorige maand",
    ]

    static func radios(_ body: String) -> [String] {
        body.components(separatedBy: #"name="secondPerson" id="second-"#).dropFirst().compactMap { $0.components(separatedBy: "\"").first }
    }

    @Test("At an advisor the reporter chooses the second person on the check page; the case, the confirmation and the portal follow the choice",
          arguments: TestDatabase.all)
    func chooseSecond(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            try await reporter.get("/melden")
            let check = try await reporter.post("/melden/controleren", Self.toAdvisor)
            #expect(check.status == .ok)
            #expect(check.body.contains(#"id="fieldset-second""#))
            let options = Self.radios(check.body)
            #expect(options.count > 1)
            #expect(!options.contains("vp-extern"))
            // The default is checked, and it is the first; the reporter picks another.
            #expect(check.body.contains(#"id="second-\#(options[0])" value="\#(options[0])" aria-describedby="second-hint" checked"#))
            let pick = try #require(options.last)
            let carried = ReporterClockTests.hiddenFields(check.body, form: "check-send-form")
            #expect(!carried.contains { $0.0 == "secondPerson" }, "the choice is made on the page, not carried hidden")
            let confirmation = try await reporter.postMultipart("/melden", carried + [("secondPerson", pick)], files: [])
            let code = try #require(TestBrowser.firstMatch(#"id="receipt-code">([0-9A-Z-]+)<"#, in: confirmation.body))
            let caseFile = try #require(try await CaseFile.query(on: app.db).first())
            #expect(caseFile.leadPersonID == "vp-extern" && caseFile.secondPersonID == pick)
            let organisation = try #require(try await app.organisationStore.current(on: app.db))
            let pickName = try #require(organisation.person(id: pick)?.name)
            let promised = ReporterClockTests.listItems(confirmation.body, id: "confirmation-readers")
            #expect(promised.contains { $0.contains(pickName) })
            try await loginPortal(reporter, code: code)
            #expect(ReporterClockTests.listItems(try await reporter.get("/portaal/melding").body, id: "portal-can-see") == promised)
        }
    }

    @Test("A second person who is not on offer is refused on the check page, with every answer kept and nothing stored",
          arguments: TestDatabase.all)
    func refusedChoice(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            try await reporter.get("/melden")
            let check = try await reporter.post("/melden/controleren", Self.toAdvisor)
            let carried = ReporterClockTests.hiddenFields(check.body, form: "check-send-form")
            for wrong in ["vp-extern", "klachtencommissie-voorzitter", "niemand"] {
                let page = try await reporter.postMultipart("/melden", carried + [("secondPerson", wrong)], files: [])
                #expect(page.status == .unprocessableEntity, "\(wrong)")
                #expect(page.body.contains("Deze persoon kan nu niet meelezen. Kies opnieuw."))
                #expect(page.body.contains(#"id="check-send-form""#), "back on the check page")
                #expect(page.body.contains("Mijn teamleider maakt me steeds belachelijk."))
            }
            #expect(try await Report.query(on: app.db).count() == 0)
            // Positive control: a choice that is on offer goes through.
            let fine = try #require(Self.radios(check.body).last)
            #expect(try await reporter.postMultipart("/melden", carried + [("secondPerson", fine)], files: []).status == .ok)
            #expect(try await Report.query(on: app.db).count() == 1)
        }
    }

    @Test("The central point names its second person by role: nothing to choose", arguments: TestDatabase.all)
    func noChoiceAtTheCentralPoint(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            try await reporter.get("/melden")
            var fields = Self.toAdvisor
            fields["recipient"] = "centraal-meldpunt"
            let check = try await reporter.post("/melden/controleren", fields)
            #expect(check.status == .ok)
            #expect(!check.body.contains(#"id="fieldset-second""#))
            #expect(ReporterClockTests.listItems(check.body, id: "check-readers").contains { $0.contains("tweede persoon") })
        }
    }

    @Test("A hand-over to someone new waits for the reporter; no keeps the people on the case; who counts as a reader already",
          arguments: TestDatabase.all)
    func newReaderRefused(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, CaseHandlingTests.report)
            let lead = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let path = try await ReassignmentTests.casePath(lead)
            var page = try await lead.get(path)
            let handOver = try await lead.post("\(path)/toewijzen", ["version": try caseVersion(page.body), "lead": "vp-ambtelijk-2",
                                                                     "second": "vp-ambtelijk-1", "reason": "Ik ben met verlof"])
            #expect(handOver.status == .seeOther)
            page = try await lead.get(path)
            #expect(page.body.contains(#"id="case-proposed-people""#))
            let newcomer = try await signedInFunctionary(app, "ambtelijk2", person: "vp-ambtelijk-2")
            #expect(try await newcomer.get(path).status == .notFound, "not a reader before the reporter agrees")

            _ = try await loginPortal(reporter, code: code)
            var portal = try await reporter.get("/portaal/melding")
            #expect(ReporterClockTests.listItems(portal.body, id: "new-readers").count == 1)
            #expect(portal.body.contains(#"name="proposal" value="vp-ambtelijk-2|vp-ambtelijk-1""#))
            // An answer to another proposal than the one waiting (changed since the page was shown) is stale.
            let stale = try await reporter.post("/portaal/nieuwe-lezer", ["decision": "ja", "proposal": "vp-ambtelijk-2|vp-fractie-1"])
            #expect(stale.status == .conflict)
            #expect(try await CaseFile.query(on: app.db).first()?.leadPersonID == "vp-extern")
            #expect(try await reporter.post("/portaal/nieuwe-lezer", ["decision": "nee", "proposal": "vp-ambtelijk-2|vp-ambtelijk-1"]).status == .seeOther)
            portal = try await reporter.get("/portaal/melding")
            #expect(!portal.body.contains(#"id="new-reader-question""#))
            #expect(portal.body.contains("Je gaf geen toestemming dat iemand anders je melding leest"))
            let caseFile = try #require(try await CaseFile.query(on: app.db).first())
            #expect(caseFile.leadPersonID == "vp-extern" && caseFile.secondPersonID == "vp-ambtelijk-1" && caseFile.proposedLead == nil)
            #expect(try await newcomer.get(path).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.caseReaderRefused.rawValue).count() == 1)
            // Answering again, with nothing asked, is refused.
            #expect(try await reporter.post("/portaal/nieuwe-lezer", ["decision": "ja"]).status == .unprocessableEntity)

            #expect(!(try await lead.get(path)).body.contains(#"id="case-proposed-people""#))

            // Who reads a committee's case already: the seats, the members without a conflict and the
            // deputies called in. Moving among them needs no consent; a member who declared a conflict
            // is someone new again.
            let committee = try #require(app.caseRules.rules(on: app.today)?.team(for: .complaintsCommittee))
            let organisation = try #require(try await app.organisationStore.current(on: app.db))
            let file = CaseFile()
            file.leadPersonID = "kc-secretaris"
            file.secondPersonID = "kc-voorzitter"
            let readers = CaseService.readerIDs(file, team: committee, organisation: organisation, declared: ["kc-lid-fracties"],
                                                deputies: ["kc-plv-fracties"], on: app.today)
            #expect(readers == ["kc-secretaris", "kc-voorzitter", "kc-lid-ambtelijk", "kc-plv-fracties"])
            file.proposedLead = "kc-voorzitter"
            file.proposedSecond = "kc-secretaris"
            #expect(ReassignCase.proposedNewcomers(file, readers: readers).isEmpty)
            file.proposedSecond = "kc-lid-fracties"
            #expect(ReassignCase.proposedNewcomers(file, readers: readers) == ["kc-lid-fracties"])
        }
    }
}
