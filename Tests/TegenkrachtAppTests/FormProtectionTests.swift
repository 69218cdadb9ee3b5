import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor
import VaporTesting

/// Issue 16: the CSRF token is bound to the session, and the intake form's large bodies are guarded
/// before they are read.
@Suite("Form protection")
struct FormProtectionTests {
    @Test("A staff form token works only with the session it was made for", arguments: TestDatabase.all)
    func tokenBoundToStaffSession(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "anna")
            try await createStaff(app, username: "bram")
            let anna = TestBrowser(app)
            try await signIn(anna, username: "anna")
            let bram = TestBrowser(app)
            try await signIn(bram, username: "bram")
            try await anna.get("/werkruimte")
            let annasToken = anna.csrfToken()
            let annasSecret = try #require(anna.cookies["__Host-tk_csrf"])
            #expect(!annasToken.isEmpty)

            // Bram's browser with Anna's CSRF cookie and Anna's token (read off her screen): refused.
            try await bram.get("/werkruimte")
            let bramsOwnSecret = bram.cookies["__Host-tk_csrf"]
            bram.setCookie("__Host-tk_csrf", annasSecret)
            let carried = try await bram.post("/uitloggen", [:], csrf: annasToken)
            #expect(carried.status == .forbidden)

            // Positive control: with his own cookie and his own page's token, the same post works.
            bram.setCookie("__Host-tk_csrf", bramsOwnSecret)
            try await bram.get("/werkruimte")
            let own = try await bram.post("/uitloggen", [:])
            #expect(own.status == .seeOther)

            // And Anna's own token still works for Anna.
            let annas = try await anna.post("/uitloggen", [:], csrf: annasToken)
            #expect(annas.status == .seeOther)
        }
    }

    @Test("A token from before a login is void after it, even with the old cookie kept", arguments: TestDatabase.all)
    func tokenFromBeforeLogin(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "carla")
            let browser = TestBrowser(app)
            try await browser.get("/inloggen")
            let anonymousToken = browser.csrfToken()
            let anonymousSecret = try #require(browser.cookies["__Host-tk_csrf"])
            try await signIn(browser, username: "carla")
            let sessionSecret = browser.cookies["__Host-tk_csrf"]
            // An attacker who planted the old cookie and knows its anonymous token gets nowhere.
            browser.setCookie("__Host-tk_csrf", anonymousSecret)
            let planted = try await browser.post("/uitloggen", [:], csrf: anonymousToken)
            #expect(planted.status == .forbidden)
            // Positive control: with the session's own cookie and a page's token, the same post works.
            browser.setCookie("__Host-tk_csrf", sessionSecret)
            try await browser.get("/werkruimte")
            #expect(try await browser.post("/uitloggen", [:]).status == .seeOther)
        }
    }

    @Test("The intake form's token comes first in its body and stays out of the URL; without it first, nothing is read on",
          arguments: TestDatabase.all)
    func intakeTokenFirst(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            // The form that sends is the one on the check page (issue 15), where the attachments are chosen.
            let page = try await browser.post("/melden/controleren", ["kind": "melding", "mode": "anoniem", "recipient": "centraal-meldpunt",
                                                                      "whatHappened": "Een melding om te controleren."])
            // Not in the address (a shared browser's history would show that a report was sent).
            #expect(page.body.contains("action=\"/melden\" enctype=\"multipart/form-data\""))
            let token = browser.csrfToken()
            let form = page.body.components(separatedBy: "action=\"/melden\"").dropFirst().first ?? ""
            #expect(form.drop(while: { $0 != "<" }).hasPrefix("<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">"))
            let fields: [(String, String)] = [("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt"),
                                              ("whatHappened", "Een melding met het token achteraan.")]
            let boundary = "----volgorde"
            func body(_ parts: [(String, String)]) -> ByteBuffer {
                var text = ""
                for (name, value) in parts { text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
                return ByteBuffer(string: text + "--\(boundary)--\r\n")
            }
            var headers = browser.cookieHeader
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            // The right token, but last: refused, nothing stored.
            let last = try await app.testing().sendRequest(.POST, "/melden", headers: headers, body: body(fields + [("_csrf", token)]))
            #expect(last.status == .forbidden)
            // A wrong token first: refused.
            let wrong = try await app.testing().sendRequest(.POST, "/melden", headers: headers, body: body([("_csrf", String(repeating: "0", count: 64))] + fields))
            #expect(wrong.status == .forbidden)
            // No parts at all: refused (no token), and an empty delimiter alone is not even multipart.
            let noParts = try await app.testing().sendRequest(.POST, "/melden", headers: headers,
                                                              body: ByteBuffer(string: "voorwoord zonder delen"))
            #expect(noParts.status == .forbidden)
            let empty = try await app.testing().sendRequest(.POST, "/melden", headers: headers, body: ByteBuffer(string: "--\(boundary)--\r\n"))
            #expect(empty.status == .badRequest)
            #expect(try await Report.query(on: app.db).count() == 0)
            // Positive control: the token first, as the form sends it.
            let good = try await app.testing().sendRequest(.POST, "/melden", headers: headers, body: body([("_csrf", token)] + fields))
            #expect(good.status == .ok)
            #expect(try await Report.query(on: app.db).count() == 1)
        }
    }
}

@Suite("Intake body gate")
struct IntakeBodyGateTests {
    @Test("At most `capacity` bodies at once; a waiter gets a freed slot, and gives up after its patience")
    func gate() async throws {
        let gate = IntakeBodyGate(capacity: 2, patience: .milliseconds(300))
        let first = try #require(await gate.enter())
        let second = try #require(await gate.enter())
        #expect(await gate.load.inside == 2)
        // A third waits; a slot freed meanwhile is handed to it.
        async let third = gate.enter()
        try await Task.sleep(for: .milliseconds(50))
        #expect(await gate.load.waiting == 1)
        await gate.leave(first)
        let admitted = await third
        #expect(admitted != nil)
        // A fourth finds no free slot within its patience.
        let started = ContinuousClock.now
        let refused = await gate.enter()
        #expect(refused == nil)
        #expect(ContinuousClock.now - started >= .milliseconds(250))
        #expect(await gate.load.waiting == 0)
        await gate.leave(second)
        if let admitted { await gate.leave(admitted) }
        #expect(await gate.load.inside == 0)
    }
}
