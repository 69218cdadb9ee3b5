import FluentKit
import Foundation
import SQLKit

/// Whether this instance can serve (issue 17): the database answers, the key file is loaded and the
/// schema is current. Liveness (`/healthz`) says only that the process runs; a load balancer sends
/// requests only to an instance that is ready. The answers name no data, only the three checks.
package enum Readiness {
    package static func check(app: any ServiceContext, db: any Database) async -> [ProductionCheck.Finding] {
        [await database(db), keys(app), await migrations(app: app, db: db)]
    }

    static func database(_ db: any Database) async -> ProductionCheck.Finding {
        guard let sql = db as? any SQLDatabase else { return .problem("database", "not an SQL database", fix: "") }
        do {
            try await sql.raw("SELECT 1").run()
            // A standby answers reads but refuses every write: after a failover, an instance still
            // pointed at the old primary (now a standby) must not get requests.
            if sql.dialect.name == "postgresql" {
                struct Row: Decodable { let standby: Bool }
                if try await sql.raw("SELECT pg_is_in_recovery() AS standby").first(decoding: Row.self)?.standby == true {
                    return .problem("database", "the database is a read-only standby",
                                    fix: "point DATABASE_URL at the primary (docs/operations.md, the failover drill)")
                }
            }
            return .ok("database")
        } catch {
            return .problem("database", "the database does not answer", fix: "check DATABASE_URL and that PostgreSQL runs")
        }
    }

    static func keys(_ app: any ServiceContext) -> ProductionCheck.Finding {
        do {
            _ = try app.keyVault.receiptKey
            return .ok("keys")
        } catch {
            return .problem("keys", "the key file is not loaded", fix: "restore the key file (docs/operations.md)")
        }
    }

    package static func migrations(app: any ServiceContext, db: any Database) async -> ProductionCheck.Finding {
        do {
            let pending = try await SchemaMigrations.pending(on: db)
            return pending.isEmpty ? .ok("migrations")
                : .problem("migrations", "\(pending.count) migration(s) not applied", fix: "run tegenkracht migrate")
        } catch {
            return .problem("migrations", "the migration log cannot be read", fix: "check the database connection")
        }
    }
}
