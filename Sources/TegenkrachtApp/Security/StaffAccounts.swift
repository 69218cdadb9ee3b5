import Fluent
import Foundation
import TegenkrachtUseCases
import Vapor

/// Rules for staff accounts, shared by the CLI and the tests.
enum StaffAccounts {
    static func isValidUsername(_ name: String) -> Bool {
        (3...64).contains(name.count) && name.unicodeScalars.allSatisfy {
            CharacterSet.lowercaseLetters.contains($0) && $0.isASCII || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    /// Long passphrases are welcome; bcrypt reads at most 72 bytes, so longer ones are refused
    /// rather than silently cut.
    static func passwordProblem(_ password: String) -> String? {
        if password.count < 12 { return "the password must be at least 12 characters" }
        if password.utf8.count > 72 { return "the password may be at most 72 bytes" }
        return nil
    }

    static func generatePassword() -> String {
        String(randomToken(bytes: 18).prefix(24))
    }

    @discardableResult
    static func create(username: String, displayName: String, role: StaffRole, personID: String?, password: String,
                       on app: Application) async throws -> StaffUser {
        if let problem = passwordProblem(password) { throw CommandInputError(problem) }
        if try await StaffUser.query(on: app.db).filter(\.$username == username).first() != nil {
            throw CommandInputError("an account '\(username)' already exists")
        }
        let hash = try await app.password.async.hash(password)
        let user = StaffUser(username: username, displayName: displayName, role: role, personID: personID, passwordHash: hash)
        try await user.create(on: app.db)
        try await AuditLog.append(on: app.db, actor: .system, action: .staffCreate, subject: "staff:\(try user.requireID())", now: app.clock.now)
        return user
    }

    /// Removes the authenticator, the recovery codes and every session; the next login enrols anew.
    static func resetTwoFactor(username: String, on app: Application) async throws {
        guard let user = try await StaffUser.query(on: app.db).filter(\.$username == username).first() else {
            throw CommandInputError("no account '\(username)'")
        }
        let id = try user.requireID()
        try await UnitOfWork.run(app.db) { tx in
            user.totpSecret = nil
            user.pendingTOTPSecret = nil
            user.totpLastStep = nil
            user.failedAttempts = 0
            user.lockedUntil = nil
            try await user.save(on: tx)
            try await RecoveryCode.query(on: tx).filter(\.$user.$id == id).delete()
            try await StaffSession.query(on: tx).filter(\.$user.$id == id).delete()
            try await AuditLog.append(on: tx, actor: .system, action: .twofactorReset, subject: "staff:\(id)", now: app.clock.now)
        }
    }

    /// Disables or enables an account. Disabling ends every session of it in the same transaction.
    static func setDisabled(_ disabled: Bool, username: String, on app: Application) async throws {
        guard let user = try await StaffUser.query(on: app.db).filter(\.$username == username).first() else {
            throw CommandInputError("no account '\(username)'")
        }
        let id = try user.requireID()
        let now = app.clock.now
        try await UnitOfWork.run(app.db) { tx in
            user.disabledAt = disabled ? (user.disabledAt ?? now) : nil
            try await user.save(on: tx)
            if disabled { try await StaffSession.query(on: tx).filter(\.$user.$id == id).delete() }
            try await AuditLog.append(on: tx, actor: .system, action: disabled ? .staffDisable : .staffEnable,
                                      subject: "staff:\(id)", now: now)
        }
    }

    /// A new password set by an administrator (a forgotten one); every session of the account ends.
    static func resetPassword(username: String, to password: String, on app: Application) async throws {
        if let problem = passwordProblem(password) { throw CommandInputError(problem) }
        guard let user = try await StaffUser.query(on: app.db).filter(\.$username == username).first() else {
            throw CommandInputError("no account '\(username)'")
        }
        let id = try user.requireID()
        let hash = try await app.password.async.hash(password)
        try await UnitOfWork.run(app.db) { tx in
            user.passwordHash = hash
            try await user.save(on: tx)
            try await StaffSession.query(on: tx).filter(\.$user.$id == id).delete()
            try await AuditLog.append(on: tx, actor: .system, action: .staffPasswordReset, subject: "staff:\(id)", now: app.clock.now)
        }
    }
}
