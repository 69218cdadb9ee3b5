import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// The invitation to the hearing states its date, time and place (issue 15).
@Suite("The invitation to the hearing")
struct HearingLetterTests {
    /// A complaint to the committee, and its secretary signed in.
    static func complaint(_ app: Application) async throws -> (reporter: TestBrowser, code: String, secretary: TestBrowser, report: Report) {
        let reporter = TestBrowser(app)
        let code = try await submitReport(reporter, [
            ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "klachtencommissie"), ("name", "Kim Klager"),
            ("whatHappened", "Mijn chef kleineert mij al maanden in het teamoverleg."), ("when", "januari tot maart 2026"),
            ("accused0Name", "E. Chef"), ("accused0Function", "teamleider"),
        ])
        try await createStaff(app, username: "secretaris").with(personID: "kc-secretaris", app: app)
        let secretary = TestBrowser(app)
        try await signIn(secretary, username: "secretaris")
        return (reporter, code, secretary, try #require(try await Report.query(on: app.db).first()))
    }

    @Test("Without details the letter shows what to fill in; with them it names the day in words, the time and the place; a wrong time is said",
          arguments: TestDatabase.all)
    func invitation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (_, _, secretary, report) = try await Self.complaint(app)
            let letter = "/werkruimte/meldingen/\(try report.requireID())/brief/uitnodiging-hoorzitting"

            let blank = try await secretary.get(letter)
            #expect(blank.status == .ok)
            #expect(blank.body.contains("id=\"hearing-form\""))
            #expect(blank.body.contains("om [tijd] uur, in [plaats]."))

            let filled = try await secretary.get(letter + "?hoorzittingDay=14&hoorzittingMonth=1&hoorzittingYear=2027&tijd=14:00&plaats=Zaal%20A%200.22")
            #expect(filled.body.contains("De hoorzitting is op 14 januari 2027 om 14.00 uur, in Zaal A 0.22."))
            #expect(!filled.body.contains("[tijd]"))

            let wrong = try await secretary.get(letter + "?hoorzittingDay=14&hoorzittingMonth=1&hoorzittingYear=2027&tijd=25:00&plaats=Zaal")
            #expect(wrong.body.contains("Schrijf de tijd als 14.00 of 14:00."))
            #expect(wrong.body.contains("om [tijd] uur, in Zaal."))
            // Other letters have no hearing form.
            let receipt = try await secretary.get("/werkruimte/meldingen/\(try report.requireID())/brief/ontvangstbevestiging")
            #expect(receipt.status == .ok && !receipt.body.contains("id=\"hearing-form\""))
        }
    }

    @Test("The complainant's timeline shows the day a procedure step happened, not when it was recorded (issue 15)", arguments: TestDatabase.all)
    func eventDays(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (reporter, code, secretary, report) = try await Self.complaint(app)
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            try await secretary.get(path)
            // Recorded at 00:30 on the pinned clock's day; the timeline shows the day alone.
            let asked = app.today
            let recorded = try await secretary.post("\(path)/procedure", ["event": "aanvulling-gevraagd", "dateDay": String(asked.day),
                                                                           "dateMonth": String(asked.month), "dateYear": String(asked.year)])
            #expect(recorded.status == .seeOther)
            try await loginPortal(reporter, code: code)
            let portal = try await reporter.get("/portaal/melding").body
            #expect(portal.contains("<li>\(asked.inDutch) — De klachtencommissie heeft gevraagd ontbrekende stukken aan te vullen</li>"))
            // Positive control: an event that is no procedure step keeps its moment, with the time.
            #expect(portal.contains("<li>\(asked.inDutch), 00:30 — "))
        }
    }
}
