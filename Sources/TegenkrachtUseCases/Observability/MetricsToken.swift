import Crypto
import Foundation

/// The bearer token that opens `/metrics`. Compared as SHA-256 digests in constant time, so the time
/// an answer takes says nothing about how much of a guess was right.
package struct MetricsToken: Sendable {
    package static let minimumLength = 32
    private let digest: SHA256.Digest

    /// Nil for a token too short to be safe: then `/metrics` is not served at all.
    package init?(_ token: String) {
        guard token.utf8.count >= Self.minimumLength else { return nil }
        digest = SHA256.hash(data: Data(token.utf8))
    }

    /// Whether an `Authorization` header value carries this token.
    package func admits(authorization: String?) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        let offered = SHA256.hash(data: Data(authorization.dropFirst("Bearer ".count).utf8))
        return offered == digest  // swift-crypto's digest equality is constant-time
    }
}
