import Crypto
import CryptoExtras
import Foundation

/// The stored form of receipt codes (issue 16).
///
/// New codes: `hmac$v1$<salt>$<HMAC-SHA256(receipt key, salt ‖ code)>`, with the receipt key from the
/// key file (never in the database). A receipt code carries 80 random bits, so what a slow hash adds
/// — making guesses expensive — is not needed: a thief of the database alone cannot test a single
/// guess without the key, and a thief of the database *and* the key file still faces 2^80 guesses
/// per code (at a billion HMACs a second, about 38 million years). Online, no server answers fast
/// enough for guessing to matter. The keyed hash costs microseconds, so a flood of wrong codes no
/// longer starves the database's threads (scrypt took 105 ms each and bounded submissions at about
/// 19 a second) and nobody needs to be locked out to keep the service up (docs/security.md).
///
/// Codes stored before this change are `scrypt$…`: they still verify, on the thread pool, within a
/// bounded budget (`LegacyReceiptBudget`), and are rewritten as `hmac$` at their first good login.
package struct ReceiptHasher: Sendable {
    package init(logN: Int) {
        self.logN = logN
    }

    /// log2 of scrypt's N, for verifying (and, in benchmarks, making) codes in the old format.
    package let logN: Int

    package static let production = ReceiptHasher(logN: 15)

    // MARK: The keyed hash

    package static func keyedHash(_ code: String, key: SymmetricKey) -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        return "hmac$v1$\(salt.base64EncodedString())$\(mac(code, salt: salt, key: key).base64EncodedString())"
    }

    package enum Verdict: Sendable, Equatable {
        case match, noMatch
        /// An old `scrypt$` hash: verify with `verifyScrypt` within the legacy budget.
        case legacy
    }

    package static func verifyKeyed(_ code: String, against stored: String, key: SymmetricKey) -> Verdict {
        if stored.hasPrefix("scrypt$") { return .legacy }
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "hmac", parts[1] == "v1", let salt = Data(base64Encoded: parts[2]),
              let expected = Data(base64Encoded: parts[3]) else { return .noMatch }
        let actual = mac(code, salt: salt, key: key)
        return constantTimeEquals(actual.base64EncodedString(), expected.base64EncodedString()) ? .match : .noMatch
    }

    /// The same work as a real check, for a locator that does not exist (timing tells nothing).
    package static func dummyCheck(_ code: String, key: SymmetricKey) {
        _ = mac(code, salt: Data(count: 16), key: key)
    }

    private static func mac(_ code: String, salt: Data, key: SymmetricKey) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: salt + Data(code.utf8), using: key))
    }

    // MARK: The old format

    package func hash(_ code: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let key = try derive(code, salt: salt, logN: logN)
        return "scrypt$\(logN)$8$1$\(salt.base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Verifies with the parameters stored in the hash.
    package func verifyScrypt(_ code: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let logN = Int(parts[1]), (10...20).contains(logN),
              let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
              let actual = try? derive(code, salt: salt, logN: logN) else { return false }
        return constantTimeEquals(actual.base64EncodedString(), expected.base64EncodedString())
    }

    private func derive(_ code: String, salt: Data, logN: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(from: Data(code.utf8), salt: salt, outputByteCount: 32,
                                           rounds: 1 << logN, blockSize: 8, parallelism: 1)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// At most `concurrent` old-format checks run at once and at most `waiting` wait; beyond that the
/// login is answered with 503 and `Retry-After` instead of queueing without end (issue 16: a burst of
/// scrypt checks starved the database's threads and other users got 500 after 15 s).
package actor LegacyReceiptBudget {
    package let concurrent: Int
    package let waiting: Int
    private var running = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    package init(concurrent: Int = 2, waiting: Int = 8) {
        self.concurrent = concurrent
        self.waiting = waiting
    }

    /// Runs `body` within the budget, or returns nil at once when the budget is full.
    package func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T? {
        if running >= concurrent {
            guard queue.count < waiting else { return nil }
            await withCheckedContinuation { queue.append($0) }
        } else {
            running += 1
        }
        defer {
            if queue.isEmpty { running -= 1 } else { queue.removeFirst().resume() }
        }
        return try await body()
    }
}
