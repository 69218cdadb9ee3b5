import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 16 (low): accounts can be disabled, and the holder changes their own password.
@Suite("Staff accounts")
struct AccountTests {
    @Test("A disabled account cannot log in and its open sessions end; enabled again, it can", arguments: TestDatabase.all)
    func disable(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "dirk")
            let browser = TestBrowser(app)
            let secret = try await signIn(browser, username: "dirk")
            // Positive control: the session works.
            #expect(try await browser.get("/werkruimte").status == .ok)
            // Positive control: the session is a row the count below can see.
            #expect(try await StaffSession.query(on: app.db).count() > 0)

            try await StaffAccounts.setDisabled(true, username: "dirk", on: app)
            let after = try await browser.get("/werkruimte")
            #expect(after.status == .seeOther && after.location?.hasPrefix("/inloggen") == true)
            #expect(try await StaffSession.query(on: app.db).count() == 0)
            // The right password now says the account is disabled; a wrong one says only "wrong".
            try await browser.get("/inloggen")
            let refused = try await browser.post("/inloggen", ["username": "dirk", "password": "correct horse battery"])
            #expect(refused.status == .unauthorized)
            #expect(refused.body.contains("Dit account is uitgeschakeld"))
            try await browser.get("/inloggen")
            let wrong = try await browser.post("/inloggen", ["username": "dirk", "password": "not the password"])
            // Positive control: this is the login page's refusal, only without the reason.
            #expect(wrong.status == .unauthorized && wrong.body.contains("Gebruikersnaam of wachtwoord klopt niet."))
            #expect(!wrong.body.contains("uitgeschakeld"))

            try await StaffAccounts.setDisabled(false, username: "dirk", on: app)
            try await signIn(browser, username: "dirk", secret: secret)
            #expect(try await browser.get("/werkruimte").status == .ok)
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("staff.disable") && actions.contains("staff.enable"))
        }
    }

    @Test("The holder changes their password: the current one is asked, other sessions end, the old one stops working",
          arguments: TestDatabase.all)
    func changePassword(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "els")
            let here = TestBrowser(app)
            let secret = try await signIn(here, username: "els")
            let elsewhere = TestBrowser(app)
            try await signIn(elsewhere, username: "els", secret: secret)

            try await here.get("/werkruimte/wachtwoord")
            let wrong = try await here.post("/werkruimte/wachtwoord", ["current": "not my password", "new": "een nieuwe lange zin", "repeated": "een nieuwe lange zin"])
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("Je huidige wachtwoord klopt niet"))
            // A wrong current password counts towards the account's lock.
            #expect(try await StaffUser.query(on: app.db).filter(\.$username == "els").first()?.failedAttempts == 1)
            try await here.get("/werkruimte/wachtwoord")
            let mismatch = try await here.post("/werkruimte/wachtwoord", ["current": "correct horse battery", "new": "een nieuwe lange zin", "repeated": "een andere lange zin"])
            #expect(mismatch.status == .unprocessableEntity && mismatch.body.contains("niet hetzelfde"))
            try await here.get("/werkruimte/wachtwoord")
            let short = try await here.post("/werkruimte/wachtwoord", ["current": "correct horse battery", "new": "kort", "repeated": "kort"])
            #expect(short.status == .unprocessableEntity && short.body.contains("minstens 12 tekens"))
            // Nothing changed yet: the other session still works.
            #expect(try await elsewhere.get("/werkruimte").status == .ok)

            try await here.get("/werkruimte/wachtwoord")
            let done = try await here.post("/werkruimte/wachtwoord", ["current": "correct horse battery", "new": "een nieuwe lange zin", "repeated": "een nieuwe lange zin"])
            #expect(done.status == .ok && done.body.contains("Je wachtwoord is gewijzigd"))
            #expect(try await StaffUser.query(on: app.db).filter(\.$username == "els").first()?.failedAttempts == 0)
            // This session goes on; the other one has ended.
            #expect(try await here.get("/werkruimte").status == .ok)
            #expect(try await elsewhere.get("/werkruimte").location?.hasPrefix("/inloggen") == true)
            // The old password no longer logs in; the new one does.
            let fresh = TestBrowser(app)
            try await fresh.get("/inloggen")
            #expect(try await fresh.post("/inloggen", ["username": "els", "password": "correct horse battery"]).status == .unauthorized)
            try await fresh.get("/inloggen")
            let accepted = try await fresh.post("/inloggen", ["username": "els", "password": "een nieuwe lange zin"])
            #expect(accepted.location == "/inloggen/tweestaps")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "staff.password-changed").count() == 1)
        }
    }

    @Test("Two changes from one form at once: exactly one goes through", arguments: TestDatabase.all)
    func concurrentChanges(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "fien")
            let browser = TestBrowser(app)
            try await signIn(browser, username: "fien")
            try await browser.get("/werkruimte/wachtwoord")
            let token = browser.csrfToken()
            // Six tabs of one browser: the same cookies, each its own request.
            let tabs = (0..<6).map { _ in
                let tab = TestBrowser(app)
                for (name, value) in browser.cookies { tab.setCookie(name, value) }
                return tab
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (i, tab) in tabs.enumerated() {
                    group.addTask {
                        let new = "nieuw wachtwoord nummer \(i)"
                        return try await tab.post("/werkruimte/wachtwoord", ["current": "correct horse battery", "new": new, "repeated": new],
                                                      csrf: token).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "staff.password-changed").count() == 1)
        }
    }
}

