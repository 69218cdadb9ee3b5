import FluentKit
import SQLKit

/// One transaction for everything an action writes (issue 12): its state, its timeline event, its
/// audit entry and its outbox records commit together or not at all.
///
/// On SQLite the units of one process queue behind one lock: SQLite has one writer at a time, and
/// two deferred transactions that both read and then write can fail at once with "database is
/// locked" instead of waiting (anchors-swift-server.md, pitfall 5). PostgreSQL runs them side by side.
package enum UnitOfWork {
    private static let sqliteWriters = AsyncSerialLock()

    package static func run<T: Sendable>(_ db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if db.inTransaction { return try await body(db) }
        if let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
            return try await sqliteWriters.run {
                try await db.transaction { tx in
                    // Take the write lock first: Fluent begins with a deferred BEGIN, and a unit that
                    // read first and then wrote after another connection committed would fail at once
                    // with "database is locked" (SQLITE_BUSY_SNAPSHOT), without the busy handler.
                    // An UPDATE that matches nothing still takes the lock, waiting for it if needed.
                    if let txSQL = tx as? any SQLDatabase {
                        try await txSQL.raw("UPDATE _fluent_migrations SET batch = batch WHERE 0").run()
                    }
                    return try await body(tx)
                }
            }
        }
        return try await db.transaction { tx in try await body(tx) }
    }
}
