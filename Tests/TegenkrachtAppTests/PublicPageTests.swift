import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor

@Suite("Public pages")
struct PublicPageTests {
    @Test("A body's page and the route finder's answer say how to reach its people (issue 15)", arguments: TestDatabase.all)
    func contactOnBodies(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let committee = try await browser.get("/organen/klachtencommissie")
            #expect(committee.status == .ok)
            #expect(committee.body.contains("<a href=\"mailto:klachtencommissie@demo-parlement.example\">"))
            #expect(committee.body.contains("Kamer A 0.22"))
            // Positive control for the police check below: a body with contact details marks them with the class.
            #expect(committee.body.contains("class=\"contact\""))
            let api = try await browser.get("/api/v1/routes?reporter=ambtenaar&accused=ambtenaar&behaviour=ongewenst")
            #expect(api.body.contains("\"availability\":\"elke werkdag, 8 tot 20 uur; ook buiten het gebouw\""))
            // Positive control: a body whose people have no details shows none, and the page still loads.
            let police = try await browser.get("/organen/politie")
            #expect(police.status == .ok && !police.body.contains("class=\"contact\""))
        }
    }

    @Test("The home page is Dutch by default and lists the advisors with their affiliation", arguments: TestDatabase.all)
    func dutchHomePage(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<html lang="nl">"#))
            #expect(page.body.contains("Hulp bij ongewenst gedrag en integriteit"))
            // A fractie-side advisor shows her fractie and her other role, so a conflict is visible.
            #expect(TestBrowser.firstMatch(#"<td role="cell" data-label="Naam">Sanne Wijnberg<br><form method="post" action="/melden/start" class="inline">.*?Melding maken bij deze persoon<span class="visually-hidden">: Sanne Wijnberg</span></button></form>(?:<br><span class="contact">[^<]*(?:<a [^>]*>[^<]*</a>[^<]*|<br>[^<]*)*</span>)?</td><td role="cell" data-label="Komt van">(Fractie Noordstar)</td><td role="cell" data-label="Andere taken">Leidinggevende</td>"#, in: page.body) == "Fractie Noordstar")
            #expect(page.body.contains("Centrum Seksueel Geweld: 0800-0188"))
            // A person can be reached (issue 15): each advisor's phone, e-mail and hours, from the organisation model.
            #expect(page.body.contains("<a href=\"tel:0703183101\">070 318 31 01</a>"))
            #expect(page.body.contains("<a href=\"mailto:s.wijnberg@noordstar.example\">s.wijnberg@noordstar.example</a>"))
            #expect(page.body.contains("Bereikbaar maandag tot en met donderdag, 10 tot 18 uur"))
        }
    }

    @Test("English is one link away and is remembered", arguments: TestDatabase.all)
    func englishVariant(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let english = try await browser.get("/?lang=en")
            #expect(english.body.contains(#"<html lang="en">"#))
            #expect(english.body.contains("Help with unwanted behaviour and integrity"))
            #expect(english.setCookie("tk_lang")?.contains("HttpOnly") == true)
            let next = try await browser.get("/inloggen")
            #expect(next.body.contains("Staff login"))
            let back = try await browser.get("/?lang=nl")
            #expect(back.body.contains("Hulp bij ongewenst gedrag"))
        }
    }

    @Test("Strict security headers on every page; only static files may be cached", arguments: TestDatabase.all)
    func securityHeaders(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            for path in ["/", "/inloggen", "/bestaat-niet"] {
                let page = try await browser.get(path)
                let csp = try #require(page.headers.first(name: "Content-Security-Policy"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(page.headers.first(name: "Referrer-Policy") == "no-referrer")
                #expect(page.headers.first(name: .cacheControl) == "no-store")
                #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(page.headers.first(name: "Strict-Transport-Security") != nil)
            }
            let css = try await browser.get("/css/site.css")
            #expect(css.status == .ok)
            #expect(css.headers.first(name: .cacheControl) == "public, max-age=3600")
        }
    }

    @Test("An unknown page is a 404 in the visitor's language, without internal detail", arguments: TestDatabase.all)
    func notFound(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let nl = try await browser.get("/bestaat-niet")
            #expect(nl.status == .notFound)
            #expect(nl.body.contains("Deze pagina bestaat niet."))
            let en = try await browser.get("/does-not-exist?lang=en")
            #expect(en.body.contains("This page does not exist."))
        }
    }
}
