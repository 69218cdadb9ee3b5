import FluentKit
import Foundation

/// An intervention of the learning agenda (issue 18). Organisational, not personal: the goal and the
/// indicators are what the Presidium and the works council read, so they are stored plain.
package final class InterventionRecord: Model, @unchecked Sendable {
    package static let schema = "interventions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "title") package var title: String
    /// The recommendations' ids, comma-separated ("6.5.1,6.5.2").
    @Field(key: "recommendations") package var recommendations: String
    @Field(key: "owner") package var owner: String
    @Field(key: "goal") package var goal: String
    /// The indicators as JSON (`[Indicator]`), with a manual figure's readings.
    @Field(key: "indicators") package var indicators: String
    @Field(key: "interval_months") package var intervalMonths: Int
    @Field(key: "budget_cents") package var budgetCents: Int
    @Field(key: "involved") package var involved: String
    @Field(key: "starts_on") package var startsOn: String
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date
    /// Raised by every change: a reading added on a page that was read before another change is refused.
    @Field(key: "version") package var version: Int

    package init() {}
}

/// An onboarding path offered to someone (6.4.4): who (sealed), which group and path version, when
/// offered and when completed. No score: completing is reading it through and saying so.
package final class OnboardingOfferRecord: Model, @unchecked Sendable {
    package static let schema = "onboarding_offers"

    @ID(key: .id) package var id: UUID?
    /// SHA-256 of the link's secret: the link is the newcomer's only key, shown once to who offered it.
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "grp") package var group: String
    /// The newcomer's employer: who may see the offer (HR and the competent authority of that employer,
    /// and the coordinator).
    @Field(key: "employer") package var employer: String
    @OptionalField(key: "fractie") package var fractie: String?
    @Field(key: "path_version") package var pathVersion: String
    @Field(key: "name_sealed") package var nameSealed: String
    @Field(key: "offered_by") package var offeredBy: UUID
    @Field(key: "offered_on") package var offeredOn: String
    @Field(key: "offered_year") package var offeredYear: Int
    @OptionalField(key: "completed_on") package var completedOn: String?

    package init() {}
}

/// The lessons learned of a year for the public figures page (6.6.2), written by the coordinator and
/// published only once someone else approved them; a change after approval needs approval again.
package final class FigureLessonsRecord: Model, @unchecked Sendable {
    package static let schema = "figure_lessons"

    @ID(key: .id) package var id: UUID?
    @Field(key: "year") package var year: Int
    @Field(key: "lessons") package var lessons: String
    @Field(key: "written_by") package var writtenBy: UUID
    @Field(key: "written_at") package var writtenAt: Date
    @OptionalField(key: "approved_by") package var approvedBy: UUID?
    @OptionalField(key: "approved_at") package var approvedAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}
}
