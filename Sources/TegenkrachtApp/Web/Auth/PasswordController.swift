import Fluent
import SQLKit
import TegenkrachtUseCases
import Vapor

/// The account holder changes their own password (issue 16). The current password is asked again, and
/// a wrong one counts towards the account's lock, so a session left open on a shared PC cannot be used
/// to guess it. A change ends every other session of the account, in the same transaction.
enum PasswordController {
    struct Form: Decodable {
        var current: String?
        var new: String?
        var repeated: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await req.renderPage("password", titleKey: "password.title", Content())
    }

    @Sendable static func change(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = try req.content.decode(Form.self)
        func fail(_ key: String, _ args: [String: String] = [:], status: HTTPStatus = .unprocessableEntity) async throws -> Response {
            try await req.renderPage("password", titleKey: "password.title", Content(message: req.text(key, args)), status: status)
        }
        let current = form.current ?? ""
        let new = form.new ?? ""
        guard !current.isEmpty, !new.isEmpty else { return try await fail("password.missing") }
        guard new == form.repeated else { return try await fail("password.mismatch") }
        guard StaffAccounts.passwordProblem(new) == nil else { return try await fail("password.weak") }
        guard new != current else { return try await fail("password.same") }
        guard let user = try await StaffUser.find(staff.userID, on: req.db) else { throw Abort(.unauthorized) }

        guard case .allowed(let attempt) = try await AccountGuard.reserve(staff.userID, req: req) else {
            let minutes = try await AccountGuard.minutesLocked(staff.userID, req: req)
            return try await fail("login.locked", ["minutes": String(minutes)], status: .tooManyRequests)
        }
        let pool = try req.application.hashingPool
        let verified: Bool
        do {
            verified = try await pool.verifyPassword(current, against: user.passwordHash)
        } catch is HashingBusy {
            try await AttemptBudget.release(.staff, id: staff.userID, attempt: attempt,
                                            maxFailed: req.application.tegenkracht.maxFailedLogins, db: req.db)
            let response = try await fail("login.busy", status: .serviceUnavailable)
            response.headers.replaceOrAdd(name: .retryAfter, value: "5")
            return response
        }
        guard verified else {
            try await AccountGuard.recordFailure(staff.userID, req: req)
            return try await fail("password.wrongCurrent")
        }
        try await AttemptBudget.release(.staff, id: staff.userID, attempt: attempt,
                                        maxFailed: req.application.tegenkracht.maxFailedLogins, db: req.db)
        let cost = req.application.tegenkracht.passwordCost
        let hash = try await pool.run { try Bcrypt.hash(new, cost: cost) }
        let oldHash = user.passwordHash
        let now = req.application.clock.now
        do {
            try await UnitOfWork.run(req.db) { tx in
                // Only if the password did not change meanwhile (two tabs): compare-and-set on the old hash.
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
                let changed = try await sql.update(StaffUser.schema)
                    .set(SQLIdentifier("password_hash"), to: SQLBind(hash))
                    .where(SQLIdentifier("id"), .equal, SQLBind(staff.userID))
                    .where(SQLIdentifier("password_hash"), .equal, SQLBind(oldHash))
                    .returning(SQLIdentifier("id"))
                    .all()
                guard !changed.isEmpty else { throw StaleVersion() }
                try await StaffSession.query(on: tx).filter(\.$user.$id == staff.userID).filter(\.$id != staff.sessionID).delete()
                // Both secrets proven: earlier wrong tries no longer count.
                try await AttemptBudget.clear(.staff, id: staff.userID, db: tx)
                try await AuditLog.append(on: tx, actor: .staff(staff.userID), action: .staffPasswordChanged,
                                          subject: "staff:\(staff.userID)", now: now)
            }
        } catch is StaleVersion {
            return try await fail("password.changedMeanwhile", status: .conflict)
        }
        return try await req.renderPage("password", titleKey: "password.title", Content(done: true))
    }
}
