import Foundation
import TegenkrachtCore

/// Everything the service reads from its environment, in one place (documented in docs/configuration.md).
public struct AppConfiguration: Sendable {
    /// The folder that holds `Resources/` and `Public/`.
    public var rootDirectory: String
    /// The one clock of the service (issue 12): the system's, or a pinned one in tests and benchmarks.
    public var clock: any WallClock = SystemClock()
    /// Where the SQLite file and generated keys live when nothing else is configured.
    public var dataDirectory: String
    /// `DATABASE_URL`: PostgreSQL when set, SQLite in `dataDirectory` otherwise.
    public var databaseURL: String?
    /// Overrides the SQLite file (tests use one file per test).
    public var sqlitePath: String?
    /// A PostgreSQL schema to work in instead of `public` (tests use one schema per test).
    public var postgresSchema: String?
    /// `TEGENKRACHT_KEY_FILE`: the key-encryption keys; never in the database.
    public var keyFile: String
    /// Whether the key file may be created when missing (only at its default place under data/).
    public var mayCreateKeyFile: Bool
    /// The development switch for plain http on localhost: cookies without `Secure`.
    public var insecureHTTPCookies: Bool
    /// Load the demo organisation when no organisation is stored yet.
    public var loadDemoOrganisation: Bool
    /// `TEGENKRACHT_ORGANISATION_FILE`: an organisation file to validate and load at start-up.
    public var organisationFile: String?
    /// The bcrypt cost for staff passwords (12 in production; lower only in tests).
    public var passwordCost: Int
    /// Staff sessions end after this much idle time, and after `sessionMaxAge` in any case.
    public var sessionIdleTimeout: TimeInterval
    public var sessionMaxAge: TimeInterval
    /// Failed logins on one account before it is locked for a while.
    public var maxFailedLogins: Int
    /// log2 of scrypt's cost, for receipt codes stored in the old format (15 in production).
    public var receiptHashLogN: Int = 15
    /// Failed receipt (and, separately, monitor) codes per minute, service-wide, before wrong codes are
    /// answered more slowly (up to 5 s). A right code is never slowed down or refused.
    public var receiptThrottleThreshold: Int = 20
    /// Intake forms (up to 40 MB each, streamed into sealed chunks) read at once
    /// (`TEGENKRACHT_CONCURRENT_INTAKE`, 16); more wait up to 30 s with their body unread, then get 503
    /// with `Retry-After`. Memory per form is about one 64 KiB chunk; this bounds disk and CPU.
    public var concurrentIntakeBodies: Int = 16
    /// Days before a deadline that its handlers are reminded (`TEGENKRACHT_REMINDER_LEAD_DAYS`, "5,1").
    public var reminderLeadDays: [Int] = [5, 1]
    /// `TEGENKRACHT_SENDMAIL`: a sendmail-compatible program for the generic e-mail notices.
    public var sendmailPath: String?
    /// `TEGENKRACHT_MAIL_FROM`: the sender of the notices.
    public var mailFrom: String = "Tegenkracht <noreply@localhost>"
    /// PostgreSQL connections per event loop (one loop per core), as `configure` opens them.
    public static let postgresConnectionsPerEventLoop = 4
    /// `TEGENKRACHT_METRICS_TOKEN`: with it, `/metrics` serves Prometheus metrics to a request that
    /// carries `Authorization: Bearer <token>`; without it there is no `/metrics` at all.
    public var metricsToken: String?
    /// Run the periodic jobs in this process (set for `serve`).
    public var runJobs: Bool = false
    /// Read the templates from disk on every request, for someone editing them
    /// (`TEGENKRACHT_RELOAD_TEMPLATES=1`). Off by default, in every environment: with it on, each page
    /// parsed its templates again and cost several times what it should (issue 17).
    public var reloadTemplates: Bool = false
    /// How long this instance trusts the organisation version in force it holds in memory before it
    /// checks the database again (`OrganisationStore`), in seconds.
    public var organisationFreshness: TimeInterval = 5
    /// When repeated signals raise an alert (`TEGENKRACHT_PATTERN`, "3/24": more than 3 in 24 months).
    public var patternRule: PatternRule = .standard
    /// The smallest count a statistic shows (`TEGENKRACHT_MIN_CELL`, default 5).
    public var minimumCell: Int = 5
    /// The smallest group a survey result shows (`TEGENKRACHT_MIN_GROUP`, default 35, 000b).
    public var minimumGroup: Int = 35
    /// Whose integrity code applies to declarations here (`TEGENKRACHT_INTEGRITY_CODE`, an
    /// organisation of `Resources/Registers/integrity-rules.json`; default the Tweede Kamer's).
    public var integrityCode: String = "tweede-kamer"
    /// Staff single sign-on (`TEGENKRACHT_OIDC_*`); nil: local accounts only.
    public var singleSignOn: SingleSignOnSettings?
    /// The organisation's time zone, for "today" in validity checks.
    public var timeZone: TimeZone
    /// Training mode (issue 18, `TEGENKRACHT_TRAINING=1` or `serve --training`): set only by
    /// `training()`, which also moves the database, the keys and the mail away from the real ones.
    public internal(set) var isTraining: Bool = false

