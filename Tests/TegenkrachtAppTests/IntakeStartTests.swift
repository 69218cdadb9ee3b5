import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
import Testing
import Vapor

/// Choosing an advisor carries that advisor into the form (issue 15).
@Suite("Starting a report with an advisor chosen")
struct IntakeStartTests {
    static let checked = #"id="recipient-vp:vp-extern" value="vp:vp-extern" checked"#

    @Test("From the route finder's advisor buttons and from the home page's link, the form opens with that advisor chosen", arguments: TestDatabase.all)
    func advisorCarried(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/wegwijzer")
            let result = try await browser.post("/wegwijzer", ["reporter": "ambtenaar", "accused": "ambtenaar", "item[]": "i", "wish": "praten"])
            #expect(result.body.contains("id=\"start-vp:vp-extern\""))
            #expect(result.body.contains("Melding maken bij Drs. Marloes Kerkhoven"))
            let form = try await browser.post("/melden/start", ["recipient": "vp:vp-extern", "item[]": "i"])
            #expect(form.body.contains(Self.checked))

            // The home page starts with an advisor by a post (no address names them).
            let home = try await browser.get("/")
            #expect(home.body.contains("action=\"/melden/start\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\""))
            #expect(home.body.contains("name=\"recipient\" value=\"vp:vp-extern\""))
            #expect(!home.body.contains("vertrouwenspersoon="))
            // Positive control: the plain form chooses nobody.
            #expect(!(try await browser.get("/melden").body.contains(" checked><label for=\"recipient-vp:")))
        }
    }

    @Test("Switching the form's language keeps what was typed (issue 15)", arguments: TestDatabase.all)
    func languageSwitchKeepsAnswers(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let form = try await browser.get("/melden")
            #expect(form.body.contains("formaction=\"/melden/start?lang=en\""))
            // The main action is the form's first button, so Enter in a field goes on and never switches language.
            let next = try #require(form.body.range(of: ">Verder: je antwoorden controleren</button>"))
            let switchLanguage = try #require(form.body.range(of: "id=\"intake-switch-language\""))
            #expect(next.lowerBound < switchLanguage.lowerBound)
            let formStart = try #require(form.body.range(of: "action=\"/melden/controleren\""))
            // Only the main button's own tag comes before its text.
            #expect(form.body[formStart.upperBound..<next.lowerBound].components(separatedBy: "<button").count == 2)
            let english = try await browser.post("/melden/start?lang=en", ["recipient": "vp:vp-extern", "whatHappened": "Mijn chef schreeuwt.",
                                                                           "when": "sinds maart", "mode": "anoniem"])
            #expect(english.body.contains("<html lang=\"en\">"))
            #expect(english.body.contains(">Mijn chef schreeuwt.</textarea>"))
            #expect(english.body.contains("value=\"sinds maart\""))
            #expect(english.body.contains(IntakeStartTests.checked))
            // And back: the button now offers Dutch, and the answers come along again.
            #expect(english.body.contains("formaction=\"/melden/start?lang=nl\""))
            let dutch = try await browser.post("/melden/start?lang=nl", ["whatHappened": "Mijn chef schreeuwt."])
            #expect(dutch.body.contains("<html lang=\"nl\">") && dutch.body.contains(">Mijn chef schreeuwt.</textarea>"))
        }
    }

    @Test("The route finder asks whether it is the reporter's own manager; yes leaves out the manager and says where to go", arguments: TestDatabase.all)
    func ownManager(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            #expect(try await browser.get("/wegwijzer").body.contains("id=\"accused-manager-yes\""))
            let base = ["reporter": "ambtenaar", "accused": "ambtenaar", "item[]": "i", "wish": "weet-niet"]
            let own = try await browser.post("/wegwijzer", base.merging(["accusedManager": "yes"]) { $1 })
            #expect(own.status == .ok)
            #expect(!own.body.contains("id=\"route-leidinggevende\""))
            #expect(own.body.contains("id=\"gap-eigen-leidinggevende\""))
            // Positive control: without that answer the manager's route is there.
            let other = try await browser.post("/wegwijzer", base)
            #expect(other.body.contains("id=\"route-leidinggevende\"") && !other.body.contains("id=\"gap-eigen-leidinggevende\""))
            // The API takes it too.
            let api = try await browser.get("/api/v1/routes?reporter=ambtenaar&accused=ambtenaar&behaviour=ongewenst&accused-manager=yes")
            #expect(api.body.contains("\"eigen-leidinggevende\"") && !api.body.contains("\"id\":\"leidinggevende\""))
        }
    }
}
