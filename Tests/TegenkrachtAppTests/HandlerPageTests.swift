import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
import Testing
import Vapor

/// The handler's page puts the reporter's story first and the actions in one panel, and says what an
/// action did (issue 15).
@Suite("The handler's page")
struct HandlerPageTests {
    @Test("Story and messages before the actions panel; an action's result is said on the page it returns to", arguments: TestDatabase.all)
    func storyFirst(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await submitReport(TestBrowser(app), CaseHandlingTests.report)
            let lead = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let path = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#, in: try await lead.get("/werkruimte").body))
            let page = try await lead.get(path).body
            let story = try #require(page.range(of: "id=\"report-text\""))
            let messages = try #require(page.range(of: "<h2 id=\"messages\">"))
            let panel = try #require(page.range(of: "class=\"actions-panel\""))
            let ladder = try #require(page.range(of: "<h2 id=\"ladder\">"))
            #expect(story.lowerBound < messages.lowerBound && messages.lowerBound < panel.lowerBound && panel.lowerBound < ladder.lowerBound)
            #expect(!page.contains("id=\"case-notice\""))

            let note = try await lead.post("\(path)/notitie", ["version": try caseVersion(page), "text": "Gesprek gepland op dinsdag."])
            #expect(note.status == .seeOther)
            let location = try #require(note.location)
            #expect(location.hasSuffix("?gedaan=notes#notes"))
            let after = try await lead.get(location.components(separatedBy: "#")[0]).body
            #expect(after.contains("<p class=\"notice\" role=\"status\" id=\"case-notice\">Gedaan: de notitie is opgeslagen.</p>"))
            // An unknown value says nothing (no text is made from the address).
            let unknown = try await lead.get("\(path)?gedaan=onzin")
            #expect(!unknown.body.contains("id=\"case-notice\""))
            // Positive control: that is the case page itself, not an error page.
            #expect(unknown.status == .ok && unknown.body.contains("id=\"report-text\""))
        }
    }
}
