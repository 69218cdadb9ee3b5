import Crypto
import Fluent
import Foundation
import TegenkrachtUseCases
import Vapor

/// What a backup holds besides the two files: enough to check it before anything is restored.
struct BackupManifest: Codable {
    var format = 1
    var createdAt: Date
    var database: String
    var databaseFile: String
    var databaseSHA256: String
    var keysFile = "keys.sealed.json"
    var keysSHA256: String
    /// `SEQUENCE:HASH` of the newest audit entry when the copy was taken; keep it outside the backup too.
    var auditAnchor: String
    var migrations: [String]
}

/// `tegenkracht backup --out DIR --recipient operator.pub`: a consistent copy of the database and the
/// key file sealed to the operator's key, in one directory, with a manifest (issue 16).
/// `tegenkracht backup --new-operator-key FILE` makes the operator's key pair (keep FILE offline).
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "A new, empty directory for the backup.")
        var out: String?
        @Option(name: "recipient", help: "The operator's public key (FILE.pub from --new-operator-key).")
        var recipient: String?
        @Option(name: "new-operator-key", help: "Makes an operator key pair: FILE (private, keep it offline) and FILE.pub.")
        var newOperatorKey: String?
    }

    var help: String { "Writes a consistent copy of the database and the key file (sealed to the operator's key)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if let path = signature.newOperatorKey {
            try OperatorKey.generate(path: path)
            context.console.print("Operator key written to \(path) (keep it offline) and \(path).pub (for `backup --recipient`).")
            return
        }
        guard let out = signature.out, let recipientPath = signature.recipient else {
            throw CommandInputError("backup needs --out DIR and --recipient operator.pub", exitCode: 2)
        }
        let app = context.application
        let recipient = try OperatorKey.publicKey(at: recipientPath)
        let fm = FileManager.default
        if fm.fileExists(atPath: out), !((try? fm.contentsOfDirectory(atPath: out)) ?? []).isEmpty {
            throw CommandInputError("\(out) is not empty: a backup goes into a new directory", exitCode: 2)
        }
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

        // The anchor first: the copy, taken after it, always holds that entry.
        let head = try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).first()
        let anchor = head.map { "\($0.sequence):\($0.hash)" } ?? "0:\(AuditLog.genesis)"
        let migrations = try await MigrationLog.query(on: app.db).all().map(\.name).sorted()
        let databaseFile = try await DatabaseCopy.write(app: app, into: out)

        guard let keyFile = fm.contents(atPath: app.tegenkracht.keyFile) else { throw BackupError("the key file cannot be read") }
        let sealed = try JSONEncoder().encode(try OperatorKey.seal(keyFile, to: recipient))
        let keysPath = out + "/keys.sealed.json"
        guard fm.createFile(atPath: keysPath, contents: sealed, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError("cannot write \(keysPath)")
        }
        let manifest = BackupManifest(createdAt: app.clock.now, database: app.tegenkracht.usesPostgres ? "postgresql" : "sqlite",
                                      databaseFile: databaseFile, databaseSHA256: try Self.sha256(of: out + "/" + databaseFile),
                                      keysSHA256: try Self.sha256(of: keysPath), auditAnchor: anchor, migrations: migrations)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: out + "/manifest.json"))
        try await AuditLog.append(on: app.db, actor: .system, action: .backupCreate, subject: "backup", now: app.clock.now)
        context.console.print("Backup written to \(out).")
        context.console.print("Audit anchor (keep it outside the backup as well): \(anchor)")
    }

    /// SHA-256 of a file, read in pieces (a database copy can be large).
    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupError("cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().hexString
    }
}

