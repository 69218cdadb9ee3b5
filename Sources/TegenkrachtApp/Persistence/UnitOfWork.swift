import Fluent
import SQLKit

/// One transaction for everything an action writes (issue 12): its state, its timeline event, its
/// audit entry and its outbox records commit together or not at all.
///
/// On SQLite the units of one process queue behind one lock: SQLite has one writer at a time, and
/// two deferred transactions that both read and then write can fail at once with "database is
/// locked" instead of waiting (anchors-swift-server.md, pitfall 5). PostgreSQL runs them side by side.
enum UnitOfWork {
    private static let sqliteWriters = AsyncSerialLock()

    static func run<T: Sendable>(_ db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if db.inTransaction { return try await body(db) }
        if db is any SQLDatabase, (db as? any SQLDatabase)?.dialect.name == "sqlite" {
            return try await sqliteWriters.run { try await db.transaction { tx in try await body(tx) } }
        }
        return try await db.transaction { tx in try await body(tx) }
    }
}
