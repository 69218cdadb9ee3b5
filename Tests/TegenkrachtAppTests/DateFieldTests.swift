import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Dates are entered as day, month and year (issue 15) in the workspace's forms.
@Suite("Date fields in the workspace")
struct DateFieldTests {
    @Test("A task's due date in three fields: a real day is stored, 31 April is refused with what was typed kept; the rights of the accused the same",
          arguments: TestDatabase.all)
    func taskAndRights(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await submitReport(TestBrowser(app), CaseHandlingTests.report)
            let lead = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let path = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#, in: try await lead.get("/werkruimte").body))
            var page = try await lead.get(path)
            // Three labelled fields in a fieldset, no single date box.
            for id in ["task-due-day", "task-due-month", "task-due-year", "accused-heard-on-day", "accused-heard-on-year"] {
                #expect(page.body.contains("id=\"\(id)\""), "\(id)")
            }
            #expect(page.body.contains("<fieldset class=\"date-input\" id=\"task-due\" role=\"group\" aria-describedby=\"task-due-hint\">\n  <legend>Uiterlijk</legend>"))
            #expect(!page.body.contains("placeholder=\"2026-01-31\""))

            let refused = try await lead.post("\(path)/taak", ["version": try caseVersion(page.body), "text": "Gesprek plannen", "owner": "vp-extern",
                                                               "dueDay": "31", "dueMonth": "4", "dueYear": "2027"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"task-due-day\" name=\"dueDay\" value=\"31\""))
            #expect(try await CaseTask.query(on: app.db).count() == 0)

            page = try await lead.get(path)
            let stored = try await lead.post("\(path)/taak", ["version": try caseVersion(page.body), "text": "Gesprek plannen", "owner": "vp-extern",
                                                              "dueDay": "9", "dueMonth": "1", "dueYear": "2027"])
            #expect(stored.status == .seeOther)
            #expect(try await CaseTask.query(on: app.db).first()?.due == "2027-01-09")
            #expect(try await lead.get(path).body.contains("9 januari 2027"))

            page = try await lead.get(path)
            let rights = try await lead.post("\(path)/beklaagde", ["version": try caseVersion(page.body),
                                                                   "informedOnDay": "3", "informedOnMonth": "12", "informedOnYear": "2026",
                                                                   "informedBy": "De vertrouwenspersoon", "toldWhat": "Dat er een melding is"])
            #expect(rights.status == .seeOther)
            // The stored day comes back in the three fields.
            let after = try await lead.get(path).body
            #expect(after.contains("id=\"accused-informed-on-day\" name=\"informedOnDay\" value=\"3\""))
            #expect(after.contains("id=\"accused-informed-on-year\" name=\"informedOnYear\" value=\"2026\""))
        }
    }

    @Test("The route finder asks when it happened in three fields: a day that does not exist is refused with the parts kept; an old date makes the committee conditional",
          arguments: TestDatabase.all)
    func finder(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let form = try await browser.get("/wegwijzer")
            #expect(form.body.contains("id=\"date-day\" name=\"dateDay\""))
            let base = ["reporter": "ambtenaar", "accused": "ambtenaar", "item[]": "i", "wish": "weet-niet"]
            let refused = try await browser.post("/wegwijzer", base.merging(["dateDay": "31", "dateMonth": "4", "dateYear": "2026"]) { $1 })
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Vul een bestaande datum in"))
            #expect(refused.body.contains("id=\"date-month\" name=\"dateMonth\" value=\"4\""))
            // Positive control: the same answers with a real day, two years ago, give routes.
            let old = app.today.adding(years: -2)
            let answered = try await browser.post("/wegwijzer", base.merging(["dateDay": String(old.day), "dateMonth": String(old.month),
                                                                              "dateYear": String(old.year)]) { $1 })
            #expect(answered.status == .ok)
            #expect(!answered.body.contains("Vul een bestaande datum in"))
        }
    }
}
