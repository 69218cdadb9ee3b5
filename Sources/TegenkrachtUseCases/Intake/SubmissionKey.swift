import Crypto
import Foundation

/// A double submit makes one report, with one code (issue 15). The intake form carries a random key
/// (128 bits) made when the form is shown. The report stores only its hash, and its receipt code
/// sealed under a key derived from it, for two minutes: a second post of the same form (a double
/// click, a retry after a timeout) finds the report and shows the same code, on any instance and after
/// a restart. Nobody without the form's key can open the code; after two minutes it is erased.
package struct SubmissionKey: Sendable {
    package let value: String
    /// The form's fields (not the files): the same key with other content is another report (Back,
    /// change something, send again), not a repeat to be dropped.
    package var content = ""

    /// Long enough for a double click or a retry after a timeout; short enough that someone at the same
    /// computer who goes Back and sends the form again later gets no code.
    package static let revealWindow: TimeInterval = 120

    /// 22 base64url characters; anything else is ignored (the report is then simply not idempotent).
    package init?(_ text: String?) {
        guard let text, text.utf8.count == 22,
              text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 })
        else { return nil }
        value = text
    }

    package static func generate() -> String {
        let bytes = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the database keeps to find the report: a hash of the key and the content, not the key.
    package var lookup: String {
        SHA256.hash(data: Data(("tegenkracht submission " + value + "\n" + content).utf8)).hexString
    }

    private func sealingKey(reportID: UUID) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(value.utf8)), salt: Data(reportID.uuidString.utf8),
                               info: Data("tegenkracht receipt".utf8), outputByteCount: 32)
    }

    package func seal(code: String, reportID: UUID) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(code.utf8), using: sealingKey(reportID: reportID),
                                              authenticating: Data(reportID.uuidString.utf8)).combined else {
            throw CryptoKitError.incorrectParameterSize
        }
        return combined
    }

    package func open(_ sealed: Data, reportID: UUID) -> String? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
              let plain = try? AES.GCM.open(box, using: sealingKey(reportID: reportID), authenticating: Data(reportID.uuidString.utf8))
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }
}

/// The report a submission key already made.
package struct DuplicateSubmission: Error {
    package let reportID: UUID
}
