import FluentKit
import Foundation

/// A signal, report, witness report or complaint. Everything a person wrote is sealed (see
/// `ReportCrypto`); what stays readable is only what the system needs to route and count it.
package final class Report: Model, @unchecked Sendable {
    package static let schema = "reports"

    @ID(key: .id) package var id: UUID?
    /// The non-secret first group of the receipt code, to find the report at login.
    @Field(key: "locator") package var locator: String
    /// scrypt of the whole receipt code.
    @Field(key: "receipt_hash") package var receiptHash: String
    @Field(key: "kind") package var kind: String
    @Field(key: "identity_mode") package var identityMode: String
    @Field(key: "recipient_kind") package var recipientKind: String
    /// The organisation person id of the chosen handler (a confidential advisor), if one was chosen.
    @OptionalField(key: "handler_person_id") package var handlerPersonID: String?
    /// Whether the reporter marked a suspected wrongdoing (misstand): it decides whether the Wbk's
    /// clocks apply (issue 13). Kept in the clear like `kind`: the pages and the inbox need the
    /// procedure without opening the report. Nil for reports from before M015 (they keep the Wbk).
    @OptionalField(key: "wrongdoing") package var wrongdoing: Bool?
    @Field(key: "status") package var status: String
    /// The data key, wrapped by the key ring.
    @Field(key: "wrapped_key") package var wrappedKey: String
    @Field(key: "content_sealed") package var contentSealed: Data
    @OptionalField(key: "identity_sealed") package var identitySealed: Data?
    /// Whether the reporter gave an e-mail address for generic notifications (the address is sealed).
    @Field(key: "notify_by_email") package var notifyByEmail: Bool
    @Field(key: "submitted_at") package var submittedAt: Date
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?
    @OptionalField(key: "withdrawn_at") package var withdrawnAt: Date?
    /// Receipt logins that failed for this report, and the lock that follows.
    @Field(key: "failed_logins") package var failedLogins: Int
    @OptionalField(key: "locked_until") package var lockedUntil: Date?
    /// The hash of the intake form's submission key, and the receipt code sealed under that key for
    /// ten minutes (`SubmissionKey`): a double submit shows the same code.
    @OptionalField(key: "submission_key") package var submissionKey: String?
    @OptionalField(key: "receipt_sealed") package var receiptSealed: Data?
    /// Optimistic concurrency: a form based on an older version is refused.
    @Field(key: "version") package var version: Int

    package init() {}
}

/// A file added to a report, sealed; its metadata (name, type, size, SHA-256, time) is kept as
/// evidence, sealed too.
package final class ReportAttachment: Model, @unchecked Sendable {
    package static let schema = "report_attachments"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    @Field(key: "metadata_sealed") package var metadataSealed: Data
    /// The whole file sealed at once (attachments from before streaming); empty when it is in chunks.
    @Field(key: "content_sealed") package var contentSealed: Data
    /// Set for a streamed attachment: its content is in this many `ReportAttachmentChunk`s.
    @OptionalField(key: "chunk_count") package var chunkCount: Int?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One sealed 64 KiB piece of a streamed attachment (issue 16).
package final class ReportAttachmentChunk: Model, @unchecked Sendable {
    package static let schema = "report_attachment_chunks"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "attachment_id") package var attachment: ReportAttachment
    @Field(key: "idx") package var index: Int
    @Field(key: "sealed") package var sealed: Data

    package init() {}

    package init(attachmentID: UUID, index: Int, sealed: Data) {
        id = UUID()
        $attachment.id = attachmentID
        self.index = index
        self.sealed = sealed
    }
}

/// A message between the reporter and the handler; `author` is `reporter` or `staff:<uuid>`.
package final class ReportMessage: Model, @unchecked Sendable {
    package static let schema = "report_messages"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    @Field(key: "author") package var author: String
    @Field(key: "body_sealed") package var bodySealed: Data
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// An event on the report's timeline, in words the reporter understands (no content).
package final class ReportEvent: Model, @unchecked Sendable {
    package static let schema = "report_events"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    @Field(key: "event") package var event: String
    @Field(key: "actor") package var actor: String
    @Field(key: "occurred_at") package var occurredAt: Date

    package init() {}

    package init(reportID: UUID, event: ReportEventName, actor: ActorRef, at date: Date) {
        self.$report.id = reportID
        self.event = event.rawValue
        self.actor = actor.stored
        self.occurredAt = date
    }
}

/// The record of an oral report or a meeting, written by the advisor and approved (or corrected) by the
/// reporter (Directive art. 18).
package final class ReportRecord: Model, @unchecked Sendable {
    package static let schema = "report_records"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    @Field(key: "author") package var author: String
    @Field(key: "body_sealed") package var bodySealed: Data
    /// `wacht-op-melder`, `goedgekeurd` or `correctie-gevraagd`.
    @Field(key: "state") package var state: String
    @OptionalField(key: "reporter_comment_sealed") package var reporterCommentSealed: Data?
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "decided_at") package var decidedAt: Date?

    package init() {}
}

/// A reporter's portal session after a receipt login; only the token's hash is stored.
package final class ReporterSession: Model, @unchecked Sendable {
    package static let schema = "reporter_sessions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Parent(key: "report_id") package var report: Report
    @Field(key: "expires_at") package var expiresAt: Date
    @Field(key: "last_seen_at") package var lastSeenAt: Date

    package init() {}
}
