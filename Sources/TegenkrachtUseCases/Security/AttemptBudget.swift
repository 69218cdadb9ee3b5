import FluentKit
import Foundation
import SQLKit

/// Failure counters and single-use checks done by the database in one statement each (issue 16:
/// in parallel, 24 TOTP guesses passed a 5-try lock, 12 wrong passwords locked nothing, one TOTP
/// code gave 5 sessions and one recovery code 2).
///
/// An attempt is counted *before* its secret is checked (`reserve`): the counter goes up only on a
/// row that is not locked, and the attempt that reaches the limit sets the lock at once, so however
/// many requests arrive together, no more than the limit are ever checked. A correct attempt then
/// clears the counter and the lock (`clear`).
package enum AttemptBudget {
    package struct Columns: Sendable {
        package let table: String
        package let counter: String
        package let lockedUntil: String

        package static let staff = Columns(table: StaffUser.schema, counter: "failed_attempts", lockedUntil: "locked_until")
    }

    package enum Outcome: Sendable, Equatable {
        /// Go ahead and check; this is attempt number `n` since the last success.
        case allowed(Int)
        /// Locked (by this attempt's predecessors); nothing is checked.
        case locked
    }

    package static func reserve(_ c: Columns, id: UUID, maxFailed: Int, now: Date, db: any Database) async throws -> Outcome {
        guard let sql = db as? any SQLDatabase else { return .locked }
        struct Row: Decodable { let n: Int }
        // One statement: the attempt is counted only on an unlocked row, and the attempt that
        // reaches the limit locks the row in the same statement (for the shortest lock; lengthened
        // below), so no parallel attempt slips in between.
        let provisional = now.addingTimeInterval(AccountLock.lockDuration(failedAttempts: maxFailed, maxFailed: maxFailed) ?? 60)
        let rows = try await sql.raw("""
            UPDATE \(ident: c.table) SET \(ident: c.counter) = \(ident: c.counter) + 1,
                \(ident: c.lockedUntil) = CASE WHEN \(ident: c.counter) + 1 >= \(bind: maxFailed) THEN \(bind: provisional)
                                            ELSE \(ident: c.lockedUntil) END
            WHERE id = \(bind: id) AND (\(ident: c.lockedUntil) IS NULL OR \(ident: c.lockedUntil) <= \(bind: now))
            RETURNING \(ident: c.counter) AS n
            """).all(decoding: Row.self)
        guard let n = rows.first?.n else {
            ServiceMetrics.lockedAttemptRefused()
            return .locked
        }
        if let duration = AccountLock.lockDuration(failedAttempts: n, maxFailed: maxFailed) {
            ServiceMetrics.accountLocked()  // each lock set or lengthened
            try await sql.update(c.table)
                .set(SQLIdentifier(c.lockedUntil), to: SQLBind(now.addingTimeInterval(duration)))
                .where(SQLIdentifier("id"), .equal, SQLBind(id))
                .run()
        }
        return .allowed(n)
    }

    /// A correct attempt: the counter and the lock are cleared.
    package static func clear(_ c: Columns, id: UUID, db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.update(c.table)
            .set(SQLIdentifier(c.counter), to: SQLLiteral.numeric("0"))
            .set(SQLIdentifier(c.lockedUntil), to: SQLLiteral.null)
            .where(SQLIdentifier("id"), .equal, SQLBind(id))
            .run()
    }

    /// A correct password is not a failure: its attempt is taken back (and the lock it set, if it was
    /// the one that reached the limit). The counter stays shared with the code step, so a known
    /// password does not buy more guesses at the code.
    package static func release(_ c: Columns, id: UUID, attempt n: Int, maxFailed: Int, db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        var update = sql.update(c.table)
            .set(SQLIdentifier(c.counter), to: SQLBinaryExpression(SQLIdentifier(c.counter), .subtract, SQLLiteral.numeric("1")))
        if AccountLock.lockDuration(failedAttempts: n, maxFailed: maxFailed) != nil {
            update = update.set(SQLIdentifier(c.lockedUntil), to: SQLLiteral.null)
        }
        try await update.where(SQLIdentifier("id"), .equal, SQLBind(id))
            .where(SQLIdentifier(c.counter), .greaterThan, SQLLiteral.numeric("0"))
            .run()
    }

    /// Accepts a TOTP step once: true only for the one request that moves `totp_last_step` forward.
    package static func claimTOTPStep(_ step: Int, userID: UUID, db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(StaffUser.schema)
            .set(SQLIdentifier("totp_last_step"), to: SQLBind(step))
            .where(SQLIdentifier("id"), .equal, SQLBind(userID))
            .where { group in
                group.where(SQLIdentifier("totp_last_step"), .is, SQLLiteral.null)
                    .orWhere(SQLIdentifier("totp_last_step"), .lessThan, SQLBind(step))
            }
            .returning(SQLIdentifier("id"))
            .all()
        return !rows.isEmpty
    }

    /// Uses a recovery code once: true only for the one request that marks it used.
    package static func claimRecoveryCode(_ id: UUID, now: Date, db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(RecoveryCode.schema)
            .set(SQLIdentifier("used_at"), to: SQLBind(now))
            .where(SQLIdentifier("id"), .equal, SQLBind(id))
            .where(SQLIdentifier("used_at"), .is, SQLLiteral.null)
            .returning(SQLIdentifier("id"))
            .all()
        return !rows.isEmpty
    }
}
