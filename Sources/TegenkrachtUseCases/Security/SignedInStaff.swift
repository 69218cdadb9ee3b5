import Foundation

/// Who is signed in and acting, as a plain value (never a Fluent model across tasks).
package struct SignedInStaff: Sendable {
    package let userID: UUID
    package let sessionID: UUID
    package let username: String
    package let displayName: String
    package let role: StaffRole
    /// The person in the organisation model this account belongs to (decides which reports it handles).
    package let personID: String?
    package let stage: SessionStage
    package let hasTwoFactor: Bool

    package init(userID: UUID, sessionID: UUID, username: String, displayName: String, role: StaffRole,
                 personID: String?, stage: SessionStage, hasTwoFactor: Bool) {
        self.userID = userID
        self.sessionID = sessionID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.personID = personID
        self.stage = stage
        self.hasTwoFactor = hasTwoFactor
    }
}
