import FluentKit
import Foundation

/// A comment round on a version of the House-wide code of conduct (issue 18, 6.4.1): opened by the
/// integrity coordinator, closed once every comment has its response.
package final class CodeRoundRecord: Model, @unchecked Sendable {
    package static let schema = "code_rounds"

    @ID(key: .id) package var id: UUID?
    /// 1, 2, 3…: unique, so two rounds opened at once cannot both be made.
    @Field(key: "number") package var number: Int
    /// The version of `code-of-conduct.json` commented on.
    @Field(key: "version_id") package var versionID: String
    @Field(key: "opened_by") package var openedBy: UUID
    @Field(key: "opened_at") package var openedAt: Date
    @OptionalField(key: "closed_by") package var closedBy: UUID?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    /// Raised by every comment in one conditional UPDATE (the round's cap, and the lock that orders
    /// the comments of one round).
    @Field(key: "comment_count") package var commentCount: Int

    package init() {}
}

/// A comment in a round. Anonymous: only the group the commenter chose is kept, never a name, an
/// address or a session. Not sealed: it is published with its response.
package final class CodeCommentRecord: Model, @unchecked Sendable {
    package static let schema = "code_comments"

    @ID(key: .id) package var id: UUID?
    @Field(key: "round_id") package var roundID: UUID
    /// The number within its round (the round's counter after this comment).
    @Field(key: "seq") package var seq: Int
    @Field(key: "grp") package var group: String
    /// A norm's or an agreement's id, or "algemeen".
    @Field(key: "topic") package var topic: String
    @Field(key: "text") package var text: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "response") package var response: String?
    @OptionalField(key: "responded_by") package var respondedBy: UUID?
    @OptionalField(key: "responded_at") package var respondedAt: Date?
    /// Set by the coordinator when the comment names a person or a case: the record then shows that
    /// the text is withheld, with the response.
    @Field(key: "withheld") package var withheld: Bool

    package init() {}
}

/// The adoption of a version by the House, recorded by the Voorzitter for the Presidium.
package final class CodeAdoptionRecord: Model, @unchecked Sendable {
    package static let schema = "code_adoptions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "version_id") package var versionID: String
    @Field(key: "adopted_on") package var adoptedOn: String
    /// The Presidium's decision, as referred to ("Presidiumbesluit 12 maart 2026").
    @Field(key: "decision") package var decision: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}
