import FluentKit
import Foundation

/// A staff account: functionaries and administrators. Reporters never have one of these.
package final class StaffUser: Model, @unchecked Sendable {
    package static let schema = "staff_users"

    @ID(key: .id) package var id: UUID?
    /// Stored lower-case, so that matching is case-insensitive on SQLite and PostgreSQL alike.
    @Field(key: "username") package var username: String
    @Field(key: "display_name") package var displayName: String
    @Field(key: "role") package var role: String
    /// The person in the organisation model this account belongs to, if any.
    @OptionalField(key: "person_id") package var personID: String?
    @Field(key: "password_hash") package var passwordHash: String
    /// The TOTP secret, sealed with the key ring (never in clear in the database).
    @OptionalField(key: "totp_secret") package var totpSecret: String?
    /// A secret shown during enrolment, kept until the first code confirms it.
    @OptionalField(key: "pending_totp_secret") package var pendingTOTPSecret: String?
    /// The last TOTP time step accepted: a code is never accepted twice.
    @OptionalField(key: "totp_last_step") package var totpLastStep: Int?
    @Field(key: "failed_attempts") package var failedAttempts: Int
    @OptionalField(key: "locked_until") package var lockedUntil: Date?
    /// For deadline reminders only (never content).
    @OptionalField(key: "email") package var email: String?
    /// The ids of reports this person made under their own name, sealed with the key ring.
    @OptionalField(key: "own_reports_sealed") package var ownReportsSealed: String?
    /// Set while the account is disabled (`tegenkracht user disable`): no login, no sessions.
    @OptionalField(key: "disabled_at") package var disabledAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(username: String, displayName: String, role: StaffRole, personID: String?, passwordHash: String) {
        self.username = username
        self.displayName = displayName
        self.role = role.rawValue
        self.personID = personID
        self.passwordHash = passwordHash
        self.failedAttempts = 0
    }

    package var staffRole: StaffRole { StaffRole(rawValue: role) ?? .functionary }
    package var hasTwoFactor: Bool { totpSecret != nil }
}

/// What a staff account may do in the application (separate from organisational roles).
public enum StaffRole: String, Codable, CaseIterable, Sendable {
    /// Manages the organisation and accounts; cannot read case content.
    case administrator = "beheerder"
    /// Works on cases as confidential advisor, committee member, coordinator, manager, HR, ...
    case functionary = "functionaris"
}
