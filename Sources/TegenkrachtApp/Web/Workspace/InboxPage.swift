import Foundation

/// The inbox page's model: what `workspace.leaf` shows, in the reader's words.
struct InboxPage: Encodable, Sendable {
    let role: String
    let reports: [Item]
    let referrals: [Referral]
    let reminders: [Reminder]
    let limited: Bool
    /// Open pattern alerts for this person (as the designated authority).
    let alerts: Int
    /// People who asked this person to call them back (issue 15).
    var callbacks: [Callback] = []
    /// Whether this person keeps or is in the MPs' registers (issue 14): the link is shown then.
    var registers = false
    /// Whether this person keeps the network of functionaries (the integrity coordinator, issue 18).
    var network = false
    /// What waits for this person's decision as line manager (issue 14): texts with their page.
    var waiting: [Waiting] = []

    struct Waiting: Encodable, Sendable {
        let text: String
        let href: String
    }

    struct Callback: Encodable, Sendable {
        let id: String
        let name: String
        let phone: String
        let when: String
        let asked: String
    }

    struct Item: Encodable, Sendable {
        let id: String
        let kind: String
        let status: String
        let stage: String
        let myRole: String
        let submittedAt: String
        /// The next term of the report's own procedure, empty when none runs.
        let nextDue: String
        let overdue: Bool
        let priority: Bool
        let flag: String?
        /// The reporter wrote since this staff member last opened the report.
        let unread: Bool
    }

    struct Reminder: Encodable, Sendable {
        let reportID: String
        let due: String
    }

    struct Referral: Encodable, Sendable {
        let id: String
        let target: String
        let at: String
        let acknowledged: Bool
    }
}
