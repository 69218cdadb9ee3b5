import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor

@Suite("Staff login with two factors")
struct LoginTests {
    @Test("Enrolment on first login, then a second login with a code", arguments: TestDatabase.all)
    func enrolmentAndSecondLogin(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "vp.oudemolen")
            let first = TestBrowser(app)
            let secret = try await signIn(first, username: "vp.oudemolen")
            #expect(first.lastBody.contains("recovery-codes"))
            let workspace = try await first.get("/werkruimte")
            #expect(workspace.status == .ok)
            #expect(workspace.body.contains("Welkom, Vp.Oudemolen"))

            let second = TestBrowser(app)
            try await second.get("/inloggen")
            let password = try await second.post("/inloggen", ["username": "VP.Oudemolen", "password": "correct horse battery"])
            #expect(password.location == "/inloggen/tweestaps")
            // Before the code, the workspace stays closed.
            #expect(try await second.get("/werkruimte").location == "/inloggen")
            try await second.get("/inloggen/tweestaps")
            let code = TwoFactor.code(secret: secret, step: TwoFactor.step(at: app.clock.now) + 1)
            let done = try await second.post("/inloggen/tweestaps", ["code": code])
            #expect(done.location == "/werkruimte")
            #expect(try await second.get("/werkruimte").status == .ok)

