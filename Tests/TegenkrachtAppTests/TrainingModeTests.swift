import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Training mode (issue 18): the same program on a database, keys and mail of its own. "Work in
/// training mode can never reach real cases, real registries or real e-mail. A test proves this on
/// both databases."
@Suite("Training mode")
struct TrainingModeTests {
    static let sso = SingleSignOnSettings(issuer: "https://login.example", clientID: "tegenkracht", clientSecret: "geheim",
                                          redirectURI: "https://tegenkracht.example/inloggen/sso/terug")

    /// Configurations as operators and tests write them: SQLite by default or in a file of its own,
    /// PostgreSQL in `public` or in a schema, a key file outside the data directory, an organisation
    /// file, mail, metrics and single sign-on.
    static var bases: [AppConfiguration] {
        var plain = AppConfiguration(rootDirectory: "/srv/tegenkracht", dataDirectory: "/var/lib/tegenkracht")
        plain.sendmailPath = "/usr/sbin/sendmail"
        plain.metricsToken = String(repeating: "m", count: 40)
        plain.singleSignOn = sso
        var sqliteFile = AppConfiguration(rootDirectory: "/srv/tegenkracht", dataDirectory: "/tmp/t", sqlitePath: "/tmp/t/test.sqlite",
                                          keyFile: "/etc/tegenkracht/keys.json", organisationFile: "/etc/tegenkracht/organisatie.json")
        sqliteFile.sendmailPath = "/usr/bin/msmtp"
        let postgres = AppConfiguration(rootDirectory: "/srv/tegenkracht", dataDirectory: "/var/lib/tegenkracht",
                                        databaseURL: "postgres://tegenkracht@db.example/tegenkracht?sslmode=verify-full",
                                        keyFile: "/etc/tegenkracht/keys.json")
        var schema = postgres
        schema.postgresSchema = "t_0123456789abcdef"
        return [plain, sqliteFile, postgres, schema]
    }

    @Test("The training configuration shares no database file, schema, key file, mail program, metrics or single sign-on with the real one")
    func derivation() {
        for base in Self.bases {
            let training = base.training()
            let folder = (base.dataDirectory as NSString).appendingPathComponent("training")
            #expect(!base.isTraining)
            #expect(training.isTraining)
            #expect(training.sqliteFile != base.sqliteFile)
            #expect(training.sqliteFile == folder + "/tegenkracht-training.sqlite")
            #expect(!training.sqliteFile.hasSuffix("/tegenkracht.sqlite"))
            #expect(training.keyFile != base.keyFile)
            #expect(training.keyFile.hasPrefix(folder + "/keys/"))
            #expect(training.mayCreateKeyFile)
            #expect(training.dataDirectory == folder)
            if base.usesPostgres {
                // The same server, never the same schema: `public` → `training`, `t_x` → `t_x_training`.
                #expect(training.databaseURL == base.databaseURL)
                let trainingSchema = training.postgresSchema
                #expect(trainingSchema != nil && trainingSchema != (base.postgresSchema ?? "public"))
                #expect(trainingSchema == (base.postgresSchema.map { $0 + "_training" } ?? "training"))
            } else {
                #expect(training.postgresSchema == nil)
            }
            #expect(training.sendmailPath == nil)
            #expect(training.metricsToken == nil)
            #expect(training.singleSignOn == nil)
            #expect(training.organisationFile == nil)
            #expect(training.loadDemoOrganisation)
            // Deriving twice is deriving once: never training/training.
            let twice = training.training()
            #expect(twice.sqliteFile == training.sqliteFile)
            #expect(twice.keyFile == training.keyFile)
            #expect(twice.postgresSchema == training.postgresSchema)
            // What is not about storage or the outside world stays as it was.
            #expect(training.passwordCost == base.passwordCost)
            #expect(training.insecureHTTPCookies == base.insecureHTTPCookies)
            #expect(training.rootDirectory == base.rootDirectory)
        }
    }

