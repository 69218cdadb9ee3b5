import Crypto
import CryptoExtras
import Foundation

/// The slow, salted hash of receipt codes: scrypt (memory-hard), with a random salt per code.
/// The cost is tuned so that one hash takes at least 50 ms on the 2-core reference machine
/// (docs/performance.md); tests use a lower cost.
struct ReceiptHasher: Sendable {
    /// log2 of scrypt's N. 15 (N = 32768, r = 8: 32 MiB) is the production default.
    let logN: Int

    static let production = ReceiptHasher(logN: 15)

    func hash(_ code: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let key = try derive(code, salt: salt, logN: logN)
        return "scrypt$\(logN)$8$1$\(salt.base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Verifies with the parameters stored in the hash, so the cost can be raised later.
    func verify(_ code: String, against stored: String) -> Bool {
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
