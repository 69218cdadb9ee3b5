import FluentKit
import Foundation

/// A survey wave (issue 8): one instrument version asked of a population in a period.
package final class SurveyWave: Model, @unchecked Sendable {
    package static let schema = "survey_waves"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Field(key: "instrument") package var instrument: String
    @Field(key: "version") package var version: String
    /// `current` or `former` (Bijlage 2's two instances).
    @Field(key: "respondent_type") package var respondentType: String
    /// The population asked, per group (`politiek`, `ambtelijk`, ...): the response rate's denominators.
    @Field(key: "population") package var population: String
    @Field(key: "opened_on") package var openedOn: String
    @OptionalField(key: "closed_on") package var closedOn: String?
    /// A wave of one employer (a fractie's foundation running the monitor for its own staff, issue 18):
    /// its results are that employer's only. Nil: the whole organisation's wave.
    @OptionalField(key: "employer") package var employer: String?

    package init() {}
}

/// A participation code handed out (by e-mail or on paper): only its hash.
package final class SurveyCode: Model, @unchecked Sendable {
    package static let schema = "survey_codes"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "wave_id") package var wave: SurveyWave
    @Field(key: "code_hash") package var codeHash: String

    package init() {}
}

/// A code that has been used. Kept apart from the codes and from the answers, with no time: nothing
/// ties a use to a response.
package final class SurveyCodeUse: Model, @unchecked Sendable {
    package static let schema = "survey_code_uses"

    @ID(key: .id) package var id: UUID?
    @Field(key: "code_hash") package var codeHash: String

    package init() {}
}

/// Answers in progress on one device (a cookie's token, hashed), for at most 14 days.
package final class SurveyDraft: Model, @unchecked Sendable {
    package static let schema = "survey_drafts"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "wave_id") package var wave: SurveyWave
    @Field(key: "token_hash") package var tokenHash: String
    /// The answers so far, sealed with the key ring.
    @Field(key: "answers_sealed") package var answersSealed: String
    @Field(key: "page") package var page: Int
    @Field(key: "expires_at") package var expiresAt: Date

    package init() {}
}

/// A completed response: the closed answers, and the open texts sealed. No code, no time, no device.
package final class SurveyResponse: Model, @unchecked Sendable {
    package static let schema = "survey_responses"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "wave_id") package var wave: SurveyWave
    @Field(key: "version") package var version: String
    /// `SurveyAnswers` without open texts, as JSON.
    @Field(key: "answers") package var answers: String
    @OptionalField(key: "open_sealed") package var openSealed: String?

    package init() {}
}
