import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

@Suite("Registry: every signal in one place, pattern alerts without identities")
struct RegistryWebTests {
    static func report(to advisor: String, accused: String, text: String) -> [(String, String)] {
        [("kind", "melding"), ("mode", "vertrouwelijk"), ("recipient", "vp:\(advisor)"), ("name", "Sam Melder"),
         ("whatHappened", text), ("item[]", "c"), ("accused0Name", accused)]
    }

    @Test("Four signals about one person through three kinds of recipient: exactly one alert, with the count and no identities",
          arguments: TestDatabase.all)
    func fourSignals(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await submitReport(TestBrowser(app), Self.report(to: "vp-extern", accused: "Erik Vlasblom",
                                                                text: "Hij schreeuwt tegen mij in het bodeoverleg."))
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            let hr = try await signedInFunctionary(app, "kortlever", person: "hr-1")
            let registration = ["kind": "signaal", "received": app.today.iso, "item[]": "c",
                                "reporterGroup": "ambtenaar", "accusedGroup": "ambtenaar"]
            try await manager.get("/werkruimte/registreren")
            let first = try await manager.post("/werkruimte/registreren",
                                               registration.merging(["channel": "leidinggevende", "accusedPerson": "manager-bodes"]) { $1 })
            #expect(first.location == "/werkruimte/registreren?ok=1")
            try await hr.get("/werkruimte/registreren")
            try await hr.post("/werkruimte/registreren", registration.merging(["channel": "hr", "accusedName": "E. Vlasblom"]) { $1 })
            #expect(try await RegistryAlert.query(on: app.db).count() == 0)
            // The fourth: another advisor, another spelling.
            try await submitReport(TestBrowser(app), Self.report(to: "vp-ambtelijk-2", accused: "erik vlasblom",
                                                                text: "Ook tegen mij, in de gang."))
            let alerts = try await RegistryAlert.query(on: app.db).all()
            #expect(alerts.count == 1)
            #expect(alerts.first?.count == 4)
            // To the coordinator and the civil service's competent authority (the Griffier), not to the accused.
            #expect(alerts.first?.recipients.split(separator: ",").sorted() == ["griffier", "integriteitscoordinator"])

            let coordinator = try await signedInFunctionary(app, "smeulders", person: "integriteitscoordinator")
            #expect(try await coordinator.get("/werkruimte").body.contains("Waarschuwingen (1)"))
            let page = try await coordinator.get("/werkruimte/signalen")
            #expect(page.body.contains("Erik Vlasblom"))
            #expect(page.body.contains("4 signalen sinds \(app.today.inDutch)"))
            for secret in ["Sam Melder", "schreeuwt", "in de gang", "/werkruimte/meldingen/"] {
                #expect(!page.body.contains(secret), "\(secret)")
            }
            // Positive control: the handler's inbox links the report, and its page shows the name and the text.
            let handler = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let handlerPath = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#,
                                                                  in: try await handler.get("/werkruimte").body))
            let handlerPage = try await handler.get(handlerPath)
            #expect(handlerPage.body.contains("Sam Melder") && handlerPage.body.contains("schreeuwt"))
            // Another manager sees no alerts; the accused (as Griffier's colleague) is never told.
            #expect(try await manager.get("/werkruimte/signalen").body.contains("Er zijn geen waarschuwingen voor jou."))

            // The coordinator follows up; the registrars see that an alert was raised and how it stands.
            let alertID = try #require(alerts.first?.id)
            try await coordinator.post("/werkruimte/signalen/\(alertID)", ["state": "in-behandeling", "followUp": "Gesprek met de leidinggevende gepland."])
            let mine = try await manager.get("/werkruimte/registreren")
            #expect(mine.body.contains("er is een waarschuwing gegeven aan de verantwoordelijke; stand: wordt opgepakt"))
            #expect(!mine.body.contains("Gesprek met de leidinggevende gepland."))
            // Positive control: the follow-up was stored and the coordinator reads it back.
            #expect(try await coordinator.get("/werkruimte/signalen").body.contains("Gesprek met de leidinggevende gepland."))

            // The registry holds no names: only keyed blind indexes.
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { let subject_index: String }
            let indexes = try await sql.raw("SELECT subject_index FROM registry_subjects").all(decoding: Row.self).map(\.subject_index)
            #expect(!indexes.isEmpty)
            let plain = ["persoon:manager-bodes", "naam:erik vlasblom", "naam:e vlasblom"]
            for index in indexes {
                #expect(index.count == 64)
                for text in plain {
                    #expect(index != sha256Hex(text), "an unkeyed hash would be guessable")
                    #expect(!index.contains("vlasblom"))
                }
            }
            #expect(indexes.contains(try RegistryService.blindIndex(.person("manager-bodes"), app: app)))
        }
    }

    @Test("Signals about an MP alert whom the organisation gives authority over MPs, not the coordinator; the alert says which rule fired, the channels and the kinds",
          arguments: TestDatabase.all)
    func signalsAboutAnMP(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            let hr = try await signedInFunctionary(app, "kortlever", person: "hr-1")
            // Entered newest first, from different registrars: the order does not matter.
            for (n, registrar) in [manager, hr, manager, hr].enumerated() {
                try await registrar.get("/werkruimte/registreren")
                let page = try await registrar.post("/werkruimte/registreren", [
                    "kind": "signaal", "received": app.today.adding(days: -30 * n).iso, "item[]": n.isMultiple(of: 2) ? "c" : "k",
                    "reporterGroup": "fractiemedewerker", "accusedGroup": "kamerlid", "accusedName": "Kamerlid Jansen",
                    "channel": n.isMultiple(of: 2) ? "leidinggevende" : "hr"])
                #expect(page.location == "/werkruimte/registreren?ok=1")
            }
            let alerts = try await RegistryAlert.query(on: app.db).all()
            #expect(alerts.count == 1)
            // The party of a named MP is unknown: not the Voorzitter (who sits in a fractie), not the coordinator.
            #expect(alerts.first?.recipients == "college-secretaris")
            let secretariat = try await signedInFunctionary(app, "hazenberg", person: "college-secretaris")
            let page = try await secretariat.get("/werkruimte/signalen")
            #expect(page.body.contains("Kamerlid Jansen"))
            #expect(page.body.contains("Meer dan 3 signalen binnen 24 maanden"))
            #expect(page.body.contains("HR, Leidinggevende"))
            #expect(page.body.contains("Pesten en tegenwerken, Seksueel grensoverschrijdend gedrag"))
            #expect(page.body.contains("de waarschuwing gaat over een Kamerlid"))
            #expect(!page.body.contains("Ramdin") && !page.body.contains("Kortlever"))
            // Positive control: the registrars' names are spelled so where the app shows them (their own welcome).
            #expect(try await manager.get("/werkruimte").body.contains("Ramdin"))
            #expect(try await hr.get("/werkruimte").body.contains("Kortlever"))
            let coordinator = try await signedInFunctionary(app, "smeulders", person: "integriteitscoordinator")
            #expect(try await coordinator.get("/werkruimte/signalen").body.contains("Er zijn geen waarschuwingen voor jou."))
        }
    }

    @Test("An escrowed report stays sealed until a second report names the same person; then both handlers are told",
          arguments: TestDatabase.all)
    func escrow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            var fields = Self.report(to: "vp-extern", accused: "Priya Ramdin", text: "Ze stuurt mij berichten 's nachts.")
            fields.append(("escrow", "on"))
            let code = try await submitReport(reporter, fields)
            let lead = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let report = try #require(try await Report.query(on: app.db).first())
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            #expect(!(try await lead.get("/werkruimte")).body.contains(path))
            #expect(try await lead.get(path).status == .notFound)
            _ = try await loginPortal(reporter, code: code)
            #expect(try await reporter.get("/portaal/melding").body.contains("Je melding is verzegeld"))

            // A report about someone else changes nothing.
            try await submitReport(TestBrowser(app), Self.report(to: "vp-ambtelijk-2", accused: "Erik Vlasblom", text: "Iets anders."))
            #expect(try await lead.get(path).status == .notFound)

            // A second report names the same person (another spelling): the seal is lifted, both handlers are told.
            try await submitReport(TestBrowser(app), Self.report(to: "vp-fractie-2", accused: "P. Ramdin", text: "Ook bij mij."))
            let inbox = try await lead.get("/werkruimte")
            #expect(inbox.body.contains(path))
            #expect(inbox.body.contains("een andere melding noemt dezelfde persoon"))
            #expect(try await lead.get(path).status == .ok)
            let other = try await signedInFunctionary(app, "brandhorst", person: "vp-fractie-2")
            #expect(try await other.get("/werkruimte").body.contains("een andere melding noemt dezelfde persoon"))
            // The second handler sees their own report, not the escrowed one.
            #expect(try await other.get(path).status == .notFound)
            #expect(try await reporter.get("/portaal/melding").body.contains("Een andere melding noemt dezelfde persoon"))
        }
    }

    @Test("Registration: bad input is refused with the reasons and keeps what was chosen", arguments: TestDatabase.all)
    func badRegistration(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            try await manager.get("/werkruimte/registreren")
            let refused = try await manager.post("/werkruimte/registreren", ["kind": "signaal", "channel": "leidinggevende",
                                                                              "received": "2999-01-01", "accusedPerson": "manager-bodes"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("niet in de toekomst"))
            #expect(refused.body.contains("Kies minstens één soort gedrag."))
            #expect(refused.body.contains(#"<option value="manager-bodes" selected>"#))
            #expect(try await RegistryEntry.query(on: app.db).count() == 0)
            // Positive control: corrected, the same registration is stored and the same query sees it.
            try await manager.get("/werkruimte/registreren")
            let stored = try await manager.post("/werkruimte/registreren", ["kind": "signaal", "channel": "leidinggevende", "received": app.today.iso,
                                                                             "accusedPerson": "manager-bodes", "item[]": "c",
                                                                             "reporterGroup": "ambtenaar", "accusedGroup": "ambtenaar"])
            #expect(stored.location == "/werkruimte/registreren?ok=1")
            #expect(try await RegistryEntry.query(on: app.db).count() == 1)
        }
    }
}
