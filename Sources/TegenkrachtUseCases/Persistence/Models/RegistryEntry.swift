import FluentKit
import Foundation

/// One registered signal (issue 7): the uniform fields of `RegistryRecord`, as columns so that
/// statistics are queries. A case's entry is kept in step with the case; a signal registered by a
/// manager, HR, a fractie board or the Griffier has only its registration.
package final class RegistryEntry: Model, @unchecked Sendable {
    package static let schema = "registry_entries"

    @ID(key: .id) package var id: UUID?
    /// `zaak:<case id>` or `registratie:<entry id>`: one source counts once in a pattern.
    @Field(key: "source") package var source: String
    @OptionalField(key: "case_id") package var caseID: UUID?
    @Field(key: "kind") package var kind: String
    @Field(key: "channel") package var channel: String
    @OptionalField(key: "reporter_group") package var reporterGroup: String?
    @OptionalField(key: "accused_group") package var accusedGroup: String?
    /// The accused's unit or fractie, pseudonymised (the blind index), for unit statistics.
    @OptionalField(key: "accused_unit_index") package var accusedUnitIndex: String?
    /// Comma-separated behaviour item codes.
    @Field(key: "behaviour_items") package var behaviourItems: String
    @Field(key: "power_gap") package var powerGap: Bool
    /// `YYYY-MM-DD`, and the year for the annual reports.
    @Field(key: "received_on") package var receivedOn: String
    @Field(key: "year") package var year: Int
    @Field(key: "stage") package var stage: String
    @OptionalField(key: "outcome") package var outcome: String?
    @OptionalField(key: "reporter_outcome") package var reporterOutcome: String?
    @OptionalField(key: "accused_outcome") package var accusedOutcome: String?
    @OptionalField(key: "acknowledged_on") package var acknowledgedOn: String?
    @OptionalField(key: "feedback_on") package var feedbackOn: String?
    @OptionalField(key: "closed_on") package var closedOn: String?
    @Field(key: "aftercare_given") package var aftercareGiven: Bool
    @OptionalField(key: "behaviour_stopped") package var behaviourStopped: Bool?
    @OptionalField(key: "satisfaction") package var satisfaction: Int?
    @OptionalField(key: "category") package var category: String?
    @OptionalField(key: "handling") package var handling: String?
    /// The functionary who registered it (for a registration), to see what became of an alert.
    @OptionalField(key: "registered_by") package var registeredBy: String?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A blind index of what an entry is about (HMAC of a `SubjectIdentifier`), dated, for the pattern
/// check: an index look-up by subject and date, never a scan.
package final class RegistrySubject: Model, @unchecked Sendable {
    package static let schema = "registry_subjects"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "entry_id") package var entry: RegistryEntry
    @Field(key: "subject_index") package var subjectIndex: String
    @Field(key: "is_person") package var isPerson: Bool
    @Field(key: "source") package var source: String
    @Field(key: "received_on") package var receivedOn: String

    package init() {}
}

/// An alert to the designated authority: how many signals about one person or unit, and since when.
/// Never who reported or what.
package final class RegistryAlert: Model, @unchecked Sendable {
    package static let schema = "registry_alerts"

    @ID(key: .id) package var id: UUID?
    /// The blind index the alert is about (the first of the triggering entry's subjects).
    @Field(key: "subject_index") package var subjectIndex: String
    @Field(key: "is_person") package var isPerson: Bool
    /// Who or which unit, sealed with the key ring (the authority must know whom it is about).
    @Field(key: "subject_label_sealed") package var subjectLabelSealed: String
    @Field(key: "count") package var count: Int
    @Field(key: "since") package var since: String
    /// Comma-separated organisation person ids of the authority.
    @Field(key: "recipients") package var recipients: String
    /// `open`, `in-behandeling` or `afgehandeld`.
    @Field(key: "state") package var state: String
    /// How it was followed up, sealed (shown to the authority and, as the state, to registrars).
    @OptionalField(key: "follow_up_sealed") package var followUpSealed: String?
    @Field(key: "raised_at") package var raisedAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// Which entries an alert counts (so a registrar can see that an alert was raised on theirs).
package final class RegistryAlertEntry: Model, @unchecked Sendable {
    package static let schema = "registry_alert_entries"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "alert_id") package var alert: RegistryAlert
    @Parent(key: "entry_id") package var entry: RegistryEntry

    package init() {}
}
