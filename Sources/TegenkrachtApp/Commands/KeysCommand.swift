import Fluent
import SQLKit
import TegenkrachtUseCases
import Vapor

/// `tegenkracht keys rotate [--remove-old]` and `tegenkracht keys status` (docs/configuration.md, Keys).
struct KeysCommands: AsyncCommandGroup {
    var help: String { "Manages the key-encryption keys." }
    var commands: [String: any AnyAsyncCommand] { ["rotate": RotateCommand(), "status": StatusCommand(), "verify": VerifyCommand()] }

    /// Opens every value sealed with the key ring (after a restore or an upgrade); exit 1 if one fails.
    struct VerifyCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Opens every value sealed with the key file; exit 1 when one does not open." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let result = try await KeyRotation.verify(app.db, ring: try app.keyVault.ring)
            for (column, count) in result.counts.sorted(by: { $0.key < $1.key }) {
                context.console.print("\(column): \(count) opened")
            }
            if !result.unreadable.isEmpty {
                throw KeyRotationError.unreadable(result.unreadable)
            }
        }
    }

    struct RotateCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Flag(name: "remove-old", help: "Remove the old keys from the key file once nothing is wrapped with them.")
            var removeOld: Bool
        }

        var help: String { "Makes a new key active and re-wraps every value sealed with an older key." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let result = try await KeyRotation.rotate(app: context.application, removeOld: signature.removeOld)
            context.console.print("New active key \(result.activeID); re-wrapped \(result.rewrapped) values. "
                                  + "Keys in the file: \(result.keyIDs.joined(separator: ", ")).")
            if let refusal = result.removalRefused {
                context.console.error(refusal)
                throw KeyRotationError.stillWrapped
            }
        }
    }

    struct StatusCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Counts the sealed values per column that are not yet wrapped with the active key." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let vault = try app.keyVault
            context.console.print("Active key \(vault.activeID); keys in the file: \(vault.ring.keyIDs.joined(separator: ", ")).")
            for (column, count) in try await KeyRotation.notWithActiveKey(app.db, activeID: vault.activeID) {
                context.console.print("\(column.name): \(count) value(s) under an older key")
            }
        }
    }
}

enum KeyRotationError: Error, CustomStringConvertible {
    case stillWrapped
    case unreadable([String])

    var description: String {
        switch self {
        case .stillWrapped: return "old keys kept: values are still wrapped with them"
        case .unreadable(let places): return "values that no key opens: \(places.joined(separator: ", "))"
        }
    }
}

/// Re-wrapping after a new key-encryption key (issue 16).
///
/// The new ring (old keys kept) is written first and made this process's ring at once; servers
/// that run elsewhere see the new file before their next seal (`KeyVault`). Then every column of
/// `KeySealedColumn.all` is walked in id order, in batches of `batchSize`, each batch its own
/// transaction: an interrupted rotation is resumed by running it again, since only values still
/// wrapped with an older key are read. A value is replaced only if it has not changed since it was
/// read (`WHERE id = ? AND column = old`), so a concurrent write is never overwritten; such a value
/// is picked up by the next pass. `--remove-old` drops the old keys only when a final count finds
/// nothing wrapped with them, and refuses otherwise.
enum KeyRotation {
    struct Result {
        let activeID: String
        let rewrapped: Int
        let keyIDs: [String]
        let removalRefused: String?
    }

    static let batchSize = 200

    static func rotate(app: Application, removeOld: Bool, settle: Duration = .seconds(1)) async throws -> Result {
        let vault = try app.keyVault
        let ring = try vault.ring.addingActiveKey()
        try vault.replace(with: ring)
        try await AuditLog.append(on: app.db, actor: .system, action: .keysRotate, subject: "key:\(ring.activeID)", now: app.clock.now)
        var rewrapped = try await rewrapAll(app.db, ring: ring)
        guard removeOld else {
            return Result(activeID: ring.activeID, rewrapped: rewrapped, keyIDs: ring.keyIDs, removalRefused: nil)
        }
        // A write that sealed with the old ring just before the new file appeared may still be on
        // its way to the database: wait a moment, and take it along.
        try await Task.sleep(for: settle)
        rewrapped += try await rewrapAll(app.db, ring: ring)
        let left = try await notWithActiveKey(app.db, activeID: ring.activeID)
        guard left.isEmpty else {
            let places = left.map { "\($0.0.name): \($0.1)" }.joined(separator: ", ")
            return Result(activeID: ring.activeID, rewrapped: rewrapped, keyIDs: ring.keyIDs,
                          removalRefused: "Old keys kept: still wrapped with them: \(places). Run `keys rotate` again later.")
        }
        let final = try ring.onlyActiveKey()
        try vault.replace(with: final)
        try await AuditLog.append(on: app.db, actor: .system, action: .keysRemoveOld, subject: "key:\(final.activeID)", now: app.clock.now)
        return Result(activeID: final.activeID, rewrapped: rewrapped, keyIDs: final.keyIDs, removalRefused: nil)
    }