@Suite("Forgotten password")
struct ForgottenPasswordTests {
    @Test("The holder resets a forgotten password with an authenticator code and a recovery code; wrong ones change nothing",
          arguments: TestDatabase.all)
    func reset(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await createStaff(app, username: "vergeet")
            let browser = TestBrowser(app)
            let secret = try await signIn(browser, username: "vergeet")
            let codes = browser.lastBody.components(separatedBy: "<code>").dropFirst().compactMap { $0.components(separatedBy: "</code>").first }
            let recovery = try #require(codes.first)
            let next = TwoFactor.code(secret: secret, step: TwoFactor.step(at: app.clock.now) + 1)
            let fresh = TestBrowser(app)
            let form = ["username": "vergeet", "new": "een heel nieuw wachtwoord", "repeated": "een heel nieuw wachtwoord"]

            // A wrong recovery code: refused, counted, nothing used up.
            try await fresh.get("/inloggen/wachtwoord-vergeten")
            let wrong = try await fresh.post("/inloggen/wachtwoord-vergeten", form.merging(["code": next, "recoveryCode": "AAAA-BBBB-CCCC-DDDD"]) { $1 })
            #expect(wrong.status == .unauthorized && wrong.body.contains("Deze gegevens kloppen niet"))
            #expect(try await StaffUser.find(user.requireID(), on: app.db)?.failedAttempts == 1)
            // An unknown name gets the very same answer.
            try await fresh.get("/inloggen/wachtwoord-vergeten")
            let unknown = try await fresh.post("/inloggen/wachtwoord-vergeten", form.merging(["username": "niemand", "code": next, "recoveryCode": recovery]) { $1 })
            #expect(unknown.status == .unauthorized && unknown.body.contains("Deze gegevens kloppen niet"))
            // Positive control: the open session still works before the reset.
            #expect(try await browser.get("/werkruimte").status == .ok)

            try await fresh.get("/inloggen/wachtwoord-vergeten")
            let done = try await fresh.post("/inloggen/wachtwoord-vergeten", form.merging(["code": next, "recoveryCode": recovery.lowercased()]) { $1 })
            #expect(done.status == .ok && done.body.contains("Je wachtwoord is gewijzigd"))
            // Every session has ended; the old password no longer works, the new one does.
            #expect(try await browser.get("/werkruimte").location?.hasPrefix("/inloggen") == true)
            try await fresh.get("/inloggen")
            #expect(try await fresh.post("/inloggen", ["username": "vergeet", "password": "correct horse battery"]).status == .unauthorized)
            try await fresh.get("/inloggen")
            #expect(try await fresh.post("/inloggen", ["username": "vergeet", "password": "een heel nieuw wachtwoord"]).location == "/inloggen/tweestaps")
            // The recovery code is used up: the same codes cannot reset it again.
            let again = TestBrowser(app)
            try await again.get("/inloggen/wachtwoord-vergeten")
            let reused = try await again.post("/inloggen/wachtwoord-vergeten", form.merging(["code": next, "recoveryCode": recovery, "new": "nog een ander wachtwoord", "repeated": "nog een ander wachtwoord"]) { $1 })
            #expect(reused.status == .unauthorized)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "staff.password-reset-self").count() == 1)
        }
    }
}