/// `tegenkracht restore --from DIR --operator-key FILE [--anchor SEQUENCE:HASH]`: restores a backup into
/// the configured, empty database and key file, then proves it: the files match the manifest, the audit
/// chain holds and contains the anchor, every sealed value opens and every report reads, with its attachments.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup directory.")
        var from: String?
        @Option(name: "operator-key", help: "The operator's private key.")
        var operatorKey: String?
        @Option(name: "anchor", help: "SEQUENCE:HASH kept outside the backup (default: the manifest's).")
        var anchor: String?
    }

    var help: String { "Restores a backup into an empty database and proves every report readable." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let from = signature.from, let keyPath = signature.operatorKey else {
            throw CommandInputError("restore needs --from DIR and --operator-key FILE", exitCode: 2)
        }
        let app = context.application
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = FileManager.default.contents(atPath: from + "/manifest.json"),
              let manifest = try? decoder.decode(BackupManifest.self, from: data) else {
            throw BackupError("\(from) holds no readable manifest.json")
        }
        let expected = app.tegenkracht.usesPostgres ? "postgresql" : "sqlite"
        guard manifest.database == expected else {
            throw BackupError("this is a \(manifest.database) backup; the configured database is \(expected)")
        }
        let databasePath = from + "/" + manifest.databaseFile
        let keysPath = from + "/" + manifest.keysFile
        guard try BackupCommand.sha256(of: databasePath) == manifest.databaseSHA256,
              try BackupCommand.sha256(of: keysPath) == manifest.keysSHA256 else {
            throw BackupError("the backup's files do not match its manifest: it is damaged or was changed")
        }
        guard let sealedData = FileManager.default.contents(atPath: keysPath),
              let sealed = try? JSONDecoder().decode(OperatorKey.SealedKeyFile.self, from: sealedData) else {
            throw BackupError("the sealed key file cannot be read")
        }
        let keyFile = try OperatorKey.open(sealed, with: try OperatorKey.privateKey(at: keyPath))
        guard try await DatabaseCopy.targetIsEmpty(app: app) else {
            throw BackupError("the configured database is not empty: restore goes into a new, empty database")
        }

        // The target is empty, so a key file already there (made at start-up) seals nothing: kept aside.
        let target = app.tegenkracht.keyFile
        if FileManager.default.fileExists(atPath: target) {
            try FileManager.default.moveItem(atPath: target, toPath: target + ".before-restore-\(Int(app.clock.now.timeIntervalSince1970))")
        }
        try OperatorKey.writeSecret(keyFile, to: target)
        try app.keyVault.reload()
        try await DatabaseCopy.restore(app: app, from: databasePath)
        try await prepareDatabase(app, migrate: true)

        let proof = try await RestoreProof.check(app: app, anchor: signature.anchor ?? manifest.auditAnchor)
        context.console.print("Restored from \(from) (\(manifest.database), taken \(manifest.createdAt)).")
        context.console.print("Audit log: \(proof.auditEntries) entries, chain intact, anchor \(proof.anchor) found.")
        context.console.print("Sealed values: \(proof.sealedValues) opened. Reports: \(proof.reportsRead) of \(proof.reports) read.")
        try await AuditLog.append(on: app.db, actor: .system, action: .backupRestore, subject: "backup", now: app.clock.now)
    }
}

/// The checks after a restore; each failure throws with what failed.
enum RestoreProof {
    struct Result {
        var auditEntries: Int
        var anchor: String
        var sealedValues: Int
        var reports: Int
        var reportsRead: Int
    }

    static func check(app: Application, anchor: String) async throws -> Result {
        let db = app.db
        if let broken = try await AuditLog.firstBrokenEntry(on: db) {
            throw BackupError("the audit log is broken at entry \(broken)")
        }
        let parts = anchor.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let sequence = Int(parts[0]) else { throw BackupError("--anchor takes SEQUENCE:HASH") }
        if sequence > 0 {
            let entry = try await AuditEntry.query(on: db).filter(\.$sequence == sequence).first()
            guard entry?.hash == parts[1] else {
                throw BackupError("the audit log does not contain the anchored entry \(sequence) with that hash: it was rewritten")
            }
        }
        let sealed = try await KeyRotation.verify(db, ring: try app.keyVault.ring)
        guard sealed.unreadable.isEmpty else {
            throw BackupError("\(sealed.unreadable.count) sealed value(s) do not open with the restored key file")
        }
        var reports = 0
        var read = 0
        var after: UUID?
        while true {
            var query = Report.query(on: db).sort(\.$id).limit(200)
            if let after { query = query.filter(\.$id > after) }
            let page = try await query.all()
            guard let last = page.last else { break }
            for report in page {
                reports += 1
                let crypto = try ReportService.crypto(for: report, app: app)
                _ = try crypto.open(report.contentSealed, purpose: .content)
                if let identity = report.identitySealed { _ = try crypto.open(identity, purpose: .identity) }
                for attachment in try await ReportAttachment.query(on: db).filter(\.$report.$id == report.requireID()).all() {
                    _ = try crypto.open(attachment.metadataSealed, purpose: .attachmentMetadata(try attachment.requireID()))
                    _ = try await ReportService.attachmentContent(attachment, crypto: crypto, db: db)
                }
                read += 1
            }
            after = try last.requireID()
        }
        return Result(auditEntries: try await AuditEntry.query(on: db).count(), anchor: anchor,
                      sealedValues: sealed.counts.values.reduce(0, +), reports: reports, reportsRead: read)
    }
}