    /// Passes over every sealed column until one finds nothing left to re-wrap (at most five).
    static func rewrapAll(_ db: any Database, ring: KeyRing) async throws -> Int {
        var total = 0
        for _ in 0..<5 {
            var pass = 0
            var unreadable: [String] = []
            for column in KeySealedColumn.all {
                let (count, failed) = try await rewrap(column, db: db, ring: ring)
                pass += count
                unreadable += failed
            }
            guard unreadable.isEmpty else { throw KeyRotationError.unreadable(unreadable) }
            total += pass
            if pass == 0 { break }
        }
        return total
    }

    private struct Row: Decodable {
        let id: UUID
        let value: String
    }

    /// One pass over a column, in id order, a transaction per batch.
    static func rewrap(_ column: KeySealedColumn, db: any Database, ring: KeyRing) async throws -> (Int, [String]) {
        guard let sql = db as? any SQLDatabase else { return (0, []) }
        let active = "v1:\(ring.activeID):%"
        var after: UUID?
        var count = 0
        var unreadable: [String] = []
        while true {
            var query = sql.select().column(SQLIdentifier("id")).column(SQLAlias(SQLIdentifier(column.column), as: SQLIdentifier("value")))
                .from(column.table)
                .where(SQLIdentifier(column.column), .isNot, SQLLiteral.null)
                .where(SQLIdentifier(column.column), .notLike, SQLBind(active))
            if let after { query = query.where(SQLIdentifier("id"), .greaterThan, SQLBind(after)) }
            let rows = try await query.orderBy("id").limit(batchSize).all(decoding: Row.self)
            guard let last = rows.last else { break }
            after = last.id
            // A unit of work: on SQLite it queues behind the other writers of this process instead of
            // failing with "database is locked" when submissions arrive during the rotation.
            let (changed, failed) = try await UnitOfWork.run(db) { tx -> (Int, [String]) in
                guard let txSQL = tx as? any SQLDatabase else { return (0, []) }
                var changed = 0
                var failed: [String] = []
                for row in rows {
                    let context = column.purpose(row.id).context
                    guard let plain = try? ring.open(row.value, context: context) else {
                        failed.append("\(column.name) \(row.id)")
                        continue
                    }
                    let updated = try await txSQL.update(column.table)
                        .set(SQLIdentifier(column.column), to: SQLBind(try ring.seal(plain, context: context)))
                        .where(SQLIdentifier("id"), .equal, SQLBind(row.id))
                        .where(SQLIdentifier(column.column), .equal, SQLBind(row.value))
                        .returning(SQLIdentifier("id"))
                        .all()
                    changed += updated.count
                }
                return (changed, failed)
            }
            count += changed
            unreadable += failed
        }
        return (count, unreadable)
    }

    /// Opens every sealed value with `ring` (a restart's ring, or a restored key file): how many
    /// opened per column, and which did not.
    static func verify(_ db: any Database, ring: KeyRing) async throws -> (counts: [String: Int], unreadable: [String]) {
        guard let sql = db as? any SQLDatabase else { return ([:], []) }
        var counts: [String: Int] = [:]
        var unreadable: [String] = []
        for column in KeySealedColumn.all {
            var after: UUID?
            while true {
                var query = sql.select().column(SQLIdentifier("id"))
                    .column(SQLAlias(SQLIdentifier(column.column), as: SQLIdentifier("value")))
                    .from(column.table).where(SQLIdentifier(column.column), .isNot, SQLLiteral.null)
                if let after { query = query.where(SQLIdentifier("id"), .greaterThan, SQLBind(after)) }
                let rows = try await query.orderBy("id").limit(batchSize).all(decoding: Row.self)
                guard let last = rows.last else { break }
                after = last.id
                for row in rows {
                    if (try? ring.open(row.value, context: column.purpose(row.id).context)) != nil {
                        counts[column.name, default: 0] += 1
                    } else {
                        unreadable.append("\(column.name) \(row.id)")
                    }
                }
            }
        }
        return (counts, unreadable)
    }

    /// The columns that still hold values not wrapped with the active key, with their counts.
    static func notWithActiveKey(_ db: any Database, activeID: String) async throws -> [(KeySealedColumn, Int)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var result: [(KeySealedColumn, Int)] = []
        for column in KeySealedColumn.all {
            let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(column.table)
                .where(SQLIdentifier(column.column), .isNot, SQLLiteral.null)
                .where(SQLIdentifier(column.column), .notLike, SQLBind("v1:\(activeID):%"))
                .first()
            let n = try row?.decode(column: "n", as: Int.self) ?? 0
            if n > 0 { result.append((column, n)) }
        }
        return result
    }
}
