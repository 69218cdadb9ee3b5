import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor
import VaporTesting

/// The databases every app test runs on. PostgreSQL is used when `TEST_DATABASE_URL` is set; on CI
/// (`CI=true`) it must be set, so that a missing server fails the run instead of skipping half of it.
enum TestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var all: [TestDatabase] {
        let onCI = ProcessInfo.processInfo.environment["CI"] == "true"
        return postgresURL != nil || onCI ? [.sqlite, .postgres] : [.sqlite]
    }
}

enum TestPaths {
    /// The package root, found from this file's place (Tests/TegenkrachtAppTests/Helpers/).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()
}

/// Runs `body` with a fresh application on its own empty database (a new SQLite file, or a new
/// PostgreSQL schema), migrated, and removes it all afterwards. Tests can run in parallel.
/// The moment app tests start at: Wednesday 9 December 2026, 23:30 UTC (Thursday 00:30 in Amsterdam).
enum TestClock {
    static let start = Date(timeIntervalSince1970: 1_796_859_000)
}

func withTestApp(_ database: TestDatabase, demo: Bool = true, environment: Environment = .testing,
                 adjust: (inout AppConfiguration) -> Void = { _ in },
                 _ body: (Application) async throws -> Void) async throws {
    let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("tegenkracht-test-\(id)").path
    var config = AppConfiguration(rootDirectory: TestPaths.root, dataDirectory: dataDir, passwordCost: 4)
    // Every app test runs on a pinned clock (issue 12), at an awkward moment: 23:30 UTC is already the
    // next day in Amsterdam, where "today" is reckoned. A test that needs time to move takes its own
    // `FixedClock` and advances it.
    config.clock = FixedClock(TestClock.start)
    config.loadDemoOrganisation = demo
    config.receiptHashLogN = 10
    // No slowing down of wrong codes in tests (it would only make them slow); the flood test sets it.
    config.receiptThrottleThreshold = 1000
    switch database {
    case .sqlite:
        config.sqlitePath = (dataDir as NSString).appendingPathComponent("test.sqlite")
    case .postgres:
        guard let url = TestDatabase.postgresURL else {
            Issue.record("TEST_DATABASE_URL is not set: PostgreSQL tests cannot run")
            return
        }
        config.databaseURL = url
        config.postgresSchema = "t_\(id)"
    }
    adjust(&config)
    let app = try await Application.make(environment)
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
    try? FileManager.default.removeItem(atPath: dataDir)
    if let failure { throw failure }
}
