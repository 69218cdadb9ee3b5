import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import NIOCore
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Wires the service together. Everything that can be wrong with the configuration is checked before
/// anything is written: texts, the organisation file, the keys, then the database.
public func configure(_ app: Application, _ config: AppConfiguration) async throws {
    app.tegenkracht = config
    app.directory = DirectoryConfiguration(workingDirectory: config.rootDirectory.hasSuffix("/")
                                           ? config.rootDirectory : config.rootDirectory + "/")

    // 1. Read and check; write nothing yet.
    let catalog = try LocalisationCatalog.load(directory: config.localisationDirectory)
    app.localisation = catalog
    if let file = config.organisationFile {
        _ = try OrganisationFile.load(path: file)
    }
    app.routeRules = try RouteRuleBook.load(directory: config.routeRulesDirectory)
    app.procedures = try ProcedureBook.load(directory: config.proceduresDirectory)
    app.caseRules = try CaseRuleBook.load(directory: config.caseRulesDirectory)
    app.reportBook = try ReportBook.load(directory: config.reportsDirectory)
    app.instruments = try InstrumentBook.load(directory: config.monitorDirectory)
    app.integrityRules = try IntegrityRuleBook.load(file: config.integrityRulesFile)
    app.recommendations = try RecommendationBook.load(file: config.recommendationsFile)
    app.onboarding = try OnboardingBook.load(file: config.onboardingFile)
    app.codeOfConduct = try CodeOfConductBook.load(file: config.codeOfConductFile)
    // A misspelt code would refuse every declaration with "no rules for that day": refuse to start instead.
    guard app.integrityRules.versions.contains(where: { $0.organisation == config.integrityCode }) else {
        throw UnknownIntegrityCode(code: config.integrityCode, known: Set(app.integrityRules.versions.map(\.organisation)).sorted())
    }
    if config.loadDemoOrganisation {
        _ = try OrganisationFile.load(path: config.demoOrganisationFile)
    }

    // 2. Keys, then the database.
    if !config.usesPostgres || config.mayCreateKeyFile {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }
    let keyVault = try KeyVault(path: config.keyFile, createIfMissing: config.mayCreateKeyFile)

    if let url = config.databaseURL {
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema = config.postgresSchema { postgres.searchPath = [schema] }
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: AppConfiguration.postgresConnectionsPerEventLoop), as: .psql)
    } else {
        app.databases.use(.sqlite(.file(config.sqliteFile)), as: .sqlite)
    }

    // 3. Security: passwords, sessions, headers, forms.
    app.passwords.use(.bcrypt(cost: config.passwordCost))
    app.dummyPasswordHash = try Bcrypt.hash("not-a-real-password-\(UUID().uuidString)", cost: config.passwordCost)
    app.organisationStore = OrganisationStore(timeZone: config.timeZone, clock: config.clock, freshness: config.organisationFreshness)
    app.routes.defaultMaxBodySize = "1mb"
    app.receiptHasher = ReceiptHasher(logN: config.receiptHashLogN)
    // Each throttle its own: wrong monitor codes never slow down reporters, nor the other way round.
    let throttles = Throttles(
        staffLogin: LoginThrottle(door: .staffLogin, clock: config.clock),
        receipt: LoginThrottle(door: .receipt, window: 60, threshold: config.receiptThrottleThreshold, clock: config.clock),
        monitorCode: LoginThrottle(door: .monitorCode, window: 60, threshold: config.receiptThrottleThreshold, clock: config.clock))
    let hashing = HashingPool()
    app.lifecycle.use(HashingPoolLifecycle(pool: hashing))
    app.setServices(AppServices(keyVault: keyVault, throttles: throttles, followUpDeliverer: FollowUpDeliverer(),
                                hashingPool: hashing, legacyReceiptBudget: LegacyReceiptBudget(),
                                intakeBodyGate: IntakeBodyGate(capacity: config.concurrentIntakeBodies)))

    // Multipart bodies are checked by our own parser before MultipartKit sees them (it traps on some).
    var content = ContentConfiguration.default()
    content.use(decoder: CheckedFormDataDecoder(), for: .formData)
    ContentConfiguration.global = content

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(PathLimitMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(StaffSessionMiddleware())
    app.middleware.use(CSRFMiddleware())

    // 4. Views and routes.
    // Our own renderer: Leaf's `app.leaf.renderer` switches the template cache off in the development
    // environment, which `serve` runs in unless told otherwise, so every page lexed and parsed its
    // templates again (issue 17: pages cost several times the bare route).
    app.views.use { app in
        var cache = app.leaf.cache
        cache.isEnabled = !app.tegenkracht.reloadTemplates
        return LeafRenderer(configuration: app.leaf.configuration, tags: app.leaf.tags, cache: cache, sources: app.leaf.sources,
                            eventLoop: app.eventLoopGroup.next(), userInfo: ["application": app])
    }
    app.leaf.tags["t"] = LocalizeTag(catalog: catalog)
    app.leaf.tags["tel"] = TelephoneLinkTag()

    if let sso = config.singleSignOn, sso.problems(developmentSwitch: config.insecureHTTPCookies).isEmpty {
        app.identityProvider = IdentityProvider(settings: sso)
    }
    // The only outgoing requests are to the identity provider: a redirect (https to http, or elsewhere)
    // is never followed.
    app.http.client.configuration.redirectConfiguration = .disallow
    try routes(app)
    if let token = config.metricsToken.flatMap(MetricsToken.init) {
        MetricsController.install(on: app, token: token)
    }

    // Ours, not Fluent's: one transaction per migration with its log line (SchemaMigrations).
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(DoctorCommand(), as: "doctor")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(OrganisationCommands(), as: "organisation")
    app.asyncCommands.use(AuditCommands(), as: "audit")
    app.asyncCommands.use(RoutesCommand(), as: "routes")
    app.asyncCommands.use(JobsCommands(), as: "jobs")
    app.asyncCommands.use(MailCommands(), as: "mail")
    app.asyncCommands.use(KeysCommands(), as: "keys")
    app.asyncCommands.use(RegistryCommands(), as: "registry")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    if config.runJobs {
        app.lifecycle.use(JobRunnerLifecycle(runner: JobRunner(app: app, jobs: Jobs.all())))
    }
}

