import Foundation

/// What a value sealed with a report's data key is, and so the associated data it is bound to
/// (issue 12: these were sixteen string literals across nine files, and a typo made data unreadable).
/// The context strings are part of every stored value: they are written here once and must never
/// change. Each is also bound to the report (`ReportCrypto` adds the report id).
package enum ReportSealPurpose: Hashable, Sendable {
    case content
    case identity
    case attachmentMetadata(UUID)
    case attachment(UUID)
    /// One chunk of a streamed attachment: its place, and whether it is the last (truncation shows).
    case attachmentChunk(UUID, index: Int, last: Bool)
    case message(UUID)
    case record(UUID)
    case recordComment(UUID)
    case procedureReason(UUID)
    case consent(UUID)
    case note(UUID)
    case task(UUID)
    case transition(UUID)
    case referral(UUID)
    case aftercare(UUID)
    case accusedRights
    case pendingClosure
    /// Which member of parliament a College case cites the registers of (issue 14).
    case registerCitation(UUID)

    package var context: String {
        switch self {
        case .content: return "content"
        case .identity: return "identity"
        case .attachmentMetadata(let id): return "attachment-metadata:\(id.uuidString)"
        case .attachment(let id): return "attachment:\(id.uuidString)"
        case .attachmentChunk(let id, let index, let last): return "attachment:\(id.uuidString):chunk:\(index)\(last ? ":last" : "")"
        case .message(let id): return "message:\(id.uuidString)"
        case .record(let id): return "record:\(id.uuidString)"
        case .recordComment(let id): return "record-comment:\(id.uuidString)"
        case .procedureReason(let id): return "procedure-reason:\(id.uuidString)"
        case .consent(let id): return "consent:\(id.uuidString)"
        case .note(let id): return "note:\(id.uuidString)"
        case .task(let id): return "task:\(id.uuidString)"
        case .transition(let id): return "transition:\(id.uuidString)"
        case .referral(let id): return "referral:\(id.uuidString)"
        case .aftercare(let id): return "aftercare:\(id.uuidString)"
        case .accusedRights: return "accused-rights"
        case .pendingClosure: return "pending-closure"
        case .registerCitation(let id): return "register-citation:\(id.uuidString)"
        }
    }
}
