import Foundation
import NIOCore
import TegenkrachtApp
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The `tegenkracht` command: `serve`, `migrate`, `demo`, `doctor`, `user …`, `organisation …`, `audit …`.
/// `serve --demo` also loads the demo organisation; on a loopback address it turns on the development
/// switch for plain-http cookies (the session cookie is otherwise `Secure`).
var arguments = CommandLine.arguments
var config = AppConfiguration.fromEnvironment()
let isServe = arguments.count < 2 || arguments[1] == "serve"
config.runJobs = isServe
if let index = arguments.firstIndex(of: "--demo"), isServe {
    arguments.remove(at: index)
    config.loadDemoOrganisation = true
    let hostIndex = arguments.firstIndex(where: { $0 == "--hostname" || $0 == "-H" })
    let host = hostIndex.flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "127.0.0.1"
    if ["127.0.0.1", "localhost", "::1"].contains(host) { config.insecureHTTPCookies = true }
}
// Training mode (issue 18): `--training` on any command does what TEGENKRACHT_TRAINING=1 does, so
// that `user create --training` makes an account in the training database, not in the real one.
if let index = arguments.firstIndex(of: "--training") {
    arguments.remove(at: index)
    config = config.training()
}
if let index = arguments.firstIndex(of: "--dev-http") {
    arguments.remove(at: index)
    config.insecureHTTPCookies = true
}

// Issue 17: the development switch sends cookies over plain http; on an address other machines can
// reach, that would hand sessions to anyone on the network. Such a start is refused, with the reason.
if isServe, config.insecureHTTPCookies {
    let hostIndex = arguments.firstIndex(where: { $0 == "--hostname" || $0 == "-H" })
    let bindIndex = arguments.firstIndex(where: { $0 == "--bind" || $0 == "-b" })
    let host = hostIndex.flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        ?? bindIndex.flatMap { $0 + 1 < arguments.count ? String(arguments[$0 + 1].split(separator: ":").first ?? "") : nil }
        ?? "127.0.0.1"
    if !["127.0.0.1", "localhost", "::1"].contains(host) {
        FileHandle.standardError.write(Data(("error: the development switch (--dev-http or TEGENKRACHT_INSECURE_HTTP_COOKIES=1) "
            + "sends cookies over plain http, and \(host) can be reached from other machines. Serve on 127.0.0.1 behind "
            + "nginx with TLS, or turn the switch off (tegenkracht doctor checks the configuration).\n").utf8))
        exit(2)
    }
}

// A metrics token that can be guessed would open the figures to anyone: refused, with the reason.
if isServe, let token = config.metricsToken, MetricsToken(token) == nil {
    FileHandle.standardError.write(Data(("error: TEGENKRACHT_METRICS_TOKEN is shorter than \(MetricsToken.minimumLength) "
        + "characters; set a long random value (openssl rand -hex 32), or unset it to serve no /metrics.\n").utf8))
    exit(2)
}

// Single sign-on half configured, or over plain http to another machine: refused, with each fix.
if isServe, let sso = config.singleSignOn, case let problems = sso.problems(developmentSwitch: config.insecureHTTPCookies), !problems.isEmpty {
    for problem in problems { FileHandle.standardError.write(Data(("error: " + problem + "\n").utf8)) }
    exit(2)
}

let english = (try? LocalisationCatalog.load(directory: config.localisationDirectory))?.localizer(.english)

func report(_ error: any Error) {
    if let invalid = error as? InvalidOrganisation {
        for problem in invalid.problems {
            let line = english.map { problem.message($0) } ?? problem.description
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    } else if let io = error as? NIOCore.IOError, io.errnoCode == EADDRINUSE {
        // Issue 16: a clear sentence, not the socket call's name.
        FileHandle.standardError.write(Data(("error: the address and port are already in use by another program "
            + "(perhaps another tegenkracht serve); stop it, or choose another port with --port\n").utf8))
    } else {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
}

// Computing deadlines touches nothing either.
if arguments.count >= 2, arguments[1] == "deadlines" {
    exit(DeadlinesCommand.run(arguments: Array(arguments.dropFirst(2)), config: config))
}

// Checking a file touches nothing: no keys, no database.
if arguments.count >= 3, arguments[1] == "organisation", arguments[2] == "validate",
   arguments.contains("--help") || arguments.contains("-h") || arguments.count == 3 {
    print("Usage: tegenkracht organisation validate FILE\n\nChecks an organisation file and lists every problem "
          + "(file, place, problem). Touches nothing.\nExit codes: 0 valid, 1 problems found, 2 no file named.")
    exit(arguments.count == 3 ? 2 : 0)
}
if arguments.count == 4, arguments[1] == "organisation", arguments[2] == "validate" {
    do {
        let organisation = try OrganisationFile.load(path: arguments[3])
        print("\(arguments[3]): valid (\(organisation.fracties.count) fracties, \(organisation.people.count) people, "
              + "\(organisation.roles.count) roles).")
        exit(0)
    } catch {
        report(error)
        exit(1)
    }
}

/// What a command may do to the database (issue 19): commands that only read never change the
/// schema, and say so (exit 3) when it is not up to date; `migrate` migrates itself.
enum DatabaseUse {
    case migrates, readsOnly, migratesItself, none
}

func databaseUse(_ arguments: [String]) -> DatabaseUse {
    let words = arguments.dropFirst().filter { !$0.hasPrefix("-") }
    if arguments.contains("--help") || arguments.contains("-h") { return .none }
    switch (words.first ?? "serve", words.dropFirst().first) {
    case ("migrate", _), ("restore", _): return .migratesItself
    case ("backup", _): return arguments.contains(where: { $0.hasPrefix("--new-operator-key") }) ? .none : .readsOnly
    case ("routes", _): return arguments.contains(where: { $0 == "--organisation" || $0.hasPrefix("--organisation=") }) ? .none : .readsOnly
    case ("audit", _), ("keys", "status"), ("keys", "verify"), ("jobs", "status"), ("mail", _): return .readsOnly
    case ("doctor", _): return .none  // it reports pending migrations itself
    default: return .migrates
    }
}

var env = try Environment.detect(arguments: arguments)
// Standard output is for results only: every log line, at every level, goes to standard error, so
// that `--json` output always parses.
// `TEGENKRACHT_LOG_FORMAT=json`: one JSON object per line, for a log collector (issue 17).
let jsonLogs = ProcessInfo.processInfo.environment["TEGENKRACHT_LOG_FORMAT"] == "json"
try LoggingSystem.bootstrap(from: &env) { level in
    { label in
        if jsonLogs { return JSONLogHandler(label: label, level: level) }
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
let app = try await Application.make(env)
var exitCode: Int32 = 0
do {
    try await configure(app, config)
    switch databaseUse(arguments) {
    case .migrates: try await prepareDatabase(app)
    case .readsOnly: try await prepareDatabase(app, migrate: false)
    case .migratesItself, .none: break
    }
    if config.insecureHTTPCookies {
        app.logger.warning("development switch on: cookies are sent over plain http (do not use in production)")
    }
    if config.isTraining {
        let place = config.usesPostgres ? "schema \(config.postgresSchema ?? "")" : config.sqliteFile
        app.logger.notice("training mode: fictional data only, in \(place); no e-mail is sent")
    }
    try await app.execute()
} catch let error as CommandInputError {
    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
    exitCode = error.exitCode
} catch let error as MigrationsPending {
    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
    exitCode = 3
} catch {
    report(error)
    exitCode = 1
}
try? await app.asyncShutdown()
exit(exitCode)
