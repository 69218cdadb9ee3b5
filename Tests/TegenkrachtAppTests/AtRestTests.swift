import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
import TegenkrachtCore
import Testing
import Vapor

@Suite("Encryption at rest and key rotation")
struct AtRestTests {
    /// Everything the database holds, as bytes: the SQLite file with its write-ahead log, or a
    /// `pg_dump` of the test's schema.
    static func databaseBytes(_ app: Application, database: TestDatabase) async throws -> [UInt8] {
        switch database {
        case .sqlite:
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            let path = app.tegenkracht.sqliteFile
            var bytes: [UInt8] = []
            for file in [path, path + "-wal", path + "-shm"] {
                if let data = FileManager.default.contents(atPath: file) { bytes += data }
            }
            #expect(bytes.count > 10_000)
            return bytes
        case .postgres:
            let dump = try #require(Self.pgDump(), "pg_dump not found")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: dump)
            var url = try #require(TestDatabase.postgresURL)
            if let q = url.firstIndex(of: "?") { url = String(url[..<q]) }
            process.arguments = ["--dbname=\(url)", "--schema=\(try #require(app.tegenkracht.postgresSchema))", "--no-owner"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: data, as: UTF8.self).contains("CREATE TABLE"))
            return Array(data)
        }
    }

    static func pgDump() -> String? {
        let dirs = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for dir in dirs.sorted().reversed() {
            let path = "/usr/lib/postgresql/\(dir)/bin/pg_dump"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard n.count <= haystack.count else { return false }
        for i in 0...(haystack.count - n.count) where haystack[i] == n[0] && Array(haystack[i..<(i + n.count)]) == n {
            return true
        }
        return false
    }

    @Test("A report's text, the reporter's name, an attachment and messages appear nowhere in the database", arguments: TestDatabase.all)
    func nothingInClear(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let marker = UUID().uuidString.replacingOccurrences(of: "-", with: "")
            let text = "TEXTMARKER\(marker)", name = "NAMEMARKER\(marker)", file = "FILEMARKER\(marker)"
            let message = "MESSAGEMARKER\(marker)", accused = "ACCUSEDMARKER\(marker)"
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, [
                ("kind", "melding"), ("mode", "vertrouwelijk"), ("recipient", "vp:vp-extern"), ("whatHappened", text),
                ("name", name), ("email", "melder@example.org"), ("accused0Name", accused),
            ], files: [("attachment1", "notitie-\(marker).txt", "text/plain", Array("bewijs \(file)".utf8))])
            try await loginPortal(reporter, code: code)
            try await reporter.get("/portaal/melding")
            try await reporter.post("/portaal/bericht", ["text": message])

            // The markers are really stored (sealed): the handler can read them back.
            let report = try #require(try await Report.query(on: app.db).first())
            let content = try ReportService.crypto(for: report, app: app).open(ReportContent.self, from: report.contentSealed, purpose: "content")
            #expect(content.whatHappened == text)

            let bytes = try await Self.databaseBytes(app, database: database)
            for needle in [text, name, file, message, accused, marker, "melder@example.org", code, code.replacingOccurrences(of: "-", with: "")] {
                #expect(!Self.contains(bytes, needle), "\(needle) found in the \(database) database")
            }
            // The test would see a marker if one were stored in clear: the report's locator is.
            #expect(Self.contains(bytes, report.locator))
        }
    }

    @Test("keys rotate re-wraps every data key; with the old key removed, everything still opens", arguments: TestDatabase.all)
    func rotation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, IntakeWebTests.anonymousToExternal)
            try await createStaff(app, username: "roteer")
            let secret = try await signIn(TestBrowser(app), username: "roteer")
            let before = try #require(try await Report.query(on: app.db).first())
            let oldKey = try #require(KeyRing.keyID(of: before.wrappedKey))

            let result = try await KeyRotation.rotate(app: app, removeOld: true)
            #expect(result.reports == 1 && result.secrets == 1)
            #expect(result.keyIDs == [result.activeID])
            #expect(result.activeID != oldKey)
            // A fresh start reads the new key file only.
            let reloaded = try KeyRing.load(path: app.tegenkracht.keyFile, createIfMissing: false)
            #expect(reloaded.keyIDs == [result.activeID])
            let after = try #require(try await Report.query(on: app.db).first())
            #expect(KeyRing.keyID(of: after.wrappedKey) == result.activeID)
            let content = try ReportCrypto.unwrap(after.wrappedKey, reportID: try after.requireID(), with: reloaded)
                .open(ReportContent.self, from: after.contentSealed, purpose: "content")
            #expect(content.whatHappened == "Mijn leidinggevende schreeuwt in het overleg.")
            // The reporter and the staff member still get in.
            #expect(try await loginPortal(TestBrowser(app), code: code).location == "/portaal/melding")
            try await signIn(TestBrowser(app), username: "roteer", secret: secret)
        }
    }
}
