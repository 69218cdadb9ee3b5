import Fluent
import Foundation

/// A staff account: functionaries and administrators. Reporters never have one of these.
final class StaffUser: Model, @unchecked Sendable {
    static let schema = "staff_users"

    @ID(key: .id) var id: UUID?
    /// Stored lower-case, so that matching is case-insensitive on SQLite and PostgreSQL alike.
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: String
    /// The person in the organisation model this account belongs to, if any.
    @OptionalField(key: "person_id") var personID: String?
    @Field(key: "password_hash") var passwordHash: String
    /// The TOTP secret, sealed with the key ring (never in clear in the database).
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// A secret shown during enrolment, kept until the first code confirms it.
    @OptionalField(key: "pending_totp_secret") var pendingTOTPSecret: String?
    /// The last TOTP time step accepted: a code is never accepted twice.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int?
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    /// For deadline reminders only (never content).
    @OptionalField(key: "email") var email: String?
    /// The ids of reports this person made under their own name, sealed with the key ring.
    @OptionalField(key: "own_reports_sealed") var ownReportsSealed: String?
    /// Set while the account is disabled (`tegenkracht user disable`): no login, no sessions.
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(username: String, displayName: String, role: StaffRole, personID: String?, passwordHash: String) {
        self.username = username
        self.displayName = displayName
        self.role = role.rawValue
        self.personID = personID
        self.passwordHash = passwordHash
        self.failedAttempts = 0
    }

    var staffRole: StaffRole { StaffRole(rawValue: role) ?? .functionary }
    var hasTwoFactor: Bool { totpSecret != nil }
}

/// What a staff account may do in the application (separate from organisational roles).
public enum StaffRole: String, Codable, CaseIterable, Sendable {
    /// Manages the organisation and accounts; cannot read case content.
    case administrator = "beheerder"
    /// Works on cases as confidential advisor, committee member, coordinator, manager, HR, ...
    case functionary = "functionaris"
}
