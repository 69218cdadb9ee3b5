import Fluent
import Vapor

/// `tegenkracht keys rotate [--remove-old]`: a new key-encryption key becomes active, and every data
/// key and every secret sealed with an older key is re-wrapped with it. The key file is written first
/// (with old and new keys), then the database is re-wrapped in one transaction; only with
/// `--remove-old`, and only after that commit, are the old keys dropped from the file. A crash at any
/// point leaves every value readable.
struct KeysCommands: AsyncCommandGroup {
    var help: String { "Manages the key-encryption keys." }
    var commands: [String: any AnyAsyncCommand] { ["rotate": RotateCommand()] }

    struct RotateCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Flag(name: "remove-old", help: "Remove the old keys from the key file after re-wrapping.")
            var removeOld: Bool
        }

        var help: String { "Makes a new key active and re-wraps every data key with it." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let result = try await KeyRotation.rotate(app: context.application, removeOld: signature.removeOld)
            context.console.print("New active key \(result.activeID); re-wrapped \(result.reports) report keys and "
                                  + "\(result.secrets) staff secrets. Keys in the file: \(result.keyIDs.joined(separator: ", ")).")
        }
    }
}

enum KeyRotation {
    struct Result {
        let activeID: String
        let reports: Int
        let secrets: Int
        let keyIDs: [String]
    }

    static func rotate(app: Application, removeOld: Bool) async throws -> Result {
        let path = app.tegenkracht.keyFile
        let old = app.keyRing
        let ring = try old.addingActiveKey()
        try ring.write(to: path)
        app.keyRing = ring
        let (reportCount, secretCount) = try await app.db.transaction { tx -> (Int, Int) in
            var reportCount = 0
            var secretCount = 0
            for report in try await Report.query(on: tx).all() {
                let id = try report.requireID()
                let key = try old.open(report.wrappedKey, context: "report-key:\(id.uuidString)")
                report.wrappedKey = try ring.seal(key, context: "report-key:\(id.uuidString)")
                try await report.save(on: tx)
                reportCount += 1
            }
            for user in try await StaffUser.query(on: tx).all() {
                let context = "totp:\(try user.requireID())"
                var changed = false
                if let sealed = user.totpSecret {
                    user.totpSecret = try ring.seal(try old.open(sealed, context: context), context: context)
                    changed = true
                }
                if let sealed = user.ownReportsSealed {
                    let ownContext = OwnReports.context(try user.requireID())
                    user.ownReportsSealed = try ring.seal(try old.open(sealed, context: ownContext), context: ownContext)
                    changed = true
                }
                if let sealed = user.pendingTOTPSecret {
                    user.pendingTOTPSecret = try ring.seal(try old.open(sealed, context: context), context: context)
                    changed = true
                }
                if changed {
                    try await user.save(on: tx)
                    secretCount += 1
                }
            }
            return (reportCount, secretCount)
        }
        var final = ring
        if removeOld {
            final = try ring.onlyActiveKey()
            try final.write(to: path)
            app.keyRing = final
        }
        try await AuditLog.append(on: app.db, actor: "system", action: "keys.rotate", subject: "key:\(final.activeID)")
        return Result(activeID: final.activeID, reports: reportCount, secrets: secretCount, keyIDs: final.keyIDs)
    }
}
