import Fluent
import Foundation
import SQLKit
import TegenkrachtUseCases
import Vapor

/// A consistent copy of the database and its way back (issue 16). SQLite: `VACUUM INTO`, one read
/// transaction, so the copy is one moment even while the service writes. PostgreSQL: `pg_dump`, which
/// reads in one repeatable-read snapshot; restored with `psql` in one transaction. The connection's
/// password goes to those programs in their environment, never on their command line.
enum DatabaseCopy {
    static let sqliteName = "database.sqlite"
    static let postgresName = "database.sql"

    /// Writes the copy into `directory` and returns its file name.
    static func write(app: Application, into directory: String) async throws -> String {
        let config = app.tegenkracht
        if let url = config.databaseURL {
            var arguments = ["pg_dump", "--no-owner", "--no-privileges", "--format=plain", "--file", directory + "/" + postgresName]
            if let schema = config.postgresSchema { arguments += ["--schema", schema] }
            try run(arguments, url: url)
            return postgresName
        }
        guard let sql = app.db as? any SQLDatabase else { throw BackupError("the database does not speak SQL") }
        let target = directory + "/" + sqliteName
        let literal = "'" + target.replacingOccurrences(of: "'", with: "''") + "'"
        try await sql.raw("VACUUM INTO \(unsafeRaw: literal)").run()
        return sqliteName
    }

    /// Whether the configured database holds nothing yet (restore goes only into an empty one).
    static func targetIsEmpty(app: Application) async throws -> Bool {
        let config = app.tegenkracht
        if config.usesPostgres {
            guard let sql = app.db as? any SQLDatabase else { return false }
            let rows = try await sql.raw("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()").all()
            return (try rows.first?.decode(column: "n", as: Int.self)) == 0
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: config.sqliteFile)
        return ((attributes?[.size] as? NSNumber)?.intValue ?? 0) == 0
    }

    /// Loads the copy into the configured (empty) database.
    static func restore(app: Application, from file: String) async throws {
        let config = app.tegenkracht
        if let url = config.databaseURL {
            try run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", file], url: url)
            return
        }
        let target = config.sqliteFile
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: file, toPath: target)
    }

    /// Runs a PostgreSQL client program with the connection in its environment.
    private static func run(_ arguments: [String], url: String) throws {
        guard let components = URLComponents(string: url) else { throw BackupError("DATABASE_URL is not a URL") }
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = components.host
        environment["PGPORT"] = components.port.map(String.init)
        environment["PGUSER"] = components.user
        environment["PGPASSWORD"] = components.password
        environment["PGDATABASE"] = String(components.path.drop(while: { $0 == "/" }))
        environment["PGSSLMODE"] = components.queryItems?.first { $0.name == "sslmode" }?.value
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment.compactMapValues { $0 }
        do {
            try process.run()
        } catch {
            throw BackupError("\(arguments[0]) could not be started: install the PostgreSQL client programs")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BackupError("\(arguments[0]) failed with exit code \(process.terminationStatus)")
        }
    }
}
