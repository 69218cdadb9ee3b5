import Crypto
import Foundation

/// Envelope encryption of reports: every report has its own data key (AES-256); the data key is stored
/// only wrapped by the key ring's key-encryption key, which is not in the database. Content, identity,
/// messages, records and attachments are each sealed with AES-GCM under the data key, bound to what
/// they are and to which report (associated data), so nothing can be moved between reports or fields.
package struct ReportCrypto: Sendable {
    package init(dataKey: SymmetricKey, reportID: UUID) {
        self.dataKey = dataKey
        self.reportID = reportID
    }

    package let dataKey: SymmetricKey
    package let reportID: UUID

    package static func newKey() -> SymmetricKey { SymmetricKey(size: .bits256) }

    package static func wrap(_ key: SymmetricKey, reportID: UUID, with ring: KeyVault) throws -> String {
        try ring.seal(key.withUnsafeBytes { Data($0) }, for: .reportKey(reportID))
    }

    package static func unwrap(_ wrapped: String, reportID: UUID, with ring: KeyVault) throws -> ReportCrypto {
        let raw = try ring.open(wrapped, for: .reportKey(reportID))
        return ReportCrypto(dataKey: SymmetricKey(data: raw), reportID: reportID)
    }

    package func seal(_ data: Data, purpose: ReportSealPurpose) throws -> Data {
        try seal(data, purpose: purpose.context)
    }

    package func open(_ sealed: Data, purpose: ReportSealPurpose) throws -> Data {
        try open(sealed, purpose: purpose.context)
    }

    package func seal<T: Encodable>(_ value: T, purpose: ReportSealPurpose) throws -> Data {
        try seal(value, purpose: purpose.context)
    }

    package func open<T: Decodable>(_ type: T.Type, from sealed: Data, purpose: ReportSealPurpose) throws -> T {
        try open(type, from: sealed, purpose: purpose.context)
    }

    private func seal(_ data: Data, purpose: String) throws -> Data {
        let box = try AES.GCM.seal(data, using: dataKey, authenticating: Data("\(purpose):\(reportID.uuidString)".utf8))
        guard let combined = box.combined else { throw KeyRingError.sealFailed }
        return combined
    }

    private func open(_ sealed: Data, purpose: String) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: dataKey,
                                    authenticating: Data("\(purpose):\(reportID.uuidString)".utf8))
        } catch {
            throw KeyRingError.cannotOpen
        }
    }

    private func seal<T: Encodable>(_ value: T, purpose: String) throws -> Data {
        try seal(try JSONEncoder().encode(value), purpose: purpose)
    }

    private func open<T: Decodable>(_ type: T.Type, from sealed: Data, purpose: String) throws -> T {
        try JSONDecoder().decode(type, from: try open(sealed, purpose: purpose))
    }
}
