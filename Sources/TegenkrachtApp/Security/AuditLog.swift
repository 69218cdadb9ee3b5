import Crypto
import Fluent
import Foundation

/// The tamper-evident audit log: every entry's hash covers the previous hash and its own fields.
enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)
    private static let appendLock = AsyncSerialLock()

    static func append(on db: any Database, actor: String, action: String, subject: String,
                       now: Date = Date()) async throws {
        // Whole seconds: both databases give back exactly what was hashed.
        let occurredAt = Date(timeIntervalSince1970: floor(now.timeIntervalSince1970))
        try await appendLock.run {
            try await appendChained(on: db, actor: actor, action: action, subject: subject, occurredAt: occurredAt)
        }
    }

    private static func appendChained(on db: any Database, actor: String, action: String, subject: String,
                                      occurredAt: Date) async throws {
        for attempt in 0..<8 {
            do {
                try await db.transaction { tx in
                    let last = try await AuditEntry.query(on: tx).sort(\.$sequence, .descending).first()
                    let sequence = (last?.sequence ?? 0) + 1
                    let previous = last?.hash ?? genesis
                    let hash = entryHash(previous: previous, sequence: sequence, occurredAt: occurredAt,
                                         actor: actor, action: action, subject: subject)
                    try await AuditEntry(sequence: sequence, occurredAt: occurredAt, actor: actor, action: action,
                                         subject: subject, previousHash: previous, hash: hash).create(on: tx)
                }
                return
            } catch {
                // Two writers took the same sequence number: the unique constraint stopped one; retry.
                if attempt == 7 { throw error }
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
    }

    static func entryHash(previous: String, sequence: Int, occurredAt: Date, actor: String,
                          action: String, subject: String) -> String {
        let fields = [previous, String(sequence), String(Int(occurredAt.timeIntervalSince1970)), actor, action, subject]
        // Length-prefixed, so that no two different entries serialise the same.
        let canonical = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return sha256Hex(canonical)
    }

    /// The sequence number of the first entry that does not fit the chain, or nil when all is intact.
    static func firstBrokenEntry(on db: any Database) async throws -> Int? {
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