    /// The configuration with nothing set: the working directory and its `data` folder, and every
    /// default (which are the strict ones). What `Application.tegenkracht` gives before `configure`.
    package static var unconfigured: AppConfiguration {
        let root = FileManager.default.currentDirectoryPath
        return AppConfiguration(rootDirectory: root, dataDirectory: (root as NSString).appendingPathComponent("data"))
    }

    public init(rootDirectory: String, dataDirectory: String, databaseURL: String? = nil, sqlitePath: String? = nil,
                keyFile: String? = nil, insecureHTTPCookies: Bool = false, loadDemoOrganisation: Bool = false,
                organisationFile: String? = nil, passwordCost: Int = 12,
                sessionIdleTimeout: TimeInterval = 30 * 60, sessionMaxAge: TimeInterval = 12 * 3600,
                maxFailedLogins: Int = 5, timeZone: TimeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current) {
        self.rootDirectory = rootDirectory
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.sqlitePath = sqlitePath
        self.keyFile = keyFile ?? (dataDirectory as NSString).appendingPathComponent("keys/master-keys.json")
        self.mayCreateKeyFile = keyFile == nil
        self.insecureHTTPCookies = insecureHTTPCookies
        self.loadDemoOrganisation = loadDemoOrganisation
        self.organisationFile = organisationFile
        self.passwordCost = passwordCost
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionMaxAge = sessionMaxAge
        self.maxFailedLogins = maxFailedLogins
        self.timeZone = timeZone
    }

