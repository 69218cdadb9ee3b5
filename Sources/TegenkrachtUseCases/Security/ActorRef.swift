import Foundation

/// Who did something, as the audit log, the report's timeline and its messages store it (issue 12:
/// typed, instead of `"reporter"` and `"staff:<id>"` written out in every handler). The stored text
/// is `stored`; rows already written keep theirs, and the audit chain's hash covers the text.
package enum ActorRef: Sendable, Hashable {
    /// The reporter, signed in to the portal with their receipt code.
    case reporter
    /// Tegenkracht itself, or an operator at the command line.
    case system
    /// A staff account.
    case staff(UUID)

    package var stored: String {
        switch self {
        case .reporter: "reporter"
        case .system: "system"
        case .staff(let id): "staff:\(id.uuidString)"
        }
    }

    package init?(stored: String) {
        switch stored {
        case "reporter": self = .reporter
        case "system": self = .system
        default:
            guard stored.hasPrefix("staff:"), let id = UUID(uuidString: String(stored.dropFirst("staff:".count))) else { return nil }
            self = .staff(id)
        }
    }

    /// A reporter's message that adds to the report itself (a supplement), as messages store it.
    package static let supplementAuthor = "reporter:aanvulling"
}