            // The same code a second time is refused (no replay).
            let third = TestBrowser(app)
            try await third.get("/inloggen")
            try await third.post("/inloggen", ["username": "vp.oudemolen", "password": "correct horse battery"])
            try await third.get("/inloggen/tweestaps")
            let replay = try await third.post("/inloggen/tweestaps", ["code": code])
            #expect(replay.status == .unauthorized)
            #expect(replay.body.contains("Deze code klopt niet of is al gebruikt"))
        }
    }

    @Test("The TOTP secret is stored sealed, not in clear", arguments: TestDatabase.all)
    func secretSealed(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "sealed")
            let secret = try await signIn(TestBrowser(app), username: "sealed")
            let user = try #require(try await StaffUser.query(on: app.db).filter(\.$username == "sealed").first())
            let stored = try #require(user.totpSecret)
            #expect(stored.hasPrefix("v1:"))
            #expect(!stored.contains(Base32.encode(secret)))
            #expect(try app.keyVault.open(stored, for: .totp(try user.requireID())) == secret)
        }
    }

    @Test("A recovery code works once", arguments: TestDatabase.all)
    func recoveryCode(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "herstel")
            let first = TestBrowser(app)
            try await signIn(first, username: "herstel")
            let codes = first.lastBody.components(separatedBy: "<code>").dropFirst().compactMap { $0.components(separatedBy: "</code>").first }
            #expect(codes.count == RecoveryCodes.count)
            let code = try #require(codes.first)

            for (attempt, expected) in [(1, "/werkruimte"), (2, nil)] {
                let browser = TestBrowser(app)
                try await browser.get("/inloggen")
                try await browser.post("/inloggen", ["username": "herstel", "password": "correct horse battery"])
                try await browser.get("/inloggen/tweestaps")
                let result = try await browser.post("/inloggen/tweestaps", ["code": code.lowercased()])
                #expect(result.location == expected, "attempt \(attempt)")
            }
        }
    }

    @Test("A wrong password gets a clear message in the user's language, and the same for unknown accounts", arguments: TestDatabase.all)
    func wrongPassword(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "echt")
            let browser = TestBrowser(app)
            try await browser.get("/inloggen")
            let wrong = try await browser.post("/inloggen", ["username": "echt", "password": "verkeerd wachtwoord"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("Gebruikersnaam of wachtwoord klopt niet."))
            let unknown = try await browser.post("/inloggen", ["username": "bestaatniet", "password": "verkeerd wachtwoord"])
            #expect(unknown.body.contains("Gebruikersnaam of wachtwoord klopt niet."))
            try await browser.get("/inloggen?lang=en")
            let english = try await browser.post("/inloggen", ["username": "echt", "password": "nope nope nope"])
            #expect(english.body.contains("The username or password is not correct."))
        }
    }

    @Test("An account is locked after repeated failures, even with the right password", arguments: TestDatabase.all)
    func lockout(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "doelwit")
            // Positive control: before the failures, the right password gives a session cookie.
            let before = TestBrowser(app)
            try await before.get("/inloggen")
            try await before.post("/inloggen", ["username": "doelwit", "password": "correct horse battery"])
            #expect(before.cookies["__Host-tk_session"] != nil)
            // Failures from different browsers (everyone shares one address): the account counts them.
            for _ in 0..<app.tegenkracht.maxFailedLogins {
                let attacker = TestBrowser(app)
                try await attacker.get("/inloggen")
                try await attacker.post("/inloggen", ["username": "doelwit", "password": "raden raden 123"])
            }
            let owner = TestBrowser(app)
            try await owner.get("/inloggen")
            let locked = try await owner.post("/inloggen", ["username": "doelwit", "password": "correct horse battery"])
            #expect(locked.status == .unauthorized)
            #expect(locked.body.contains("Probeer het over 1 minuut opnieuw."))
            #expect(owner.cookies["__Host-tk_session"] == nil)
        }
    }

    @Test("Wrong TOTP codes also count towards the lock", arguments: TestDatabase.all)
    func totpFailuresCount(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "codes")
            let secret = try await signIn(TestBrowser(app), username: "codes")
            let browser = TestBrowser(app)
            try await browser.get("/inloggen")
            try await browser.post("/inloggen", ["username": "codes", "password": "correct horse battery"])
            try await browser.get("/inloggen/tweestaps")
            for _ in 0..<app.tegenkracht.maxFailedLogins {
                try await browser.post("/inloggen/tweestaps", ["code": "000000"])
            }
            let good = TwoFactor.code(secret: secret, step: TwoFactor.step(at: app.clock.now) + 1)
            let locked = try await browser.post("/inloggen/tweestaps", ["code": good])
            #expect(locked.status == .unauthorized)
            #expect(locked.body.contains("te vaak"))
        }
    }

    @Test("Session cookie flags: HttpOnly, Secure, SameSite=Strict, __Host- prefix", arguments: TestDatabase.all)
    func cookieFlags(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "koekje")
            let browser = TestBrowser(app)
            try await browser.get("/inloggen")
            let response = try await browser.post("/inloggen", ["username": "koekje", "password": "correct horse battery"])
            let cookie = try #require(response.setCookie("__Host-tk_session"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            let csrf = try #require(response.setCookie("__Host-tk_csrf"))
            #expect(csrf.contains("HttpOnly") && csrf.contains("Secure") && csrf.contains("SameSite=Strict"))
        }
    }

    @Test("The development switch drops Secure, and only that", arguments: TestDatabase.all)
    func developmentSwitch(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: { $0.insecureHTTPCookies = true }) { app in
            try await createStaff(app, username: "dev")
            let browser = TestBrowser(app)
            try await browser.get("/inloggen")
            let response = try await browser.post("/inloggen", ["username": "dev", "password": "correct horse battery"])
            let cookie = try #require(response.setCookie("tk_session"))
            #expect(!cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        }
    }

    @Test("A form without the right CSRF token is refused with a clear message", arguments: TestDatabase.all)
    func csrf(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "csrf")
            let browser = TestBrowser(app)
            try await browser.get("/inloggen")
            let missing = try await browser.post("/inloggen", ["username": "csrf", "password": "correct horse battery"],
                                                 includeCSRF: false)
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("Dit formulier is verlopen of komt niet van deze website."))
            try await browser.get("/inloggen")
            let forged = try await browser.post("/inloggen", ["username": "csrf", "password": "correct horse battery"],
                                                csrf: String(repeating: "A", count: 43))
            #expect(forged.status == .forbidden)
            // Without a cookie at all (a cross-site form) it is refused too.
            let stranger = TestBrowser(app)
            let crossSite = try await stranger.post("/inloggen", ["username": "csrf", "password": "x"],
                                                    csrf: String(repeating: "B", count: 43))
            #expect(crossSite.status == .forbidden)
            try await browser.get("/inloggen")
            let good = try await browser.post("/inloggen", ["username": "csrf", "password": "correct horse battery"])
            #expect(good.status == .seeOther)
        }
    }

    @Test("An expired session sends the user to the login page with a message", arguments: TestDatabase.all)
    func expiredSession(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "slaper")
            let browser = TestBrowser(app)
            try await signIn(browser, username: "slaper")
            #expect(try await browser.get("/werkruimte").status == .ok)
            // Forty minutes without activity: past the 30-minute idle timeout.
            for session in try await StaffSession.query(on: app.db).all() {
                session.lastSeenAt = app.clock.now.addingTimeInterval(-40 * 60)
                try await session.save(on: app.db)
            }
            let redirect = try await browser.get("/werkruimte")
            #expect(redirect.location == "/inloggen?verlopen=1")
            let login = try await browser.get("/inloggen?verlopen=1")
            #expect(login.body.contains("Je sessie is verlopen. Log opnieuw in."))
            #expect(try await StaffSession.query(on: app.db).count() == 0)
        }
    }

    @Test("Logging out ends the session on the server", arguments: TestDatabase.all)
    func logout(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "weg")
            let browser = TestBrowser(app)
            try await signIn(browser, username: "weg")
            try await browser.get("/werkruimte")
            // Positive control: the session is a row the count below can see.
            #expect(try await StaffSession.query(on: app.db).count() == 1)
            let out = try await browser.post("/uitloggen", [:])
            #expect(out.location == "/")
            #expect(try await StaffSession.query(on: app.db).count() == 0)
            #expect(try await browser.get("/werkruimte").location?.hasPrefix("/inloggen") == true)
        }
    }
}
