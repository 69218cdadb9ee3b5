import FluentKit
import Foundation

/// Someone asks a confidential advisor (or another person people turn to) to call them back, without
/// writing down what happened (issue 15). Who and how to reach them are sealed with the key ring
/// (`KeySealPurpose.callback`) and erased as soon as the call is marked done; the row stays, without
/// them, for the audit log's sake.
package final class CallbackRequest: Model, @unchecked Sendable {
    package static let schema = "callback_requests"

    @ID(key: .id) package var id: UUID?
    /// The person asked to call back (a person of the organisation model).
    @Field(key: "person_id") package var personID: String
    /// `CallbackDetails`, sealed; nil once the call is done.
    @OptionalField(key: "details_sealed") package var detailsSealed: String?
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "done_at") package var doneAt: Date?
    /// A keyed hash of the number while the request is open (`CallbackPhone.index`): the same number
    /// asks one person once (a unique index), and a few people at most. Cleared with the details.
    @OptionalField(key: "phone_index") package var phoneIndex: String?

    package init() {}
}

/// What a call-back request holds: a name to ask for (any name, or none), the number, and when.
package struct CallbackDetails: Codable, Sendable, Equatable {
    package var name: String
    package var phone: String
    package var when: String

    package init(name: String, phone: String, when: String) {
        self.name = name
        self.phone = phone
        self.when = when
    }
}
