import Crypto
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// The key ring of a running process, kept in step with the key file (issue 16).
///
/// `keys rotate` writes a new key file while servers run. Before every seal the vault checks the
/// file (one `stat`, cheap next to the AES work and the database write that follow) and reloads it
/// when it changed, so nothing new is sealed with a key that rotation is about to retire. An `open`
/// that meets a key id the ring does not know reloads once and tries again.
package final class KeyVault: Sendable {
    private struct State {
        package var ring: KeyRing
        package var stamp: FileStamp?
    }

    private struct FileStamp: Equatable {
        package let inode: UInt64
        package let size: Int64
        package let seconds: Int
        package let nanoseconds: Int
    }

    package let path: String
    private let state: NIOLockedValueBox<State>

    package init(path: String, createIfMissing: Bool) throws {
        self.path = path
        let ring = try KeyRing.load(path: path, createIfMissing: createIfMissing)
        state = NIOLockedValueBox(State(ring: ring, stamp: Self.stamp(of: path)))
    }

    /// The ring as it is now (after a reload if the file changed).
    package var ring: KeyRing {
        refreshIfChanged()
        return state.withLockedValue { $0.ring }
    }

    package var activeID: String { ring.activeID }
    package var blindIndexKey: SymmetricKey { state.withLockedValue { $0.ring.blindIndexKey } }
    package var receiptKey: SymmetricKey { state.withLockedValue { $0.ring.receiptKey } }

    private func seal(_ plaintext: Data, context: String) throws -> String {
        try ring.seal(plaintext, context: context)
    }

    package func seal(_ plaintext: Data, for purpose: KeySealPurpose) throws -> String {
        try seal(plaintext, context: purpose.context)
    }

    private func open(_ sealed: String, context: String) throws -> Data {
        let current = state.withLockedValue { $0.ring }
        if let id = KeyRing.keyID(of: sealed), !current.keyIDs.contains(id) {
            try reload()
        }
        return try state.withLockedValue { $0.ring }.open(sealed, context: context)
    }

    package func open(_ sealed: String, for purpose: KeySealPurpose) throws -> Data {
        try open(sealed, context: purpose.context)
    }

    /// Makes `ring` the vault's ring at once (rotation in this process), and writes it to the file.
    package func replace(with ring: KeyRing) throws {
        try ring.write(to: path)
        let stamp = Self.stamp(of: path)
        state.withLockedValue { $0 = State(ring: ring, stamp: stamp) }
    }

    package func reload() throws {
        let ring = try KeyRing.load(path: path, createIfMissing: false)
        let stamp = Self.stamp(of: path)
        state.withLockedValue { $0 = State(ring: ring, stamp: stamp) }
    }

    private func refreshIfChanged() {
        let now = Self.stamp(of: path)
        guard now != nil, now != state.withLockedValue({ $0.stamp }) else { return }
        // A half-written file cannot be seen (the ring is written to a new file and renamed); if the
        // file cannot be read, the ring in memory stays in use and the next seal tries again.
        try? reload()
    }

    private static func stamp(of path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                         seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
