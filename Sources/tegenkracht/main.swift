import Foundation
import TegenkrachtApp
import TegenkrachtCore
import Vapor

/// The `tegenkracht` command: `serve`, `migrate`, `demo`, `user …`, `organisation …`, `audit …`.
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
if let index = arguments.firstIndex(of: "--dev-http") {
    arguments.remove(at: index)
    config.insecureHTTPCookies = true
}

let english = (try? LocalisationCatalog.load(directory: config.localisationDirectory))?.localizer(.english)

func report(_ error: any Error) {
    if let invalid = error as? InvalidOrganisation {
        for problem in invalid.problems {
            let line = english.map { problem.message($0) } ?? problem.description
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    } else {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
}

// Computing deadlines touches nothing either.
if arguments.count >= 2, arguments[1] == "deadlines" {
    exit(DeadlinesCommand.run(arguments: Array(arguments.dropFirst(2)), config: config))
}

// Checking a file touches nothing: no keys, no database.
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

var env = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
var exitCode: Int32 = 0
do {
    try await configure(app, config)
    if arguments.count < 2 || arguments[1] != "migrate" {
        try await prepareDatabase(app)
    }
    if config.insecureHTTPCookies {
        app.logger.warning("development switch on: cookies are sent over plain http (do not use in production)")
    }
    try await app.execute()
} catch let error as CommandInputError {
    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
    exitCode = error.exitCode
} catch {
    report(error)
    exitCode = 1
}
try? await app.asyncShutdown()
exit(exitCode)
