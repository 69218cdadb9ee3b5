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
        #expect(names.count == 17)
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
