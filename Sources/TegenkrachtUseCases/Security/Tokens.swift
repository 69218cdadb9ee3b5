import Crypto
import Foundation

/// Compares two strings in time that does not depend on where they differ.
package func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<x.count { difference |= x[i] ^ y[i] }
    return difference == 0
}

package func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).hexString
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, two digits a byte. `String(format:)` per byte cost microseconds on every request
    /// that checks a session or a form token (issue 17).
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

package func randomToken(bytes: Int = 32) -> String {
    // Eight bytes a call: one `getrandom` each, not one per byte (it runs for every new visitor).
    var generator = SystemRandomNumberGenerator()
    var random: [UInt8] = []
    random.reserveCapacity(bytes + 8)
    while random.count < bytes {
        withUnsafeBytes(of: generator.next() as UInt64) { random.append(contentsOf: $0) }
    }
    return Data(random.prefix(bytes)).base64URLEncoded
}

extension Data {
    /// base64url without padding (RFC 4648 §5, as RFC 7515 §2 uses it); nil for anything else.
    package init?(base64URL text: Substring) {
        guard !text.contains("=") else { return nil }
        var base64 = Array(text.utf8).map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "-"): UInt8(ascii: "+")
            case UInt8(ascii: "_"): UInt8(ascii: "/")
            default: byte
            }
        }
        base64 += Array(repeating: UInt8(ascii: "="), count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: Data(base64))
    }

    /// base64url without padding. Byte by byte: Foundation's `replacingOccurrences` took the slow
    /// path and showed in every request's profile (issue 17).
    package var base64URLEncoded: String {
        let encoded = base64EncodedData()
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count)
        for byte in encoded {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
