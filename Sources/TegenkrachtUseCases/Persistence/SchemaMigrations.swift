import FluentKit
import Foundation
import SQLKit

/// The schema's migrations, run so that an interrupted upgrade can never leave a database that no
/// later start can open (issue 19).
///
/// Fluent's own migrator commits a migration's DDL and its line in the migration log separately:
/// killed in between, every later start fails on "table already exists". Here each migration and
/// its log line are one transaction (SQLite and PostgreSQL both have transactional DDL), so a
/// migration is either wholly there or wholly absent. The log is Fluent's `_fluent_migrations`
/// table with Fluent's names, so databases migrated before keep working.
///
/// Two instances that start at once migrate once: on PostgreSQL each migration first takes a
/// transaction-scoped advisory lock and then looks in the log, so the second waits and then finds
/// nothing to do; on SQLite the database's single writer does the same, and a "database is locked"
/// from a lock-upgrade race is retried.
///
/// Each migration states its name: Fluent's default is the type's full name with its module, and the
/// migrations moved from `TegenkrachtApp` to `TegenkrachtUseCases` (issue 12). The names stay the ones
/// the log already holds, or every existing database would be migrated again.
package enum SchemaMigrations {
    package static let all: [any AsyncMigration] = [
        M001_Foundation(), M002_JobRuns(), M003_Reports(), M004_Notices(), M005_OwnReports(), M006_ProcedureEvents(),
        M007_StaffReminders(), M008_Cases(), M009_Registry(), M010_Monitor(), M011_IdentityReader(), M012_Outbox(), M013_StaffAccountState(), M014_AttachmentChunks(), M015_ReportWrongdoing(), M016_CaseDeputies(), M017_SubmissionKeys(),
        M018_CallbackRequests(),
        M019_ProposedReaders(),
        M020_CallbackPhoneIndex(),
        M021_MailRetries(),
        M022_SurveyTallies(),
        M023_IntegrityRegisters(),
        M024_SingleSignOn(),
        M025_SideActivities(),
        M026_TripExtensions(),
        M027_FinancialInterests(),
        M028_MemberReminders(),
        M029_RegisterCitations(),
        M030_PublishedSideActivities(),
        M031_Learning(),
        M032_Network(),
        M033_CodeOfConduct(),
        M034_SurveyWaveEmployer(),
    ]

    package static let advisoryLockKey: Int64 = 0x5445_4b4d_4947_5241

    /// The names of the migrations not yet applied (all of them on an empty database).
    package static func pending(on db: any Database) async throws -> [String] {
        let applied: Set<String>
        do {
            applied = Set(try await MigrationLog.query(on: db).all().map(\.name))
        } catch {
            applied = []  // no migration log yet: a fresh database
        }
        return all.map(\.name).filter { !applied.contains($0) }
    }

    /// Applies every pending migration, each in its own transaction with its log line; returns the
    /// names applied by this call.
    @discardableResult
    package static func migrate(on db: any Database, logger: Logger) async throws -> [String] {
        try await withLockRetry {
            try await db.transaction { tx in
                try await lock(tx)
                try await MigrationLog.migration.prepare(on: tx).get()
            }
        }
        var applied: [String] = []
        for migration in all {
            let ran = try await withLockRetry {
                try await db.transaction { tx -> Bool in
                    try await lock(tx)
                    guard try await MigrationLog.query(on: tx).filter(\.$name == migration.name).count() == 0 else { return false }
                    let batch = (try await MigrationLog.query(on: tx).max(\.$batch) ?? 0) + 1
                    try await migration.prepare(on: tx)
                    try await MigrationLog(name: migration.name, batch: batch).create(on: tx)
                    return true
                }
            }
            if ran {
                logger.info("migrated: \(migration.name)")
                applied.append(migration.name)
            }
        }
        return applied
    }

    /// Reverts the newest migration that was applied, with its log line, in one transaction.
    package static func revertLast(on db: any Database, logger: Logger) async throws -> String? {
        try await db.transaction { tx -> String? in
            try await lock(tx)
            guard let last = try await MigrationLog.query(on: tx).sort(\.$batch, .descending).sort(\.$createdAt, .descending).first(),
                  let migration = all.first(where: { $0.name == last.name }) else { return nil }
            try await migration.revert(on: tx)
            try await last.delete(on: tx)
            logger.info("reverted: \(migration.name)")
            return migration.name
        }
    }

    private static func lock(_ tx: any Database) async throws {
        if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: advisoryLockKey))").run()
        }
    }

    /// SQLite answers a lock-upgrade race between two writers with "database is locked" at once
    /// (anchors-swift-server.md, pitfall 5): the transaction rolled back, so trying again is safe.
    package static func withLockRetry<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch where attempt < 50 && String(describing: error).contains("locked") {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64.random(in: 20_000_000...100_000_000))
            }
        }
    }
}

/// The database needs `tegenkracht migrate` before this command can run (exit code 3).
public struct MigrationsPending: Error, CustomStringConvertible {
    package init(names: [String]) {
        self.names = names
    }

    public let names: [String]
    public var description: String {
        "the database is not up to date: \(names.count) migration(s) pending; run `tegenkracht migrate` first"
    }
}
