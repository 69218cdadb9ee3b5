import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// The migration log holds each migration's name as it was when it ran. The migrations moved to
/// another module (issue 12), and Fluent's default name carries the module: without fixed names every
/// existing database would be migrated again and fail on its first `CREATE TABLE`.
@Suite struct MigrationNameTests {
    @Test func everyMigrationKeepsTheNameTheLogHolds() {
        let names = SchemaMigrations.all.map(\.name)
        #expect(names.count == 34)
        #expect(names.first == "TegenkrachtApp.M001_Foundation")
        #expect(names.contains("TegenkrachtApp.M007_StaffReminders"))
        for name in names {
            #expect(name.hasPrefix("TegenkrachtApp.M"), "\(name)")
        }
        #expect(Set(names).count == names.count)
        // Positive control: Fluent's default for a type of this module would differ.
        #expect(String(reflecting: M001_Foundation.self) != "TegenkrachtApp.M001_Foundation")
    }
}

/// The layers as the package wires them (issue 12).
@Suite struct LayeringTests {
    /// The benchmarks live in `tegenkracht-bench`; the production binary's commands have none.
    @Test func theProductionCommandsCarryNoBenchmark() async throws {
        try await withTestApp(.sqlite) { app in
            #expect(app.asyncCommands.commands["bench"] == nil)
            // Positive control: the commands are registered by the same `configure`.
            #expect(app.asyncCommands.commands["registry"] != nil)
        }
    }

    /// Every Swift source of a folder under `Sources/`, with its text.
    static func sources(_ folder: String) throws -> [(path: String, text: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources").appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return try walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map {
            (String($0.path.dropFirst(root.path.count + 1)), try String(contentsOf: $0, encoding: .utf8))
        }
    }

    /// The web reads forms and answers; what an action writes commits in its use case. Only the staff's
    /// own account (log-in, password) keeps its small units next to its pages.
    @Test func theWebOpensNoUnitOfWorkOfItsOwn() throws {
        let web = try Self.sources("TegenkrachtApp/Web")
        let opening = web.filter { $0.text.contains("UnitOfWork.run(") && !$0.path.hasPrefix("Auth/") }.map(\.path)
        #expect(opening.isEmpty, "\(opening)")
        // Positive controls: the scan reads the web's files, and finds the units where they are.
        #expect(web.count > 50)
        #expect(try Self.sources("TegenkrachtUseCases/UseCases").filter { $0.text.contains("UnitOfWork.run(") }.count >= 5)
    }

    /// The use cases never see HTTP, and time comes from the one clock.
    @Test func theUseCasesKnowNoRequestAndNoWallClock() throws {
        let useCases = try Self.sources("TegenkrachtUseCases")
        #expect(useCases.filter { $0.text.contains("import Vapor") || $0.text.contains("Request") && $0.text.contains("req.") }.isEmpty)
        var all = useCases
        for folder in ["TegenkrachtApp", "TegenkrachtCore", "tegenkracht"] { all += try Self.sources(folder) }
        // The system clock itself is the one place that reads the time.
        let readers = all.filter { $0.text.contains("Date()") }.map(\.path)
        #expect(readers == ["Time/WallClock.swift"], "\(readers)")
        #expect(all.count > 150)
    }
}

/// Reading the configuration before `configure` does not end the process (it used to trap).
@Suite struct UnconfiguredTests {
    @Test func theConfigurationBeforeConfigureIsTheStrictDefault() async throws {
        let app = try await Application.make(.testing)
        let config = app.tegenkracht
        #expect(config.insecureHTTPCookies == false)
        #expect(config.passwordCost == 12)
        #expect((try? app.keyVault) == nil)   // the parts with state or secrets still refuse
        try await app.asyncShutdown()
    }
}
