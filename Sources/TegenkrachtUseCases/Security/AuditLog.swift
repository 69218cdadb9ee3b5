import Crypto
import FluentKit
import Foundation
import SQLKit

/// The tamper-evident audit log: every entry's hash covers the previous hash and its own fields.
package enum AuditLog {
    package static let genesis = String(repeating: "0", count: 64)
    private static let appendLock = AsyncSerialLock()

    package static func append(on db: any Database, actor typedActor: ActorRef, action typed: AuditAction, subject: String,
                       now: Date) async throws {
        let action = typed.rawValue
        let actor = typedActor.stored
        // Whole seconds: both databases give back exactly what was hashed.
        let occurredAt = Date(timeIntervalSince1970: floor(now.timeIntervalSince1970))
        if db.inTransaction {
            // Part of an action's unit of work: the entry commits with the action. On PostgreSQL a
            // transaction-scoped advisory lock makes the next appender wait for this commit, so the
            // chain never forks; on SQLite the units already run one at a time.
            try await appendInTransaction(on: db, actor: actor, action: action, subject: subject, occurredAt: occurredAt)
            return
        }
        try await appendLock.run {
            try await appendChained(on: db, actor: actor, action: action, subject: subject, occurredAt: occurredAt)
        }
    }

    /// An arbitrary constant that names the audit chain's advisory lock on PostgreSQL.
    package static let advisoryLockKey: Int64 = 0x5445_4b41_5544_4954

    private static func appendInTransaction(on tx: any Database, actor: String, action: String, subject: String,
                                            occurredAt: Date) async throws {
        if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: advisoryLockKey))").run()
        }
        let last = try await AuditEntry.query(on: tx).sort(\.$sequence, .descending).first()
        let sequence = (last?.sequence ?? 0) + 1
        let previous = last?.hash ?? genesis
        let hash = entryHash(previous: previous, sequence: sequence, occurredAt: occurredAt,
                             actor: actor, action: action, subject: subject)
        try await AuditEntry(sequence: sequence, occurredAt: occurredAt, actor: actor, action: action,
                             subject: subject, previousHash: previous, hash: hash).create(on: tx)
    }

    private static func appendChained(on db: any Database, actor: String, action: String, subject: String,
                                      occurredAt: Date) async throws {
        for attempt in 0..<8 {
            do {
                try await db.transaction { tx in
                    try await appendInTransaction(on: tx, actor: actor, action: action, subject: subject, occurredAt: occurredAt)
                }
                return
            } catch {
                // Two writers took the same sequence number: the unique constraint stopped one; retry.
                if attempt == 7 { throw error }
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
    }

    package static func entryHash(previous: String, sequence: Int, occurredAt: Date, actor: String,
                          action: String, subject: String) -> String {
        let fields = [previous, String(sequence), String(Int(occurredAt.timeIntervalSince1970)), actor, action, subject]
        // Length-prefixed, so that no two different entries serialise the same.
        let canonical = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return sha256Hex(canonical)
    }

    /// The sequence number of the first entry that does not fit the chain, or nil when all is intact.
    package static func firstBrokenEntry(on db: any Database) async throws -> Int? {
        var previous = genesis
        var expectedSequence = 1
        for entry in try await AuditEntry.query(on: db).sort(\.$sequence, .ascending).all() {
            let recomputed = entryHash(previous: previous, sequence: entry.sequence, occurredAt: entry.occurredAt,
                                       actor: entry.actor, action: entry.action, subject: entry.subject)
            if entry.sequence != expectedSequence || entry.previousHash != previous || entry.hash != recomputed {
                return entry.sequence
            }
            previous = entry.hash
            expectedSequence += 1
        }
        return nil
    }
}
