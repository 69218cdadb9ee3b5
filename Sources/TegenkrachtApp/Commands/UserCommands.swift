import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht user create|reset-2fa|disable|enable|reset-password|link-sso`.
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manages staff accounts." }
    var commands: [String: any AnyAsyncCommand] {
        ["create": CreateCommand(), "reset-2fa": ResetTwoFactorCommand(), "disable": SetDisabledCommand(disabled: true),
         "enable": SetDisabledCommand(disabled: false), "reset-password": ResetPasswordCommand(),
         "link-sso": LinkSingleSignOnCommand()]
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

    struct AccountSignature: CommandSignature {
        @Option(name: "username", help: "The account.")
        var username: String?
    }

    /// `user disable` and `user enable`: one command, two directions.
    struct SetDisabledCommand: AsyncCommand {
        typealias Signature = AccountSignature
        let disabled: Bool
        var help: String {
            disabled ? "Disables an account: no login, its sessions end at once. Its history stays." : "Enables a disabled account again."
        }

        func run(using context: CommandContext, signature: Signature) async throws {
            let username = (signature.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            try await StaffAccounts.setDisabled(disabled, username: username, on: context.application)
            context.console.print(disabled ? "Account '\(username)' is disabled; its sessions have ended."
                                           : "Account '\(username)' is enabled again.")
        }
    }

    /// Single sign-on never makes an account by itself (issue 17): an administrator links each one.
    struct LinkSingleSignOnCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "username", help: "The staff account.")
            var username: String?
            @Option(name: "subject", help: "The provider's `sub` for this person (its stable user id, not the e-mail address).")
            var subject: String?
        }

        var help: String { "Links a staff account to its subject at the organisation's OpenID Connect provider (TEGENKRACHT_OIDC_ISSUER)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard let issuer = app.tegenkracht.singleSignOn?.issuer else {
                throw CommandInputError("single sign-on is not configured: set TEGENKRACHT_OIDC_ISSUER and the other TEGENKRACHT_OIDC_* settings first", exitCode: 2)
            }
            let username = (signature.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let subject = (signature.subject ?? "").trimmingCharacters(in: .whitespaces)
            guard !subject.isEmpty, subject.utf8.count <= 255, !subject.contains(where: \.isNewline) else {
                throw CommandInputError("--subject is required: the provider's `sub` claim, at most 255 bytes", exitCode: 2)
            }
            guard let user = try await StaffUser.query(on: app.db).filter(\.$username == username).first() else {
                throw CommandInputError("no account '\(username)'", exitCode: 2)
            }
            try await SingleSignOnAttempts.link(user, issuer: issuer, subject: subject, db: app.db, now: app.clock.now)
            context.console.print("Account '\(username)' now logs in through \(issuer) as subject '\(subject)'.")
        }
    }

    struct ResetPasswordCommand: AsyncCommand {
        typealias Signature = AccountSignature
        var help: String { "Gives a forgotten password a new one (shown once) and ends the account's sessions; two-factor login stays." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let username = (signature.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let password = StaffAccounts.generatePassword()
            try await StaffAccounts.resetPassword(username: username, to: password, on: context.application)
            context.console.print("New password for '\(username)' (shown once; the holder changes it under Account): \(password)")
        }
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
