import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Closure tells the reporter what happened (issue 15).
@Suite("Closure in the portal")
struct PortalClosureTests {
    @Test("The reporter reads the outcome, the handler's message and the planned check-ins; the internal reason stays internal; the next step names the check-in",
          arguments: TestDatabase.all)
    func closureSeenByTheReporter(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, CaseHandlingTests.report)
            let lead = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let path = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#, in: try await lead.get("/werkruimte").body))

            // Before closure the portal has no closure section (the control for the checks below).
            try await loginPortal(reporter, code: code)
            let open = try await reporter.get("/portaal/melding")
            #expect(!open.body.contains("id=\"portal-closure\""))
            // Positive control: that is the reporter's own portal page (it shows the story), not a login page.
            #expect(open.status == .ok && open.body.contains("Mijn teamleider maakt me steeds belachelijk in het overleg."))

            let page = try await lead.get(path)
            let closed = try await lead.post("\(path)/stap", ["version": try caseVersion(page.body), "to": "afgesloten",
                                                              "reason": "Intern: teamleider heeft excuses aangeboden na gesprek met HR",
                                                              "outcome": "informeel-opgelost", "reporterOutcome": "gebleven", "accusedOutcome": "gebleven",
                                                              "reporterMessage": "Je teamleider heeft beloofd het niet meer te doen."])
            #expect(closed.status == .seeOther)

            let portal = try await reporter.get("/portaal/melding").body
            #expect(portal.contains("id=\"portal-closure\""))
            #expect(portal.contains("<dd id=\"closure-outcome\">Informeel opgelost</dd>"))
            #expect(portal.contains("Je teamleider heeft beloofd het niet meer te doen."))
            #expect(!portal.contains("Intern: teamleider heeft excuses aangeboden"))
            // The planned check-ins, in words, and the next step says when: never "no further steps".
            let planned = try await AftercareCheckIn.query(on: app.db).filter(\.$party == AftercareParty.reporter.rawValue).sort(\.$due).all()
            let first = try #require(planned.first.flatMap { LocalDate(iso: $0.due) })
            #expect(portal.contains("<li>\(first.inDutch)</li>"))
            #expect(portal.contains("Op \(first.inDutch) vragen we je hoe het met je gaat."))
            #expect(!portal.contains("Er volgen geen stappen meer."))
            // The handler still reads the internal reason on the case page.
            #expect(try await lead.get(path).body.contains("Intern: teamleider heeft excuses aangeboden"))
        }
    }
}
