import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// The case's main kind in its annual report's typology: its own form type (`CategoryForm`) with the
/// field `category` (issue 12 split the shared form; this pins the page and the handler together).
@Suite("Case category")
struct CaseCategoryTests {
    @Test("The College classifies a case from the page's own list; an unknown kind is refused and nothing changes",
          arguments: TestDatabase.all)
    func classify(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // The College classifies its cases in its annual report's categories.
            try await submitReport(TestBrowser(app), [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "college-onderzoek-integriteit"), ("name", "Klaas Klager"),
                ("postalAddress", "Lange Poten 4, 2511 CL Den Haag"),
                ("whatHappened", "Het Kamerlid heeft twee nevenfuncties niet geregistreerd."), ("when", "november 2021"),
                ("accused0Name", "Kamerlid X"), ("integrity", "on"),
            ])
            let lead = try await signedInFunctionary(app, "college", person: "coi-voorzitter")
            let report = try #require(try await Report.query(on: app.db).first())
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            var page = try await lead.get(path)
            #expect(page.body.contains(#"<select id="case-category" name="category">"#))
            let category = try #require(TestBrowser.firstMatch(#"<select id="case-category" name="category"><option value="">[^<]*</option><option value="([^"]+)""#, in: page.body))

            let refused = try await lead.post("\(path)/categorie", ["version": try caseVersion(page.body), "category": "bestaat-niet"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await CaseFile.query(on: app.db).first()?.category == nil)

            page = try await lead.get(path)
            let done = try await lead.post("\(path)/categorie", ["version": try caseVersion(page.body), "category": category])
            #expect(done.status == .seeOther)
            #expect(try await CaseFile.query(on: app.db).first()?.category == category)
        }
    }
}
