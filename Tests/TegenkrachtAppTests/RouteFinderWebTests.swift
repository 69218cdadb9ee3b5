import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

@Suite("Route finder: API and pages")
struct RouteFinderWebTests {
    private func json(_ page: TestBrowser.Page) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
    }

    private func ids(_ object: [String: Any], _ key: String) -> [String] {
        (object[key] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test("The API answers with routes and gaps in the documented shape", arguments: TestDatabase.all)
    func apiShape(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let page = try await TestBrowser(app).get("/api/v1/routes?reporter=ambtenaar&accused=kamerlid&behaviour=ongewenst")
            #expect(page.status == .ok)
            #expect(page.headers.contentType == .json)
            let body = try json(page)
            let routes = try #require(body["routes"] as? [[String: Any]])
            for route in routes {
                for key in ["id", "formal", "canInvestigate", "canSanction", "canListen", "canAdvise", "canMediate", "name"] {
                    #expect(route[key] != nil, "\(key)")
                }
            }
            #expect(ids(body, "routes").contains("centraal-meldpunt"))
            #expect(!ids(body, "routes").contains("klachtencommissie"))
            let gaps = try #require(body["gaps"] as? [[String: Any]])
            let gap = try #require(gaps.first { $0["id"] as? String == "geen-klachtroute-kamerlid" })
            #expect((gap["explanation"] as? String)?.contains("geen klachtenprocedure") == true)

            // A date more than a year ago: the committee stays, conditional, with the reason (issue 13).
            let late = try json(try await TestBrowser(app).get(
                "/api/v1/routes?reporter=ambtenaar&accused=ambtenaar&behaviour=ongewenst&date=\(app.today.adding(years: -2).iso)"))
            let committee = try #require((late["routes"] as? [[String: Any]])?.first { $0["id"] as? String == "klachtencommissie" })
            #expect(committee["conditional"] as? Bool == true)
            #expect((committee["reasons"] as? [String])?.first?.contains("binnen een jaar") == true)
            // A gap that depends on an unknown adoption says so, instead of "you cannot".
            let unknown = try json(try await TestBrowser(app).get("/api/v1/routes?reporter=fractiemedewerker&accused=ambtenaar&behaviour=ongewenst"))
            let depends = try #require((unknown["gaps"] as? [[String: Any]])?.first { $0["id"] as? String == "klachtencommissie-niet-voor-melder" })
            #expect(depends["conditional"] as? Bool == true)
            #expect((depends["explanation"] as? String)?.hasPrefix("Of je een klacht kunt indienen") == true)
        }
    }

    @Test("Bad input: 400 with the valid values, and a reason for a combination that makes no sense", arguments: TestDatabase.all)
    func apiErrors(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let unknown = try await browser.get("/api/v1/routes?reporter=minister&accused=kamerlid&behaviour=ongewenst")
            #expect(unknown.status == .badRequest)
            let body = try json(unknown)
            #expect(body["validValues"] as? [String] == ["ambtenaar", "fractiemedewerker", "kamerlid", "oud-medewerker", "extern"])
            #expect((body["error"] as? String)?.contains("'minister' is geen geldige keuze") == true)

            let behaviour = try await browser.get("/api/v1/routes?reporter=ambtenaar&accused=kamerlid&behaviour=roddel&lang=en")
            #expect(behaviour.status == .badRequest)
            #expect(try json(behaviour)["validValues"] as? [String] == ["ongewenst", "integriteit", "misstand", "strafbaar"])

            let mp = try await browser.get("/api/v1/routes?reporter=kamerlid&reporter-adopted=yes&accused=ambtenaar&behaviour=ongewenst&lang=en")
            #expect(mp.status == .badRequest)
            #expect((try json(mp)["error"] as? String)?.contains("never applies to MPs") == true)

            let missing = try await browser.get("/api/v1/routes?reporter=ambtenaar&behaviour=ongewenst")
            #expect(missing.status == .badRequest)
        }
    }

    @Test("A fractie named in the answers settles the adoption question from the register", arguments: TestDatabase.all)
    func fractieFromRegister(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            // Noordstar adopted the Klachtenregeling (2021-05-01); Volkspartij Midden did not.
            let adopted = try json(try await browser.get("/api/v1/routes?reporter=ambtenaar&accused=fractiemedewerker&accused-fractie=noordstar&behaviour=ongewenst"))
            #expect(ids(adopted, "routes").contains("klachtencommissie"))
            let notAdopted = try json(try await browser.get("/api/v1/routes?reporter=ambtenaar&accused=fractiemedewerker&accused-fractie=volkspartij-midden&behaviour=ongewenst"))
            #expect(!ids(notAdopted, "routes").contains("klachtencommissie"))
            #expect(ids(notAdopted, "gaps").contains("klachtencommissie-niet-voor-beklaagde"))
            let unknownFractie = try await browser.get("/api/v1/routes?reporter=ambtenaar&accused=fractiemedewerker&accused-fractie=bestaat-niet&behaviour=ongewenst")
            #expect(unknownFractie.status == .badRequest)
        }
    }

    @Test("The web flow: answers in, every route and the gaps out; nothing is stored", arguments: TestDatabase.all)
    func webFlow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let form = try await browser.get("/wegwijzer")
            #expect(form.status == .ok)
            #expect(form.body.contains("Wie ben jij?"))
            #expect(form.body.contains("Seksuele intimidatie"))
            let result = try await browser.post("/wegwijzer", ["reporter": "ambtenaar", "accused": "kamerlid",
                                                               "item[]": "l", "wish": "klacht"])
            #expect(result.status == .ok)
            #expect(result.body.contains("id=\"route-vertrouwenspersoon-ongewenst-intern\""))
            #expect(result.body.contains("id=\"route-centraal-meldpunt\""))
            #expect(result.body.contains("id=\"gap-geen-klachtroute-kamerlid\""))
            #expect(result.body.contains("Karin Oudemolen"))
            #expect(result.body.contains("Centrum Seksueel Geweld: 0800-0188"))
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
        }
    }

    @Test("An incomplete form comes back with a message and everything already chosen", arguments: TestDatabase.all)
    func incompleteForm(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/wegwijzer")
            let page = try await browser.post("/wegwijzer", ["reporter": "fractiemedewerker", "reporterFractie": "noordstar",
                                                             "item[]": "c", "wish": "advies"])
            #expect(page.status == .badRequest)
            #expect(page.body.contains("Deze vraag is nog niet beantwoord: over wie gaat het."))
            #expect(page.body.contains(#"id="reporter-fractiemedewerker" value="fractiemedewerker" checked"#))
            #expect(page.body.contains(#"value="noordstar" selected"#))
            #expect(page.body.contains(#"id="item-c" value="c" checked"#))
            #expect(page.body.contains(#"id="wish-advies" value="advies" checked"#))
        }
    }

    @Test("Every body has a page, and the register shows each fractie's status", arguments: TestDatabase.all)
    func bodiesAndRegister(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let rules = try #require(app.routeRules.inForce(on: app.today))
            let t = app.localisation.localizer(.dutch)
            for rule in rules.routes {
                let page = try await browser.get("/organen/\(rule.id)")
                #expect(page.status == .ok, "\(rule.id)")
                #expect(!page.body.contains("route.\(rule.id)"), "untranslated text on \(rule.id)")
                // Positive control: the page is this body's own page, with its name translated.
                #expect(page.body.contains(t.text("route.\(rule.id).name")), "\(rule.id)")
            }
            #expect(try await browser.get("/organen/bestaat-niet").status == .notFound)
            let register = try await browser.get("/fracties")
            #expect(register.body.contains("<th scope=\"row\">Nieuw Links</th>\n      <td>Ja, sinds 1 februari 2024</td>"))
            #expect(register.body.contains("<th scope=\"row\">BoerenStem</th>\n      <td>Nee</td>"))
            let external = try await browser.get("/extern-melden?lang=en")
            #expect(external.body.contains("Whistleblowers Authority"))
        }
    }
}
