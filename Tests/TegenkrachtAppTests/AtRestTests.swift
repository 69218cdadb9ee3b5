import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
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
            let content = try ReportService.crypto(for: report, app: app).open(ReportContent.self, from: report.contentSealed, purpose: .content)
            #expect(content.whatHappened == text)

            let bytes = try await Self.databaseBytes(app, database: database)
            for needle in [text, name, file, message, accused, marker, "melder@example.org", code, code.replacingOccurrences(of: "-", with: "")] {
                #expect(!Self.contains(bytes, needle), "\(needle) found in the \(database) database")
            }
            // The test would see a marker if one were stored in clear: the report's locator is.
            #expect(Self.contains(bytes, report.locator))
        }
    }

    @Test("keys rotate during a load of submissions: after a restart every report, alert, draft and secret opens with the new key only",
          arguments: TestDatabase.all)
    func rotationUnderLoad(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let code = try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal)
            try await createStaff(app, username: "roteer")
            let secret = try await signIn(TestBrowser(app), username: "roteer")
            try await Self.sealEveryKind(app)
            let oldKey = try app.keyVault.activeID

            // Submissions keep arriving while the key rotates and the old key is removed.
            async let load: [String] = withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<12 { group.addTask { try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let result = try await KeyRotation.rotate(app: app, removeOld: true, settle: .milliseconds(200))
            let codes = try await load
            #expect(result.removalRefused == nil)
            #expect(result.keyIDs == [result.activeID] && result.activeID != oldKey)

            // Submissions after the rotation, as a running server makes them.
            let late = try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal)

            // A restart reads only the key file: every sealed value of every kind opens with it.
            let restarted = try KeyRing.load(path: app.tegenkracht.keyFile, createIfMissing: false)
            #expect(restarted.keyIDs == [result.activeID])
            let opened = try await KeyRotation.verify(app.db, ring: restarted)
            #expect(opened.unreadable.isEmpty, "\(opened.unreadable)")
            for column in KeySealedColumn.all {
                #expect(opened.counts[column.name, default: 0] > 0, "nothing sealed in \(column.name): the test would not see a loss there")
            }
            #expect(try await Report.query(on: app.db).count() == 14)
            // The reporters, the staff member and the coordinator's alerts still work.
            for reporterCode in [code, late] + codes.prefix(2) {
                #expect(try await loginPortal(TestBrowser(app), code: reporterCode).location == "/portaal/melding")
            }
            try await signIn(TestBrowser(app), username: "roteer", secret: secret)
        }
    }

    @Test("Every column that holds a value sealed with the key ring is in KeySealedColumn.all (rotation re-wraps it)",
          arguments: TestDatabase.all)
    func everySealedColumnIsListed(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal)
            try await createStaff(app, username: "lijst")
            try await signIn(TestBrowser(app), username: "lijst")
            try await Self.sealEveryKind(app)
            let listed = Set(KeySealedColumn.all.map(\.name))
            let found = try await Self.columnsHoldingKeyRingValues(app, database: database)
            #expect(found.isSuperset(of: ["reports.wrapped_key", "registry_alerts.subject_label_sealed"]), "\(found)")
            #expect(found.subtracting(listed).isEmpty, "sealed with the key ring but not rotated: \(found.subtracting(listed))")
        }
    }

    @Test("--remove-old refuses while a value is still wrapped with an old key (one that cannot be re-wrapped)", arguments: TestDatabase.all)
    func removeOldRefuses(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal)
            let report = try #require(try await Report.query(on: app.db).first())
            let original = report.wrappedKey
            // A value under an old key id that no key opens: rotation cannot re-wrap it and must keep the keys.
            let oldID = try #require(KeyRing.keyID(of: original))
            report.wrappedKey = "v1:\(oldID):" + Data(repeating: 7, count: 60).base64EncodedString()
            try await report.save(on: app.db)
            await #expect(throws: KeyRotationError.self) { try await KeyRotation.rotate(app: app, removeOld: true, settle: .zero) }
            let ring = try KeyRing.load(path: app.tegenkracht.keyFile, createIfMissing: false)
            #expect(ring.keyIDs.contains(oldID), "the old key was removed although a value still needs it")
            // Positive control: with the value repaired, removal goes through.
            report.wrappedKey = original
            try await report.save(on: app.db)
            let result = try await KeyRotation.rotate(app: app, removeOld: true, settle: .zero)
            #expect(result.removalRefused == nil && result.keyIDs == [result.activeID])
        }
    }

    /// One value of every kind sealed with the key ring that the flows above do not make: an alert
    /// with a follow-up, a survey draft and a response with open answers, a named reporter's list.
    static func sealEveryKind(_ app: Application) async throws {
        let vault = try app.keyVault
        // A call-back is asked only of someone with a staff account.
        try await createStaff(app, username: "callback-\(UUID().uuidString.prefix(8).lowercased())").with(personID: "vp-extern", app: app)
        try await RequestCallback.run(personID: "vp-extern", details: CallbackDetails(name: "Sam", phone: "06 12345678", when: ""),
                                      app: app, db: app.db)
        // An onboarding offer seals the newcomer's name (issue 18).
        try await createStaff(app, username: "onboarding-\(UUID().uuidString.prefix(8).lowercased())").with(personID: "hr-1", app: app)
        let hr = try #require(try await StaffUser.query(on: app.db).filter(\.$personID == "hr-1").first())
        _ = try await OnboardingOffers.offer(name: "Nieuwe collega", group: .civilServant, employer: nil, fractie: nil, personID: "hr-1",
                                             by: .staff(try hr.requireID()), app: app, db: app.db)
        let alert = RegistryAlert()
        let alertID = UUID()
        alert.id = alertID
        alert.subjectIndex = "test"
        alert.isPerson = true
        alert.subjectLabelSealed = try vault.seal(Data("Iemand".utf8), for: .alertLabel(alertID))
        alert.followUpSealed = try vault.seal(Data("Gesprek gepland".utf8), for: .alertFollowUp(alertID))
        alert.count = 4
        alert.since = "2026-01-01"
        alert.recipients = "integriteitscoordinator"
        alert.state = "open"
        alert.raisedAt = app.clock.now
        alert.updatedAt = app.clock.now
        try await alert.create(on: app.db)
        let wave = SurveyWave()
        wave.name = "Test"
        wave.instrument = "kracht-zonder-tegenkracht"
        wave.version = "1.1"
        wave.respondentType = "current"
        wave.population = "{}"
        wave.openedOn = "2026-01-01"
        try await wave.create(on: app.db)
        let draft = SurveyDraft()
        draft.$wave.id = try wave.requireID()
        draft.tokenHash = UUID().uuidString
        draft.answersSealed = try vault.seal(Data("{}".utf8), for: .surveyDraft)
        draft.page = 1
        draft.expiresAt = app.clock.now.addingTimeInterval(3600)
        try await draft.create(on: app.db)
        let response = SurveyResponse()
        let responseID = UUID()
        response.id = responseID
        response.$wave.id = try wave.requireID()
        response.version = "1.1"
        response.answers = "{}"
        response.openSealed = try vault.seal(Data("{}".utf8), for: .surveyOpenAnswers(responseID))
        try await response.create(on: app.db)
        if let user = try await StaffUser.query(on: app.db).first() {
            let userID = try user.requireID()
            user.pendingTOTPSecret = try vault.seal(Data("pending".utf8), for: .totp(userID))
            user.ownReportsSealed = try vault.seal(try JSONEncoder().encode([UUID()]), for: .ownReports(userID))
            try await user.save(on: app.db)
        }
        // A gift declaration and the manager's decision on it (issue 14).
        let declaration = try await DeclareGift.run(
            declarantID: "medewerker-ict",
            declaration: GiftDeclaration(kind: .gift, giver: "Leverancier", occasion: "", valueCents: 7500, date: app.today, timing: .after),
            by: .system, app: app, db: app.db)
        try await DecideGift.run(id: declaration, decision: GiftDecision(outcome: .surrender, surrender: .charity, reason: "Boven de grens"),
                                 deciderID: "manager-ict", by: .system, app: app, db: app.db)
        // A side activity and the manager's decision on it (issue 14).
        let activity = try await DeclareSideActivity.run(
            declarantID: "medewerker-ict",
            declaration: SideActivityDeclaration(activity: "Docent", organisation: "Hogeschool", paid: true, hoursPerMonth: 8, startDate: app.today),
            by: .system, app: app, db: app.db)
        try await DecideSideActivity.run(id: activity, decision: SideActivityDecision(outcome: .allowed, reason: "Past",
                                                                                      reassessOn: app.today.adding(years: 1)),
                                         deciderID: "manager-ict", by: .system, app: app, db: app.db)
        // A trip extension and the manager's answer (issue 14).
        let trip = try await RequestTripExtension.run(
            declarantID: "medewerker-ict",
            request: TripExtensionRequest(destination: "Brussel", trip: TripExtension(departure: app.today.adding(days: 3), position: .end, hours: 24),
                                          paysExtraCosts: true),
            by: .system, app: app, db: app.db)
        try await DecideTripExtension.run(id: trip, decision: TripExtensionDecision(approved: true, reason: ""),
                                          deciderID: "manager-ict", by: .system, app: app, db: app.db)
        // A financial interest and the manager's assessment (issue 14).
        let interest = try await DeclareFinancialInterest.run(
            declarantID: "medewerker-ict",
            declaration: FinancialInterestDeclaration(kind: .securities, subject: "Datacentrum Noord", since: app.today),
            by: .system, app: app, db: app.db)
        try await DecideFinancialInterest.run(id: interest, decision: FinancialInterestDecision(outcome: .allowed, reason: "Klein belang"),
                                              deciderID: "manager-ict", by: .system, app: app, db: app.db)
    }

    /// Every `table.column` whose values look like the key ring's (`v1:<key id>:...`).
    static func columnsHoldingKeyRingValues(_ app: Application, database: TestDatabase) async throws -> Set<String> {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Column: Decodable { let t: String; let c: String }
        let columns: [Column]
        switch database {
        case .sqlite:
            columns = try await sql.raw("""
                SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND p.type IN ('TEXT', '')
                """).all(decoding: Column.self)
        case .postgres:
            columns = try await sql.raw("""
                SELECT table_name AS t, column_name AS c FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type = 'text'
                """).all(decoding: Column.self)
        }
        var found: Set<String> = []
        for column in columns where !column.t.hasPrefix("_") {
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: column.t) WHERE \(ident: column.c) LIKE 'v1:k%:%'").first()
            if try rows?.decode(column: "n", as: Int.self) ?? 0 > 0 { found.insert("\(column.t).\(column.c)") }
        }
        return found
    }
}


@Suite("The key file")
struct KeyFileTests {
    @Test("Eight processes' worth of loads on a fresh data directory at once make one key file, and every one of them uses it")
    func oneKeyFileFromManyStarts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("master-keys.json").path
        let rings = LockedBox<[KeyRing]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if let ring = try? KeyRing.load(path: path, createIfMissing: true) { rings.mutate { $0.append(ring) } }
        }
        let onDisk = try KeyRing.load(path: path, createIfMissing: false)
        let sealed = try onDisk.seal(Data("x".utf8), context: "test")
        #expect(rings.value.count == 8)
        for ring in rings.value {
            // Every ring opens what the file's ring sealed, and the other way round: the same keys.
            #expect(try ring.open(sealed, context: "test") == Data("x".utf8))
            #expect(try onDisk.open(try ring.seal(Data("y".utf8), context: "test"), context: "test") == Data("y".utf8))
        }
        // Positive control: the listing looks where the key file is.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).contains("master-keys.json"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "master-keys.json" }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ change: (inout Value) -> Void) { lock.lock(); change(&stored); lock.unlock() }
}
