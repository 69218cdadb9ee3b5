import Crypto
import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// A report as submitted, before anything is stored.
package struct Submission: Sendable {
    package init(kind: ReportKind, mode: IdentityMode, recipient: RecipientKind, handlerPersonID: String? = nil, secondPersonID: String? = nil, content: ReportContent, identity: ReportIdentity, attachments: [SpooledAttachment] = [], escrow: Bool = false, sealedWith: ReportCrypto? = nil, submissionKey: SubmissionKey? = nil) {
        self.kind = kind
        self.mode = mode
        self.recipient = recipient
        self.handlerPersonID = handlerPersonID
        self.secondPersonID = secondPersonID
        self.content = content
        self.identity = identity
        self.attachments = attachments
        self.escrow = escrow
        self.sealedWith = sealedWith
        self.submissionKey = submissionKey
    }

    package var kind: ReportKind
    package var mode: IdentityMode
    package var recipient: RecipientKind
    package var handlerPersonID: String?
    /// The second person the reporter chose on the check page, where the case rules allow a choice.
    package var secondPersonID: String?
    package var content: ReportContent
    package var identity: ReportIdentity
    /// Streamed in and sealed already, with `sealedWith` (the report's data key, made before the upload).
    package var attachments: [SpooledAttachment] = []
    /// Matching escrow: act only when someone else also names the same person (issue 7).
    package var escrow: Bool = false
    /// The report's id and data key when attachments were sealed before the report was stored.
    package var sealedWith: ReportCrypto?
    /// The intake form's key: a second post of the same form makes no second report.
    package var submissionKey: SubmissionKey?
}

package struct AttachmentMetadata: Codable, Sendable {
    package let filename: String
    package let type: String
    package let size: Int
    package let sha256: String
    package let receivedAt: Date
}

