import Crypto
import Foundation
import TegenkrachtUseCases
import Vapor

/// TOTP (RFC 6238) second factor: SHA-1, 6 digits, 30-second steps, as every authenticator app
/// supports. Vapor's `TOTP` computes the codes; this type adds the window, replay protection and
/// the enrolment secret.
struct TwoFactor: Sendable {
    static let interval = 30
    /// One step either side, for clocks that are a little off.
    static let window = 1

    static func newSecret() -> Data {
        Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0.prefix(20)) })
    }

    /// The time step of a moment.
    static func step(at date: Date) -> Int {
        Int(floor(date.timeIntervalSince1970 / Double(interval)))
    }

    static func code(secret: Data, step: Int) -> String {
        let totp = TOTP(key: SymmetricKey(data: secret), digest: .sha1, digits: .six, interval: interval)
        return totp.generate(time: Date(timeIntervalSince1970: TimeInterval(step * interval)))
    }

    /// The step the code belongs to, if it is valid now and newer than the last one accepted.
    static func verify(code input: String, secret: Data, now: Date, lastAcceptedStep: Int?) -> Int? {
        let code = input.filter(\.isNumber)
        guard code.count == 6 else { return nil }
        let current = step(at: now)
        for candidate in (current - window)...(current + window) {
            if let last = lastAcceptedStep, candidate <= last { continue }
            let expected = Self.code(secret: secret, step: candidate)
            if constantTimeEquals(expected, code) { return candidate }
        }
        return nil
    }

    /// The `otpauth://` address an authenticator app reads.
    static func provisioningURI(secret: Data, account: String, issuer: String = "Tegenkracht") -> String {
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? account
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuer)&algorithm=SHA1&digits=6&period=\(interval)"
    }
}

/// Recovery codes: ten one-time codes of 80 random bits, written in groups of four characters.
enum RecoveryCodes {
    static let count = 10

    static func generate() -> [String] {
        (0..<count).map { _ in
            let bytes = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0.prefix(10)) }
            let text = Base32.encode(bytes)
            return stride(from: 0, to: text.count, by: 4).map { i in
                let start = text.index(text.startIndex, offsetBy: i)
                return String(text[start..<text.index(start, offsetBy: 4)])
            }.joined(separator: "-")
        }
    }

    static func normalise(_ code: String) -> String {
        code.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    /// Salted with the account id; the codes carry 80 bits, so a fast hash suffices.
    static func hash(_ code: String, userID: UUID) -> String {
        let digest = SHA256.hash(data: Data("\(userID.uuidString):\(normalise(code))".utf8))
        return digest.hexString
    }

    static func looksLikeRecoveryCode(_ input: String) -> Bool {
        normalise(input).count == 16
    }
}

/// RFC 4648 base32 without padding, as authenticator apps expect.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func encode(_ data: Data) -> String {
        var out = ""
        var buffer = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return out
    }

    static func decode(_ text: String) -> Data? {
        var buffer = 0
        var bits = 0
        var out = Data()
        for char in text.uppercased() where char != "=" && char != " " && char != "-" {
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return out
    }
}
