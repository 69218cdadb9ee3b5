import Fluent
import Foundation

/// A survey wave (issue 8): one instrument version asked of a population in a period.
final class SurveyWave: Model, @unchecked Sendable {
    static let schema = "survey_waves"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "instrument") var instrument: String
    @Field(key: "version") var version: String
    /// `current` or `former` (Bijlage 2's two instances).
    @Field(key: "respondent_type") var respondentType: String
    /// The population asked, per group (`politiek`, `ambtelijk`, ...): the response rate's denominators.
    @Field(key: "population") var population: String
    @Field(key: "opened_on") var openedOn: String
    @OptionalField(key: "closed_on") var closedOn: String?

    init() {}
}

/// A participation code handed out (by e-mail or on paper): only its hash.
final class SurveyCode: Model, @unchecked Sendable {
    static let schema = "survey_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "wave_id") var wave: SurveyWave
    @Field(key: "code_hash") var codeHash: String

    init() {}
}

/// A code that has been used. Kept apart from the codes and from the answers, with no time: nothing
/// ties a use to a response.
final class SurveyCodeUse: Model, @unchecked Sendable {
    static let schema = "survey_code_uses"

    @ID(key: .id) var id: UUID?
    @Field(key: "code_hash") var codeHash: String

    init() {}
}

/// Answers in progress on one device (a cookie's token, hashed), for at most 14 days.
final class SurveyDraft: Model, @unchecked Sendable {
    static let schema = "survey_drafts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "wave_id") var wave: SurveyWave
    @Field(key: "token_hash") var tokenHash: String
    /// The answers so far, sealed with the key ring.
    @Field(key: "answers_sealed") var answersSealed: String
    @Field(key: "page") var page: Int
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// A completed response: the closed answers, and the open texts sealed. No code, no time, no device.
final class SurveyResponse: Model, @unchecked Sendable {
    static let schema = "survey_responses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "wave_id") var wave: SurveyWave
    @Field(key: "version") var version: String
    /// `SurveyAnswers` without open texts, as JSON.
    @Field(key: "answers") var answers: String
    @OptionalField(key: "open_sealed") var openSealed: String?

    init() {}
}
