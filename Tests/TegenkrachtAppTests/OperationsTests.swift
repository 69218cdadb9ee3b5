import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 17: `tegenkracht doctor` says what is wrong in a production configuration, with the fix;
/// `/readyz` says whether an instance can serve.
@Suite("Operations: doctor and readiness")
struct OperationsTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // December 2026

    static func problem(_ findings: [ProductionCheck.Finding], _ check: String) -> ProductionCheck.Finding? {
        findings.first { $0.check.hasPrefix(check) && $0.problem != nil }
    }

    @Test("The key file: missing, readable by others, next to the SQLite database, and well kept")
    func keyFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-\(UUID().uuidString)").path
        let data = root + "/data"
        try FileManager.default.createDirectory(atPath: data + "/keys", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var config = AppConfiguration(rootDirectory: root, dataDirectory: data)
        config.sendmailPath = "/bin/sh"
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "key file")?.problem?.contains("no key file") == true)
        FileManager.default.createFile(atPath: config.keyFile, contents: Data("{}".utf8), attributes: [.posixPermissions: 0o644])
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "key file")?.fix == "chmod 600 \(config.keyFile)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config.keyFile)
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "key file")?.problem?.contains("inside the data directory") == true)
        // Kept apart from the data, readable by its owner only: nothing to fix at all.
        let apart = root + "/keys.json"
        FileManager.default.createFile(atPath: apart, contents: Data("{}".utf8), attributes: [.posixPermissions: 0o600])
        config = AppConfiguration(rootDirectory: root, dataDirectory: data, keyFile: apart)
        config.sendmailPath = "/bin/sh"
        let findings = ProductionCheck.findings(config, now: Self.now)
        #expect(findings.allSatisfy { $0.problem == nil }, "\(findings)")
    }

    @Test("Cookies, mail, database TLS, clock, time zone and password cost each name their fix")
    func theRest() {
        var config = AppConfiguration(rootDirectory: "/tmp", dataDirectory: "/tmp/data")
        config.insecureHTTPCookies = true
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "cookies")?.fix?.contains("TEGENKRACHT_INSECURE_HTTP_COOKIES") == true)
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "mail")?.fix?.contains("TEGENKRACHT_SENDMAIL") == true)
        config.sendmailPath = "/nonexistent/sendmail"
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "mail") != nil)
        config.sendmailPath = "/bin/sh"
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "mail") == nil)
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "single sign-on") == nil)
        config.singleSignOn = SingleSignOnSettings(issuer: "http://idp.example.org", clientID: "tk", clientSecret: "",
                                                   redirectURI: "https://tk.example.org/inloggen/sso/terug")
        let sso = Self.problem(ProductionCheck.findings(config, now: Self.now), "single sign-on")
        #expect(sso?.problem?.contains("TEGENKRACHT_OIDC_CLIENT_SECRET") == true)
        #expect(sso?.problem?.contains("TEGENKRACHT_OIDC_ISSUER must be an https://") == true)
        for (url, fine) in [("postgres://app@db.example:5432/tk", false), ("postgres://app@db.example:5432/tk?sslmode=disable", false),
                            ("postgres://app@db.example:5432/tk?sslmode=verify-full", true), ("postgres://app@127.0.0.1:5432/tk", true)] {
            config.databaseURL = url
            #expect((Self.problem(ProductionCheck.findings(config, now: Self.now), "database TLS") == nil) == fine, "\(url)")
        }
        #expect(Self.problem(ProductionCheck.findings(config, now: Date(timeIntervalSince1970: 0)), "clock")?.fix?.contains("set-ntp") == true)
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "clock") == nil)
        config.timeZone = TimeZone(identifier: "UTC") ?? .current
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "time zone") != nil)
        config.passwordCost = 4
        #expect(Self.problem(ProductionCheck.findings(config, now: Self.now), "password hashing") != nil)
    }

    @Test("/readyz: 200 with every check ok; 503 naming the migrations when one is missing; /healthz stays 200", arguments: TestDatabase.all)
    func readiness(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let ready = try await browser.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.body.contains(#""ready":true"#))
            #expect(ready.body.contains(#""migrations":"ok""#) && ready.body.contains(#""keys":"ok""#) && ready.body.contains(#""database":"ok""#))
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("DELETE FROM _fluent_migrations WHERE name = 'TegenkrachtApp.M020_CallbackPhoneIndex'").run()
            let notReady = try await browser.get("/readyz")
            #expect(notReady.status == .serviceUnavailable)
            #expect(notReady.body.contains(#""migrations":"not ready""#) && notReady.body.contains(#""database":"ok""#))
            #expect(try await browser.get("/healthz").status == .ok)
        }
    }
}