/// Storing and reading reports. Everything sealed is sealed here, and the report is confirmed to the
/// reporter only after its transaction has committed.
package enum ReportService {
    package struct Receipt: Sendable {
        package init(code: ReceiptCode, reportID: UUID, submittedAt: Date) {
            self.code = code
            self.reportID = reportID
            self.submittedAt = submittedAt
        }

        package let code: ReceiptCode
        package let reportID: UUID
        package let submittedAt: Date
    }

    /// Stores the report and opens its case in one transaction. `retaliationAgainst` links a
    /// retaliation report to the case it retaliates against (a priority case with the same handlers).
    package static func submit(_ s: Submission, app: any ServiceContext, db: any Database,
                       retaliationAgainst parent: CaseFile? = nil) async throws -> Receipt {
        let crypto = s.sealedWith ?? ReportCrypto(dataKey: ReportCrypto.newKey(), reportID: UUID())
        let id = crypto.reportID
        let key = crypto.dataKey
        let now = app.clock.now
        let receiptKey = try app.keyVault.receiptKey
        // A fresh locator that is not in use yet (there are a million; a clash is rare).
        var code = ReceiptCode.generate()
        for _ in 0..<5 where try await Report.query(on: db).filter(\.$locator == code.locator).count() > 0 {
            code = ReceiptCode.generate()
        }
        let codeText = code.characters
        let receiptHash = ReceiptHasher.keyedHash(codeText, key: receiptKey)
        if let key = s.submissionKey, let earlier = try await Report.query(on: db).filter(\.$submissionKey == key.lookup).first() {
            throw DuplicateSubmission(reportID: try earlier.requireID())
        }

        let report = Report()
        report.id = id
        report.locator = code.locator
        report.receiptHash = receiptHash
        report.kind = s.kind.rawValue
        report.identityMode = s.mode.rawValue
        report.recipientKind = s.recipient.rawValue
        if let key = s.submissionKey {
            report.submissionKey = key.lookup
            report.receiptSealed = try key.seal(code: code.description, reportID: id)
        }
        report.wrongdoing = s.content.wrongdoing
        report.handlerPersonID = s.handlerPersonID
        report.status = ReportStatus.received.rawValue
        report.wrappedKey = try ReportCrypto.wrap(key, reportID: id, with: app.keyVault)
        report.contentSealed = try crypto.seal(s.content, purpose: .content)
        report.identitySealed = s.mode == .anonymous || s.identity.isEmpty ? nil : try crypto.seal(s.identity, purpose: .identity)
        report.notifyByEmail = !s.identity.email.isEmpty
        report.submittedAt = now
        report.failedLogins = 0
        report.version = 1

        let attachments = try s.attachments.map { file -> (ReportAttachment, SpooledAttachment) in
            let attachment = ReportAttachment()
            attachment.id = file.id
            attachment.$report.id = id
            let metadata = AttachmentMetadata(filename: file.filename, type: file.type.rawValue, size: file.size,
                                              sha256: file.sha256, receivedAt: now)
            attachment.metadataSealed = try crypto.seal(metadata, purpose: .attachmentMetadata(file.id))
            attachment.contentSealed = Data()
            attachment.chunkCount = file.chunkCount
            attachment.createdAt = now
            return (attachment, file)
        }
        let opened = try await CaseService.open(for: report, content: s.content, app: app, db: db, linkedTo: parent,
                                                preferredSecond: s.secondPersonID)
        // The second person chosen on the check page, or nothing: never quietly someone else (the
        // organisation may have changed since the page was shown).
        if let wanted = s.secondPersonID, !wanted.isEmpty, opened.caseFile.secondPersonID != wanted {
            throw Refusal("check.error.secondPerson")
        }
        let caseFile = opened.caseFile
        caseFile.escrowed = s.escrow && s.content.accused.contains { !$0.name.trimmingCharacters(in: .whitespaces).isEmpty }
        let caseID = try caseFile.requireID()
        // The report, its case, its timeline, its audit entry and its registry follow-up: one commit.
        do {
            try await UnitOfWork.run(db) { tx in
                try await report.create(on: tx)
                for (attachment, file) in attachments {
                    try await attachment.create(on: tx)
                    // Chunk by chunk from the spool: never the whole file in memory.
                    try await AttachmentSpoolReader.forEachChunk(of: file) { index, sealed in
                        try await ReportAttachmentChunk(attachmentID: file.id, index: index, sealed: sealed).create(on: tx)
                    }
                }
                try await ReportEvent(reportID: id, event: .received, actor: .reporter, at: now).create(on: tx)
                try await opened.create(on: tx, at: now)
                try await AuditLog.append(on: tx, actor: .reporter, action: .reportCreate, subject: "report:\(id)", now: now)
                try await Outbox.enqueue(.registrySync(caseID: caseID), db: tx, now: now)
            }
        } catch {
            // Two posts of one form at once: both passed the check above; the unique submission key
            // lets one insert through, and the other finds that report here.
            if let key = s.submissionKey, let earlier = try? await Report.query(on: db).filter(\.$submissionKey == key.lookup).first(),
               let earlierID = earlier.id {
                throw DuplicateSubmission(reportID: earlierID)
            }
            throw error
        }
        if !db.inTransaction { await Outbox.deliverPending(subject: caseID.uuidString, app: app) }
        return Receipt(code: code, reportID: id, submittedAt: now)
    }

    package static func crypto(for report: Report, app: any ServiceContext) throws -> ReportCrypto {
        try ReportCrypto.unwrap(report.wrappedKey, reportID: try report.requireID(), with: app.keyVault)
    }

    /// A message, supplement or record as typed: trimmed, and the error key when it is empty or too long.
    package static func checkedText(_ raw: String?) -> (text: String, errorKey: String?) {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return (text, "portal.error.empty") }
        if !IntakeValidator.fits(text, max: IntakeValidator.maxTextLength) { return (text, "portal.error.tooLong") }
        return (text, nil)
    }

    /// An attachment's bytes: the single sealed blob of an older attachment, or the chunks of a streamed
    /// one, each opened with its place and "last" mark, so a missing, extra or reordered chunk fails.
    package static func attachmentContent(_ attachment: ReportAttachment, crypto: ReportCrypto, db: any Database) async throws -> Data {
        let id = try attachment.requireID()
        guard let count = attachment.chunkCount else { return try crypto.open(attachment.contentSealed, purpose: .attachment(id)) }
        let chunks = try await ReportAttachmentChunk.query(on: db).filter(\.$attachment.$id == id).sort(\.$index).all()
        guard chunks.count == count, chunks.enumerated().allSatisfy({ $0.offset == $0.element.index }) else {
            throw KeyRingError.cannotOpen
        }
        var content = Data()
        for chunk in chunks {
            content.append(try crypto.open(chunk.sealed, purpose: .attachmentChunk(id, index: chunk.index, last: chunk.index == count - 1)))
        }
        return content
    }

    /// Holds the report open for this unit of work: false when it is withdrawn, as the database has it
    /// now. On PostgreSQL the statement locks the row, so a withdrawal committing meanwhile is waited
    /// for and then seen; on SQLite the units are serial already. A message can thus never be stored
    /// after the withdrawal that a concurrent request committed (issue 16).
    package static func holdOpen(_ report: Report, db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(Report.schema)
            .set(SQLIdentifier("version"), to: SQLIdentifier("version"))
            .where(SQLIdentifier("id"), .equal, SQLBind(try report.requireID()))
            .where(SQLIdentifier("status"), .notEqual, SQLBind(ReportStatus.withdrawn.rawValue))
            .returning(SQLIdentifier("id"))
            .all()
        return !rows.isEmpty
    }

    /// Moves the report's version on if nobody else did since it was read (`UPDATE … WHERE version`);
    /// throws `StaleVersion` otherwise, which rolls back the action.
    package static func claimVersion(_ report: Report, db: any Database) async throws {
        let read = report.version
        guard try await VersionClaim.claim(table: Report.schema, id: try report.requireID(), read: read, db: db) else {
            throw StaleVersion()
        }
        report.version = read + 1
    }

    package static func addEvent(_ event: ReportEventName, report: Report, actor: ActorRef, db: any Database, at now: Date) async throws {
        try await ReportEvent(reportID: try report.requireID(), event: event, actor: actor, at: now).create(on: db)
    }

    package static func addMessage(_ text: String, report: Report, author: ActorRef, supplement: Bool = false, app: any ServiceContext, db: any Database) async throws {
        let message = ReportMessage()
        message.id = UUID()
        message.$report.id = try report.requireID()
        message.author = supplement && author == .reporter ? ActorRef.supplementAuthor : author.stored
        message.bodySealed = try crypto(for: report, app: app).seal(Data(text.utf8), purpose: .message(try message.requireID()))
        message.createdAt = app.clock.now
        try await message.create(on: db)
    }

    package struct MessageView: Codable, Sendable {
        package let fromReporter: Bool
        package let isSupplement: Bool
        package let text: String
        package let at: String
    }

    package static func messages(_ report: Report, app: any ServiceContext, db: any Database, localizer: Localizer) async throws -> [MessageView] {
        let crypto = try crypto(for: report, app: app)
        return try await ReportMessage.query(on: db).filter(\.$report.$id == report.requireID())
            .sort(\.$createdAt).all().map { m in
                MessageView(fromReporter: m.author.hasPrefix("reporter"), isSupplement: m.author == ActorRef.supplementAuthor,
                            text: String(decoding: try crypto.open(m.bodySealed, purpose: .message(try m.requireID())), as: UTF8.self),
                            at: formatDateTime(m.createdAt, app: app, localizer: localizer))
            }
    }

    package struct RecordView: Codable, Sendable {
        package let id: String
        package let text: String
        package let state: String
        package let stateLabel: String
        package let comment: String?
        package let at: String
    }

    package static func records(_ report: Report, app: any ServiceContext, db: any Database, localizer t: Localizer) async throws -> [RecordView] {
        let crypto = try crypto(for: report, app: app)
        return try await ReportRecord.query(on: db).filter(\.$report.$id == report.requireID()).sort(\.$createdAt).all().map { r in
            let id = try r.requireID()
            return RecordView(id: id.uuidString,
                              text: String(decoding: try crypto.open(r.bodySealed, purpose: .record(id)), as: UTF8.self),
                              state: r.state, stateLabel: t.text("recordstate.\(r.state)"),
                              comment: try r.reporterCommentSealed.map {
                                  String(decoding: try crypto.open($0, purpose: .recordComment(id)), as: UTF8.self)
                              },
                              at: formatDateTime(r.createdAt, app: app, localizer: t))
        }
    }

    /// `yyyy-MM-dd HH:mm` in the organisation's time zone (calendar arithmetic: a DateFormatter per
    /// call was a measurable part of a 50-row inbox).
    /// A moment in words, in the organisation's time zone and the reader's language (issue 15).
    package static func formatDateTime(_ date: Date, app: any ServiceContext, localizer: Localizer) -> String {
        localizer.dateTime(date, in: app.tegenkracht.timeZone)
    }

    package static func localDate(_ date: Date, app: any ServiceContext) -> LocalDate {
        LocalDate.today(in: app.tegenkracht.timeZone, now: date)
    }
}

/// Where a report stands, in the reporter's words (texts `status.*`).
package enum ReportStatus: String, Sendable {
    case received = "ontvangen"
    case inProgress = "in-behandeling"
    case withdrawn = "ingetrokken"
    case closed = "afgesloten"
}

package func sha256Hex(bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).hexString
}
