import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

@Suite("Administration: organisation, accounts and the audit log")
struct AdministrationTests {
    @Test("Only administrators reach the organisation pages", arguments: TestDatabase.all)
    func onlyAdministrators(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "advisor", role: .functionary)
            try await createStaff(app, username: "admin", role: .administrator)
            let anonymous = TestBrowser(app)
            #expect(try await anonymous.get("/beheer/organisatie").location == "/inloggen")

            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "advisor")
            #expect(try await advisor.get("/beheer/organisatie").status == .forbidden)

            let admin = TestBrowser(app)
            try await signIn(admin, username: "admin")
            let page = try await admin.get("/beheer/organisatie")
            #expect(page.status == .ok)
            // The register of fracties: adoption status with its date, and a fractie that did not adopt.
            #expect(page.body.contains("<th scope=\"row\">Noordstar</th><td>24</td>\n      <td>Ja, sinds 2021-05-01</td>"))
            #expect(page.body.contains("<th scope=\"row\">Volkspartij Midden</th><td>17</td>\n      <td>Nee</td>"))
            #expect(page.body.contains("Voorzitter klachtencommissie"))
        }
    }

    @Test("The editor refuses an invalid organisation, keeps the text and names the problem", arguments: TestDatabase.all)
    func editorRefusesInvalid(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "admin", role: .administrator)
            let admin = TestBrowser(app)
            try await signIn(admin, username: "admin")
            let edit = try await admin.get("/beheer/organisatie/bewerken")
            let current = try #require(TestBrowser.firstMatch(#"(?s)<textarea[^>]*>(.*?)</textarea>"#, in: edit.body))
            let document = current.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">")
            var organisation = try OrganisationFile.parse(Data(document.utf8))

            // A fractie whose employer does not exist.
            organisation.fracties[0].employer = "stichting-bestaat-niet"
            let broken = String(decoding: OrganisationFile.encode(organisation), as: UTF8.self)
            let refused = try await admin.post("/beheer/organisatie/bewerken", ["document": broken, "note": "test"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("fracties[0].employer: Onbekende werkgever &#39;stichting-bestaat-niet&#39;."))
            #expect(refused.body.contains("stichting-bestaat-niet"))  // the text typed is still there
            #expect(try await OrganisationVersion.query(on: app.db).count() == 1)

            // A valid change is stored as a new version and logged.
            organisation.fracties[0].employer = "stichting-noordstar"
            organisation.fracties[0].klachtenregeling = .notAdopted
            let fixed = String(decoding: OrganisationFile.encode(organisation), as: UTF8.self)
            let saved = try await admin.post("/beheer/organisatie/bewerken", ["document": fixed, "note": "Noordstar trekt regeling in"])
            #expect(saved.location == "/beheer/organisatie?opgeslagen=1")
            #expect(try await OrganisationVersion.query(on: app.db).count() == 2)
            let view = try await admin.get("/beheer/organisatie?opgeslagen=1")
            #expect(view.body.contains("<th scope=\"row\">Noordstar</th><td>24</td>\n      <td>Nee</td>"))
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("organisation.version.create"))
            #expect(actions.contains("organisation.view"))
        }
    }

    @Test("Resetting two-factor login forces a new enrolment and ends sessions", arguments: TestDatabase.all)
    func resetTwoFactor(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await StaffAccounts.create(username: "kwijt", displayName: "Kwijt", role: .functionary, personID: nil,
                                           password: "correct horse battery", on: app)
            let browser = TestBrowser(app)
            try await signIn(browser, username: "kwijt")
            // Positive controls: the session works and the enrolment made recovery codes.
            #expect(try await browser.get("/werkruimte").status == .ok)
            #expect(try await RecoveryCode.query(on: app.db).count() > 0)
            try await StaffAccounts.resetTwoFactor(username: "kwijt", on: app)
            #expect(try await browser.get("/werkruimte").location?.hasPrefix("/inloggen") == true)
            #expect(try await RecoveryCode.query(on: app.db).count() == 0)
            let again = TestBrowser(app)
            try await again.get("/inloggen")
            let next = try await again.post("/inloggen", ["username": "kwijt", "password": "correct horse battery"])
            #expect(next.location == "/inloggen/tweestaps/instellen")
        }
    }

    @Test("Account rules: short passwords and duplicates are refused", arguments: TestDatabase.all)
    func accountRules(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            await #expect(throws: CommandInputError.self) {
                try await StaffAccounts.create(username: "kort", displayName: "K", role: .functionary, personID: nil,
                                               password: "te kort", on: app)
            }
            try await StaffAccounts.create(username: "dubbel", displayName: "D", role: .functionary, personID: nil,
                                           password: "lang genoeg wachtwoord", on: app)
            await #expect(throws: CommandInputError.self) {
                try await StaffAccounts.create(username: "dubbel", displayName: "D", role: .functionary, personID: nil,
                                               password: "lang genoeg wachtwoord", on: app)
            }
            #expect(StaffAccounts.passwordProblem(String(repeating: "é", count: 40)) != nil)  // 80 bytes > 72
            #expect(app.tegenkracht.passwordCost == 4)
            #expect(AppConfiguration(rootDirectory: "/", dataDirectory: "/").passwordCost == 12)
        }
    }

    @Test("audit verify finds a row that was altered directly in the database", arguments: TestDatabase.all)
    func auditChain(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            for i in 1...5 {
                try await AuditLog.append(on: app.db, actor: .staff(UUID()), action: .reportView, subject: "case:\(i)", now: app.clock.now)
            }
            #expect(try await AuditLog.firstBrokenEntry(on: app.db) == nil)
            let sql = try #require(app.db as? any SQLDatabase)
            let victim = try #require(try await AuditEntry.query(on: app.db).filter(\.$subject == "case:3").first())
            try await sql.raw("UPDATE audit_entries SET subject = 'case:99' WHERE sequence = \(bind: victim.sequence)").run()
            #expect(try await AuditLog.firstBrokenEntry(on: app.db) == victim.sequence)
        }
    }

    @Test("A removed audit row is found too", arguments: TestDatabase.all)
    func auditDeletion(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            for i in 1...4 {
                try await AuditLog.append(on: app.db, actor: .system, action: .reportView, subject: "x:\(i)", now: app.clock.now)
            }
            let all = try await AuditEntry.query(on: app.db).sort(\.$sequence).all()
            let second = try #require(all.dropFirst().first)
            try await second.delete(on: app.db)
            #expect(try await AuditLog.firstBrokenEntry(on: app.db) == second.sequence + 1)
        }
    }
}

