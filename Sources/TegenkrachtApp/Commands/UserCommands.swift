import Fluent
import Vapor
import TegenkrachtCore

/// `tegenkracht user create` and `tegenkracht user reset-2fa`.
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manages staff accounts." }
    var commands: [String: any AnyAsyncCommand] {
        ["create": CreateCommand(), "reset-2fa": ResetTwoFactorCommand()]
    }

    struct CreateCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "username", help: "Login name (case-insensitive).")
            var username: String?
            @Option(name: "name", help: "Display name.")
            var name: String?
            @Option(name: "role", help: "beheerder (administrator) or functionaris (functionary).")
            var role: String?
            @Option(name: "person", help: "The person id in the organisation model, for functionaries.")
            var person: String?
            @Option(name: "email", help: "An address for deadline reminders (never content).")
            var email: String?
            @Flag(name: "password-stdin", help: "Read the password from standard input instead of generating one.")
            var passwordStdin: Bool
        }

        var help: String { "Creates a staff account. Two-factor enrolment follows at the first login." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let username = signature.username?.trimmingCharacters(in: .whitespaces).lowercased(),
                  StaffAccounts.isValidUsername(username) else {
                throw CommandInputError("--username is required: 3 to 64 letters, digits, dots, hyphens or underscores")
            }
            guard let role = StaffRole(rawValue: signature.role ?? "") else {
                throw CommandInputError("--role must be one of: \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            // A CR or LF in an address would add lines to a mail header: refused before anything is made.
            if let email = signature.email, !email.isEmpty, !IntakeValidator.isPlausibleEmail(email) {
                throw CommandInputError("'--email' is not a plausible address (no spaces or line breaks)", exitCode: 2)
            }
            let password: String
            if signature.passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            } else {
                password = StaffAccounts.generatePassword()
            }
            let user = try await StaffAccounts.create(username: username, displayName: signature.name ?? username, role: role,
                                                      personID: signature.person, password: password, on: app)
            if let email = signature.email, !email.isEmpty {
                user.email = email
                try await user.save(on: app.db)
            }
            context.console.print("Created account '\(username)' (\(role.rawValue)). Two-factor enrolment follows at the first login.")
            if !signature.passwordStdin {
                context.console.print("Initial password (shown once): \(password)")
            }
        }
    }

    struct ResetTwoFactorCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "username", help: "The account to reset.")
            var username: String?
        }

        var help: String { "Removes an account's authenticator and recovery codes and ends its sessions; the next login enrols again." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let username = (signature.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            try await StaffAccounts.resetTwoFactor(username: username, on: app)
            context.console.print("Two-factor login of '\(username)' was reset; the next login enrols a new authenticator.")
        }
    }
}

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
        try await AuditLog.append(on: app.db, actor: "system", action: "staff.create", subject: "staff:\(try user.requireID())", now: app.clock.now)
        return user
    }

    /// Removes the authenticator, the recovery codes and every session; the next login enrols anew.
    static func resetTwoFactor(username: String, on app: Application) async throws {
        guard let user = try await StaffUser.query(on: app.db).filter(\.$username == username).first() else {
            throw CommandInputError("no account '\(username)'")
        }
        let id = try user.requireID()
        try await app.db.transaction { tx in
            user.totpSecret = nil
            user.pendingTOTPSecret = nil
            user.totpLastStep = nil
            user.failedAttempts = 0
            user.lockedUntil = nil
            try await user.save(on: tx)
            try await RecoveryCode.query(on: tx).filter(\.$user.$id == id).delete()
            try await StaffSession.query(on: tx).filter(\.$user.$id == id).delete()
        }
        try await AuditLog.append(on: app.db, actor: "system", action: "twofactor.reset", subject: "staff:\(id)", now: app.clock.now)
    }
}

/// Wrong input on the command line: the message says what to type instead.
public struct CommandInputError: Error, CustomStringConvertible {
    public let description: String
    /// 2 for input the command cannot work with (as in the route finder), 1 otherwise.
    public let exitCode: Int32
    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