/// Write-ahead logging on SQLite; the schema of its own on PostgreSQL (tests).
func prepareStorage(_ app: Application) async throws {
    let config = app.tegenkracht
    if !config.usesPostgres, let sql = app.db as? any SQLDatabase {
        // Write-ahead logging: readers do not block the writer, and a crash loses nothing committed.
        // Switching to WAL needs the database to itself: a second process starting at the same
        // moment (two migrators) gets "database is locked", and tries again.
        try await SchemaMigrations.withLockRetry { try await sql.raw("PRAGMA journal_mode=WAL").run() }
    }
    if config.usesPostgres, let schema = config.postgresSchema, let sql = app.db as? any SQLDatabase {
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
}

/// Brings the database up to date and loads the configured organisation: before `serve` and `demo`,
/// so that a fresh machine needs nothing but `serve`. With `migrate: false` (every other command)
/// the schema is left alone: pending migrations throw `MigrationsPending` (exit code 3).
public func prepareDatabase(_ app: Application, migrate: Bool = true) async throws {
    let config = app.tegenkracht
    guard migrate else {
        let pending = try await SchemaMigrations.pending(on: app.db)
        if !pending.isEmpty { throw MigrationsPending(names: pending) }
        return
    }
    try await prepareStorage(app)
    try await SchemaMigrations.migrate(on: app.db, logger: app.logger)
    if !config.usesPostgres, let sql = app.db as? any SQLDatabase {
        // Statistics for the query planner, so that it picks the covering indexes of the registry.
        try await SchemaMigrations.withLockRetry { try await sql.raw("PRAGMA optimize").run() }
    }
    let store = app.organisationStore
    if let file = config.organisationFile {
        let organisation = try OrganisationFile.load(path: file)
        let current = try await store.inForce(on: organisation.validFrom, db: app.db)?.organisation
        if current != organisation {
            try await store.save(organisation, by: .system, userID: nil, note: "loaded from \(file)", on: app.db)
        }
    } else if config.loadDemoOrganisation, try await !store.hasAnyVersion(on: app.db) {
        let demo = try OrganisationFile.load(path: config.demoOrganisationFile)
        try await store.save(demo, by: .system, userID: nil, note: "demo organisation", on: app.db)
    }
    // Training mode (issue 18): the fictional cases, through the real intake, into a training
    // database that has none yet (TrainingSeed refuses outside training mode).
    if config.isTraining, let seeded = try await TrainingSeed.seedIfEmpty(app: app, db: app.db) {
        app.logger.notice("training mode: \(seeded.reports) fictional reports and \(seeded.signals) back-dated signals made")
    }
}

/// `TEGENKRACHT_INTEGRITY_CODE` names no organisation in `Resources/Registers/integrity-rules.json`.
struct UnknownIntegrityCode: Error, CustomStringConvertible {
    let code: String
    let known: [String]
    var description: String {
        "TEGENKRACHT_INTEGRITY_CODE=\(code) is not in integrity-rules.json; known: \(known.joined(separator: ", "))"
    }
}
