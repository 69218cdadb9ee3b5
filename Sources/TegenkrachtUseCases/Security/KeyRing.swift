import Crypto
import Foundation

/// The key-encryption keys, read from a file outside the database (docs/configuration.md, "Keys").
///
/// The file holds several keys by id and names the active one, so that keys can be rotated: new
/// secrets are sealed with the active key, and older ones stay readable while an older key is kept.
/// Every sealed value carries the id of the key that sealed it.
public struct KeyRing: Sendable {
    public let activeID: String
    private let keys: [String: SymmetricKey]
    /// The key of the registry's blind index (HMAC over normalised identifiers, issue 7). Separate
    /// from the key-encryption keys and kept when they rotate: a new one would make every stored
    /// index unmatchable.
    public let blindIndexKey: SymmetricKey
    /// The HMAC key of receipt codes (issue 16: a keyed hash instead of scrypt, docs/security.md).
    /// Kept when the key-encryption keys rotate: the codes cannot be hashed again, nobody has them.
    public let receiptKey: SymmetricKey
    private let activeKey: SymmetricKey

    public init(activeID: String, keys: [String: SymmetricKey], blindIndexKey: SymmetricKey, receiptKey: SymmetricKey) throws {
        guard let active = keys[activeID] else { throw KeyRingError.activeKeyMissing(activeID) }
        self.activeID = activeID
        self.activeKey = active
        self.keys = keys
        self.blindIndexKey = blindIndexKey
        self.receiptKey = receiptKey
    }

    private struct FileFormat: Codable {
        package var active: String
        package var keys: [String: String]
        package var blindIndex: String?
        package var receipt: String?
    }

    /// Loads the key file, or creates it with one fresh key when that is allowed.
    public static func load(path: String, createIfMissing: Bool) throws -> KeyRing {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard createIfMissing else { throw KeyRingError.missingFile(path) }
            let ring = try KeyRing(activeID: "k1", keys: ["k1": SymmetricKey(size: .bits256)], blindIndexKey: SymmetricKey(size: .bits256),
                                   receiptKey: SymmetricKey(size: .bits256))
            // Two processes starting on a fresh data directory at once (two `migrate`s, a server and a
            // command): only one key file may come into being, or one of them would seal with a key
            // that is then overwritten. The first one wins; the other reads what it wrote.
            if try ring.create(at: path) { return ring }
        }
        guard let data = fm.contents(atPath: path),
              let file = try? JSONDecoder().decode(FileFormat.self, from: data) else {
            throw KeyRingError.malformed(path)
        }
        var keys: [String: SymmetricKey] = [:]
        for (id, encoded) in file.keys {
            guard let bytes = Data(base64Encoded: encoded), bytes.count == 32 else { throw KeyRingError.malformed(path) }
            keys[id] = SymmetricKey(data: bytes)
        }
        func key(_ encoded: String?) throws -> SymmetricKey? {
            guard let encoded else { return nil }
            guard let bytes = Data(base64Encoded: encoded), bytes.count == 32 else { throw KeyRingError.malformed(path) }
            return SymmetricKey(data: bytes)
        }
        let blindIndex = try key(file.blindIndex)
        let receipt = try key(file.receipt)
        let ring = try KeyRing(activeID: file.active, keys: keys, blindIndexKey: blindIndex ?? SymmetricKey(size: .bits256),
                               receiptKey: receipt ?? SymmetricKey(size: .bits256))
        // A key file from before the registry or the keyed receipt hash: the new key is added once.
        if blindIndex == nil || receipt == nil { try ring.write(to: path) }
        return ring
    }

    /// A ring with one more key, made active. Older keys stay, so everything sealed with them still opens.
    public func addingActiveKey() throws -> KeyRing {
        var next = keys
        var number = keys.count + 1
        while next["k\(number)"] != nil { number += 1 }
        next["k\(number)"] = SymmetricKey(size: .bits256)
        return try KeyRing(activeID: "k\(number)", keys: next, blindIndexKey: blindIndexKey, receiptKey: receiptKey)
    }

    /// The ring with only its active key (after everything has been re-wrapped).
    public func onlyActiveKey() throws -> KeyRing {
        try KeyRing(activeID: activeID, keys: [activeID: activeKey], blindIndexKey: blindIndexKey, receiptKey: receiptKey)
    }

    public var keyIDs: [String] { keys.keys.sorted() }

    /// The id of the key a sealed value was sealed with.
    public static func keyID(of sealed: String) -> String? {
        let parts = sealed.split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }

    /// Writes the ring with owner-only permissions, atomically (a new file, then a rename), so a crash
    /// never leaves half a key file.
    public func write(to path: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o700])
        let data = try encoded()
        let temporary = try Self.temporaryFile(for: path, contents: data)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw KeyRingError.cannotWrite(path)
        }
    }

    /// Writes the ring as a new key file, only if there is none yet (`link` fails when the name
    /// exists): true when this call made it, false when another process was first.
    package func create(at path: String) throws -> Bool {
        let fm = FileManager.default
        try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o700])
        let temporary = try Self.temporaryFile(for: path, contents: try encoded())
        defer { unlink(temporary) }
        if link(temporary, path) == 0 { return true }
        if errno == EEXIST { return false }
        throw KeyRingError.cannotWrite(path)
    }

    private func encoded() throws -> Data {
        let encoded = keys.mapValues { $0.withUnsafeBytes { Data($0).base64EncodedString() } }
        let index = blindIndexKey.withUnsafeBytes { Data($0).base64EncodedString() }
        let receipt = receiptKey.withUnsafeBytes { Data($0).base64EncodedString() }
        return try JSONEncoder().encode(FileFormat(active: activeID, keys: encoded, blindIndex: index, receipt: receipt))
    }

    /// A file of its own next to the key file (a name no other process uses), owner-only.
    private static func temporaryFile(for path: String, contents: Data) throws -> String {
        let temporary = "\(path).\(getpid()).\(UUID().uuidString).new"
        guard FileManager.default.createFile(atPath: temporary, contents: contents, attributes: [.posixPermissions: 0o600]) else {
            throw KeyRingError.cannotWrite(path)
        }
        return temporary
    }

    /// Encrypts with the active key (AES-256-GCM). `context` is bound as associated data, so a sealed
    /// value copied to another row or purpose no longer opens.
    public func seal(_ plaintext: Data, context: String) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: activeKey, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw KeyRingError.sealFailed }
        return "v1:\(activeID):\(combined.base64EncodedString())"
    }

    public func open(_ sealed: String, context: String) throws -> Data {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let key = keys[parts[1]],
              let combined = Data(base64Encoded: parts[2]) else { throw KeyRingError.cannotOpen }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
        } catch {
            throw KeyRingError.cannotOpen
        }
    }
}

public enum KeyRingError: Error, CustomStringConvertible {
    case missingFile(String)
    case malformed(String)
    case cannotWrite(String)
    case activeKeyMissing(String)
    case sealFailed
    case cannotOpen

    public var description: String {
        switch self {
        case .missingFile(let path): return "key file not found: \(path) (see docs/configuration.md, Keys)"
        case .malformed(let path): return "key file is not valid: \(path)"
        case .cannotWrite(let path): return "cannot write key file: \(path)"
        case .activeKeyMissing(let id): return "the active key '\(id)' is not in the key file"
        case .sealFailed: return "encryption failed"
        case .cannotOpen: return "a sealed value could not be opened with the configured keys"
        }
    }
}