@Suite("Start-up configuration")
struct StartupTests {
    @Test("An invalid organisation file stops start-up before anything is written")
    func invalidOrganisationWritesNothing() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-startup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = (dir as NSString).appendingPathComponent("organisatie.json")
        try Data(#"{"formatVersion": 1, "name": "x"}"#.utf8).write(to: URL(fileURLWithPath: file))
        let dataDir = (dir as NSString).appendingPathComponent("data")
        var config = AppConfiguration(rootDirectory: TestPaths.root, dataDirectory: dataDir, passwordCost: 4)
        config.organisationFile = file
        let app = try await Application.make(.testing)
        await #expect(throws: InvalidOrganisation.self) {
            try await configure(app, config)
        }
        try await app.asyncShutdown()
        #expect(!FileManager.default.fileExists(atPath: dataDir))
        // Positive control: the same configuration with a valid organisation file does create the data directory.
        let validDataDir = (dir as NSString).appendingPathComponent("data-valid")
        var valid = AppConfiguration(rootDirectory: TestPaths.root, dataDirectory: validDataDir, passwordCost: 4)
        valid.organisationFile = (TestPaths.root as NSString).appendingPathComponent("Resources/Organisation/demo.json")
        let validApp = try await Application.make(.testing)
        do {
            try await configure(validApp, valid)
        } catch {
            try await validApp.asyncShutdown()
            throw error
        }
        try await validApp.asyncShutdown()
        #expect(FileManager.default.fileExists(atPath: validDataDir))
    }

    @Test("A valid organisation file is loaded as a version at start-up, once", arguments: TestDatabase.all)
    func organisationFileLoaded(database: TestDatabase) async throws {
        let demo = (TestPaths.root as NSString).appendingPathComponent("Resources/Organisation/demo.json")
        try await withTestApp(database, demo: false, adjust: { $0.organisationFile = demo }) { app in
            #expect(try await OrganisationVersion.query(on: app.db).count() == 1)
            try await prepareDatabase(app)  // a restart with the same file adds nothing
            #expect(try await OrganisationVersion.query(on: app.db).count() == 1)
        }
    }
}
