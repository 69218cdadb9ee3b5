import Fluent
import Foundation

/// One registered signal (issue 7): the uniform fields of `RegistryRecord`, as columns so that
/// statistics are queries. A case's entry is kept in step with the case; a signal registered by a
/// manager, HR, a fractie board or the Griffier has only its registration.
final class RegistryEntry: Model, @unchecked Sendable {
    static let schema = "registry_entries"

    @ID(key: .id) var id: UUID?
    /// `zaak:<case id>` or `registratie:<entry id>`: one source counts once in a pattern.
    @Field(key: "source") var source: String
    @OptionalField(key: "case_id") var caseID: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "channel") var channel: String
    @OptionalField(key: "reporter_group") var reporterGroup: String?
    @OptionalField(key: "accused_group") var accusedGroup: String?
    /// The accused's unit or fractie, pseudonymised (the blind index), for unit statistics.
    @OptionalField(key: "accused_unit_index") var accusedUnitIndex: String?
    /// Comma-separated behaviour item codes.
    @Field(key: "behaviour_items") var behaviourItems: String
    @Field(key: "power_gap") var powerGap: Bool
    /// `YYYY-MM-DD`, and the year for the annual reports.
    @Field(key: "received_on") var receivedOn: String
    @Field(key: "year") var year: Int
    @Field(key: "stage") var stage: String
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "reporter_outcome") var reporterOutcome: String?
    @OptionalField(key: "accused_outcome") var accusedOutcome: String?
    @OptionalField(key: "acknowledged_on") var acknowledgedOn: String?
    @OptionalField(key: "feedback_on") var feedbackOn: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @Field(key: "aftercare_given") var aftercareGiven: Bool
    @OptionalField(key: "behaviour_stopped") var behaviourStopped: Bool?
    @OptionalField(key: "satisfaction") var satisfaction: Int?
    @OptionalField(key: "category") var category: String?
    @OptionalField(key: "handling") var handling: String?
    /// The functionary who registered it (for a registration), to see what became of an alert.
    @OptionalField(key: "registered_by") var registeredBy: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A blind index of what an entry is about (HMAC of a `SubjectIdentifier`), dated, for the pattern
/// check: an index look-up by subject and date, never a scan.
final class RegistrySubject: Model, @unchecked Sendable {
    static let schema = "registry_subjects"

    @ID(key: .id) var id: UUID?
    @Parent(key: "entry_id") var entry: RegistryEntry
    @Field(key: "subject_index") var subjectIndex: String
    @Field(key: "is_person") var isPerson: Bool
    @Field(key: "source") var source: String
    @Field(key: "received_on") var receivedOn: String

    init() {}
}

/// An alert to the designated authority: how many signals about one person or unit, and since when.
/// Never who reported or what.
final class RegistryAlert: Model, @unchecked Sendable {
    static let schema = "registry_alerts"

    @ID(key: .id) var id: UUID?
    /// The blind index the alert is about (the first of the triggering entry's subjects).
    @Field(key: "subject_index") var subjectIndex: String
    @Field(key: "is_person") var isPerson: Bool
    /// Who or which unit, sealed with the key ring (the authority must know whom it is about).
    @Field(key: "subject_label_sealed") var subjectLabelSealed: String
    @Field(key: "count") var count: Int
    @Field(key: "since") var since: String
    /// Comma-separated organisation person ids of the authority.
    @Field(key: "recipients") var recipients: String
    /// `open`, `in-behandeling` or `afgehandeld`.
    @Field(key: "state") var state: String
    /// How it was followed up, sealed (shown to the authority and, as the state, to registrars).
    @OptionalField(key: "follow_up_sealed") var followUpSealed: String?
    @Field(key: "raised_at") var raisedAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// Which entries an alert counts (so a registrar can see that an alert was raised on theirs).
final class RegistryAlertEntry: Model, @unchecked Sendable {
    static let schema = "registry_alert_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "alert_id") var alert: RegistryAlert
    @Parent(key: "entry_id") var entry: RegistryEntry

    init() {}
}