    @Test("The five fictional cases: each written from a pattern of the report, with its lines, and all five patterns present")
    func caseBook() throws {
        let config = AppConfiguration(rootDirectory: TestPaths.root, dataDirectory: "/tmp/unused")
        let book = try TrainingCaseBook.load(file: config.trainingCasesFile)
        #expect(book.cases.map(\.id) == ["kamerlid-en-medewerker", "leidinggevende-en-ambtenaar", "fractie-zonder-klachtenregeling",
                                         "achterstand-signalen", "represaille"])
        for trainingCase in book.cases {
            #expect(!trainingCase.pattern.isEmpty && !trainingCase.title.isEmpty)
            #expect(!trainingCase.sourceLines.isEmpty)
            #expect(trainingCase.sourceLines.allSatisfy { $0.hasPrefix("L") && Int($0.dropFirst()) != nil })
        }
        // The backlog is back-dated signals, the retaliation a retaliation report.
        #expect((book.cases[3].signals ?? []).count >= 4)
        #expect(book.cases[4].retaliation != nil)
    }

    @Test("Training never reaches the real database, registry, audit log or mail: the real flows in a training app leave a real app of the same configuration untouched",
          arguments: TestDatabase.all)
    func isolation(database: TestDatabase) async throws {
        let recorder = FileManager.default.temporaryDirectory.appendingPathComponent("tegenkracht-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: recorder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: recorder) }
        // A mail program that leaves a file for every message it is given: if training ever used the
        // real one, the file would be there.
        let sendmail = recorder.appendingPathComponent("sendmail").path
        try "#!/bin/sh\ncat > \"\(recorder.path)/sent-$$\"\n".write(toFile: sendmail, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail)

        var base: AppConfiguration?
        try await withTestApp(database, adjust: { config in
            config.sendmailPath = sendmail
            base = config
        }) { real in
            let baseConfig = try #require(base)
            let trainingConfig = baseConfig.training()
            #expect(trainingConfig.sendmailPath == nil)
            // Seeding is refused outside training mode: fictional cases never land among real ones.
            await #expect(throws: NotInTrainingMode.self) { try await TrainingSeed.seedIfEmpty(app: real, db: real.db) }

            let before = try await Self.counts(real.db)
            #expect(before.reports == 0 && before.registry == 0)

            try await Self.withTrainingApp(trainingConfig, database: database) { training in
                // 1. The five fictional cases are there, made by the real intake and registry.
                let seeded = try await Self.counts(training.db)
                #expect(seeded.reports == 5)
                #expect(seeded.cases == 5)
                #expect(try await RegistryEntry.query(on: training.db).filter(\.$caseID == nil).count() == 4)
                #expect(try await RegistryAlert.query(on: training.db).count() >= 1, "the back-dated backlog raises the pattern alert")
                #expect(try await CaseFile.query(on: training.db).filter(\.$priority == true).count() == 1, "the retaliation case")
                // A second start seeds nothing more.
                #expect(try await TrainingSeed.seedIfEmpty(app: training, db: training.db) == nil)

                // 2. The route finder, marked as training on the page and in its title.
                let browser = TestBrowser(training)
                let home = try await browser.get("/")
                #expect(home.body.contains("id=\"training-banner\""))
                #expect(home.body.contains("<title>[Oefenomgeving] "))
                #expect(home.body.contains("Gebruik geen echte namen of gebeurtenissen."))
                try await browser.get("/wegwijzer")
                let routes = try await browser.post("/wegwijzer", ["reporter": "fractiemedewerker", "reporterFractie": "vrijheidsbond",
                                                                   "accused": "fractiemedewerker", "item[]": "o", "wish": "advies"])
                #expect(routes.status == .ok)
                #expect(routes.body.contains("id=\"training-banner\""))
                #expect(routes.body.contains("id=\"route-"))

                // 3. The intake: a named report with an e-mail address, to the external advisor.
                let earlier = Set(try await Report.query(on: training.db).all().compactMap(\.id))
                try await browser.get("/melden")
                let receipt = try await browser.postMultipart("/melden", [
                    ("kind", "melding"), ("mode", "met-naam"), ("recipient", "vp:vp-extern"),
                    ("whatHappened", "Oefencasus: een Kamerlid schreeuwt tegen zijn medewerker."), ("when", "vorige week"),
                    ("item[]", "i"), ("name", "Oefen Persoon"), ("email", "oefen.persoon@oefen.example"),
                ])
                #expect(receipt.status == .ok, "\(receipt.body.prefix(1500))")
                #expect(receipt.body.contains("id=\"receipt-code\""))
                #expect(receipt.body.contains("id=\"training-banner\""))
                let report = try #require(try await Report.query(on: training.db).all().first { !earlier.contains($0.id ?? UUID()) })

                // 4. The handler writes to the reporter (a notice that would be mailed) and closes the case.
                let lead = try await CaseUseCaseTests.context("vp-extern", report, training)
                try await ReplyToReporter.run(text: "Dank voor je melding. Zullen we maandag bellen?", report: report, by: lead.actor,
                                              app: training, db: training.db)
                let reloaded = try await CaseUseCaseTests.context("vp-extern", report, training)
                let moved = try await MoveOnLadder.run(to: .closed, details: TransitionDetails(reason: "Oefening afgerond"),
                                                       outcome: .resolvedInformally, reporterOutcome: .stayed, accusedOutcome: .stayed,
                                                       version: reloaded.caseFile.version, on: reloaded)
                #expect(moved == .moved)
                #expect(try await CaseFile.find(lead.caseID, on: training.db)?.stage == CaseStage.closed.rawValue)
                _ = await Outbox.drain(app: training)

                // 5. The mail stays in the training queue: there is no mail program to hand it to.
                #expect(try await OutgoingNotice.query(on: training.db).filter(\.$sentAt == nil).count() >= 1)
                #expect(try await MailQueue.send(app: training) == 0)
                #expect(try await OutgoingNotice.query(on: training.db).filter(\.$sentAt != nil).count() == 0)

                // The training data is where training says, and only there.
                switch database {
                case .sqlite:
                    #expect(FileManager.default.fileExists(atPath: trainingConfig.sqliteFile))
                    #expect(trainingConfig.sqliteFile != baseConfig.sqliteFile)
                case .postgres:
                    let schema = try #require(trainingConfig.postgresSchema)
                    #expect(schema != baseConfig.postgresSchema)
                    let sql = try #require(real.db as? any SQLDatabase)
                    struct Row: Decodable { let n: Int }
                    let there = try await sql.raw("SELECT count(*)::int AS n FROM \(ident: schema).\(ident: Report.schema)").first(decoding: Row.self)
                    #expect(there?.n == 6)
                }
                let keysReal = try Data(contentsOf: URL(fileURLWithPath: baseConfig.keyFile))
                let keysTraining = try Data(contentsOf: URL(fileURLWithPath: trainingConfig.keyFile))
                #expect(keysReal != keysTraining)
            }

            // The real app: nothing of all that.
            let after = try await Self.counts(real.db)
            #expect(after == before)
            #expect(after.reports == 0 && after.cases == 0 && after.registry == 0 && after.alerts == 0
                    && after.notices == 0 && after.outbox == 0)
            #expect(try await MailQueue.send(app: real) == 0)
            let sent = try FileManager.default.contentsOfDirectory(atPath: recorder.path).filter { $0.hasPrefix("sent-") }
            #expect(sent.isEmpty, "a message reached the real mail program")
            let realHome = try await TestBrowser(real).get("/")
            #expect(!realHome.body.contains("training-banner"))
            #expect(!realHome.body.contains("Oefenomgeving"))
        }
    }

    struct Counts: Equatable {
        let reports: Int, cases: Int, registry: Int, alerts: Int, notices: Int, reminders: Int, outbox: Int, audit: Int, events: Int
    }

    static func counts(_ db: any Database) async throws -> Counts {
        Counts(reports: try await Report.query(on: db).count(), cases: try await CaseFile.query(on: db).count(),
               registry: try await RegistryEntry.query(on: db).count(), alerts: try await RegistryAlert.query(on: db).count(),
               notices: try await OutgoingNotice.query(on: db).count(), reminders: try await StaffReminder.query(on: db).count(),
               outbox: try await OutboxRecord.query(on: db).count(), audit: try await AuditEntry.query(on: db).count(),
               events: try await ReportEvent.query(on: db).count())
    }

    /// A second application on the training configuration, as `serve --training` starts it; its
    /// PostgreSQL schema is dropped afterwards (the real one is dropped by `withTestApp`).
    static func withTrainingApp(_ config: AppConfiguration, database: TestDatabase,
                                _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        var failure: (any Error)?
        do {
            try await configure(app, config)
            try await prepareDatabase(app)
            try await body(app)
        } catch {
            failure = error
        }
        if database == .postgres, let schema = config.postgresSchema, let sql = app.db as? any SQLDatabase {
            try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        }
        try await app.asyncShutdown()
        if let failure { throw failure }
    }
}