    /// Reads the process environment. `TEGENKRACHT_ROOT` defaults to the working directory.
    public static func fromEnvironment() -> AppConfiguration {
        let root = ProcessInfo.processInfo.environment["TEGENKRACHT_ROOT"] ?? FileManager.default.currentDirectoryPath
        let data = ProcessInfo.processInfo.environment["TEGENKRACHT_DATA_DIR"] ?? (root as NSString).appendingPathComponent("data")
        var config = AppConfiguration(
            rootDirectory: root,
            dataDirectory: data,
            databaseURL: ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            keyFile: ProcessInfo.processInfo.environment["TEGENKRACHT_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            insecureHTTPCookies: ProcessInfo.processInfo.environment["TEGENKRACHT_INSECURE_HTTP_COOKIES"] == "1",
            organisationFile: ProcessInfo.processInfo.environment["TEGENKRACHT_ORGANISATION_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            passwordCost: ProcessInfo.processInfo.environment["TEGENKRACHT_PASSWORD_COST"].flatMap(Int.init) ?? 12
        )
        if let lead = ProcessInfo.processInfo.environment["TEGENKRACHT_REMINDER_LEAD_DAYS"] {
            let days = lead.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 >= 0 }
            if !days.isEmpty { config.reminderLeadDays = days }
        }
        config.reloadTemplates = ProcessInfo.processInfo.environment["TEGENKRACHT_RELOAD_TEMPLATES"] == "1"
        config.sendmailPath = ProcessInfo.processInfo.environment["TEGENKRACHT_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 }
        if let from = ProcessInfo.processInfo.environment["TEGENKRACHT_MAIL_FROM"], !from.isEmpty { config.mailFrom = from }
        config.metricsToken = ProcessInfo.processInfo.environment["TEGENKRACHT_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let logN = ProcessInfo.processInfo.environment["TEGENKRACHT_RECEIPT_HASH_LOGN"].flatMap(Int.init), (10...20).contains(logN) {
            config.receiptHashLogN = logN
        }
        if let pattern = ProcessInfo.processInfo.environment["TEGENKRACHT_PATTERN"] {
            // "3/24": more than 3 within 24 months; "3/geen" (or "3/none"): more than 3, however old.
            let parts = pattern.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if parts.count == 2, let threshold = Int(parts[0]), threshold >= 1 {
                if ["geen", "none"].contains(parts[1]) {
                    config.patternRule = PatternRule(moreThan: threshold, windowMonths: nil)
                } else if let months = Int(parts[1]), months >= 1 {
                    config.patternRule = PatternRule(moreThan: threshold, windowMonths: months)
                }
            }
        }
        if let n = ProcessInfo.processInfo.environment["TEGENKRACHT_CONCURRENT_INTAKE"].flatMap(Int.init), (1...64).contains(n) {
            config.concurrentIntakeBodies = n
        }
        if let k = ProcessInfo.processInfo.environment["TEGENKRACHT_MIN_CELL"].flatMap(Int.init), k >= 2 { config.minimumCell = k }
        if let g = ProcessInfo.processInfo.environment["TEGENKRACHT_MIN_GROUP"].flatMap(Int.init), g >= 2 { config.minimumGroup = g }
        if let code = ProcessInfo.processInfo.environment["TEGENKRACHT_INTEGRITY_CODE"], !code.isEmpty { config.integrityCode = code }
        config.singleSignOn = SingleSignOnSettings.fromEnvironment(ProcessInfo.processInfo.environment)
        // Last, so that nothing read above can bring a real database, key file or mail program back.
        return ProcessInfo.processInfo.environment["TEGENKRACHT_TRAINING"] == "1" ? config.training() : config
    }

    public var resourcesDirectory: String { (rootDirectory as NSString).appendingPathComponent("Resources") }
    public var localisationDirectory: String { (resourcesDirectory as NSString).appendingPathComponent("Localization") }
    public var proceduresDirectory: String { (resourcesDirectory as NSString).appendingPathComponent("Procedures") }
    public var routeRulesDirectory: String { (resourcesDirectory as NSString).appendingPathComponent("Routes") }
    /// The public API's contract (issue 17), served at `/api/v1/openapi.json`.
    public var openAPIFile: String { (resourcesDirectory as NSString).appendingPathComponent("OpenAPI/openapi.json") }
    public var caseRulesDirectory: String { (resourcesDirectory as NSString).appendingPathComponent("Cases") }
    public var reportsDirectory: String { (resourcesDirectory as NSString).appendingPathComponent("Reports") }
    public var integrityRulesFile: String { (resourcesDirectory as NSString).appendingPathComponent("Registers/integrity-rules.json") }
    public var recommendationsFile: String { (resourcesDirectory as NSString).appendingPathComponent("Learning/recommendations.json") }
    public var onboardingFile: String { (resourcesDirectory as NSString).appendingPathComponent("Learning/onboarding.json") }
    public var codeOfConductFile: String { (resourcesDirectory as NSString).appendingPathComponent("Learning/code-of-conduct.json") }
    public var monitorDirectory: String { (resourcesDirectory as NSString).appendingPathComponent("Monitor") }
    public var demoOrganisationFile: String {
        (resourcesDirectory as NSString).appendingPathComponent("Organisation/demo.json")
    }
    public var sqliteFile: String { sqlitePath ?? (dataDirectory as NSString).appendingPathComponent("tegenkracht.sqlite") }
    public var usesPostgres: Bool { databaseURL != nil }
}
