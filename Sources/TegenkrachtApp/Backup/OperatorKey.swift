import Crypto
import Foundation
import TegenkrachtUseCases

/// The operator's key pair for backups (issue 16): the key file in a backup is sealed to the public
/// half with HPKE (RFC 9180, X25519 / HKDF-SHA256 / ChaCha20-Poly1305), so a stolen backup holds no
/// readable key, and the machine that makes backups never holds the private half.
enum OperatorKey {
    static let info = Data("tegenkracht backup key file v1".utf8)
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly

    /// The key file as it travels in a backup.
    struct SealedKeyFile: Codable {
        var format = "tegenkracht-keys-hpke-v1"
        var suite = "X25519-HKDF-SHA256-ChaCha20Poly1305"
        var encapsulatedKey: String
        var ciphertext: String
    }

    /// Writes a new private key to `path` (0600) and its public key to `path.pub`.
    static func generate(path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError("\(path) exists already; choose another path") }
        let key = Curve25519.KeyAgreement.PrivateKey()
        try writeSecret(Data(key.rawRepresentation.base64EncodedString().utf8), to: path)
        try Data(key.publicKey.rawRepresentation.base64EncodedString().utf8).write(to: URL(fileURLWithPath: path + ".pub"))
    }

    static func publicKey(at path: String) throws -> Curve25519.KeyAgreement.PublicKey {
        guard let raw = read(path), let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw) else {
            throw BackupError("\(path) is not an operator public key (make one with `tegenkracht backup --new-operator-key FILE`)")
        }
        return key
    }

    static func privateKey(at path: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        guard let raw = read(path), let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else {
            throw BackupError("\(path) is not an operator private key")
        }
        return key
    }

    static func seal(_ plaintext: Data, to recipient: Curve25519.KeyAgreement.PublicKey) throws -> SealedKeyFile {
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info)
        let ciphertext = try sender.seal(plaintext)
        return SealedKeyFile(encapsulatedKey: sender.encapsulatedKey.base64EncodedString(), ciphertext: ciphertext.base64EncodedString())
    }

    static func open(_ sealed: SealedKeyFile, with key: Curve25519.KeyAgreement.PrivateKey) throws -> Data {
        guard sealed.format == "tegenkracht-keys-hpke-v1", let encapsulated = Data(base64Encoded: sealed.encapsulatedKey),
              let ciphertext = Data(base64Encoded: sealed.ciphertext) else { throw BackupError("the sealed key file is not in a known format") }
        do {
            var recipient = try HPKE.Recipient(privateKey: key, ciphersuite: suite, info: info, encapsulatedKey: encapsulated)
            return try recipient.open(ciphertext)
        } catch {
            throw BackupError("the key file does not open with this operator key (another key, or a damaged backup)")
        }
    }

    private static func read(_ path: String) -> Data? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Written to a new file and renamed, readable by the owner only.
    static func writeSecret(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temporary = path + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError("cannot write \(path)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw BackupError("cannot write \(path)")
        }
    }
}

/// A backup or restore that cannot go on; the text says why (never a secret).
struct BackupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
