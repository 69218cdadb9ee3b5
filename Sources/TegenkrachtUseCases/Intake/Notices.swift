import FluentKit
import Foundation
import TegenkrachtCore

/// E-mail notices to reporters who gave an address: only "there is news, log in", never content, never
/// the code. Queued when a handler writes to the reporter, sent by the `notices` job (`MailQueue`) through
/// the machine's mail transfer agent (`TEGENKRACHT_SENDMAIL`, e.g. /usr/sbin/sendmail). Without it, notices
/// wait in the queue. At most one unsent notice per report is kept.
package enum Notices {
    package static func queue(for report: Report, db: any Database, at now: Date) async throws {
        guard report.notifyByEmail else { return }
        let id = try report.requireID()
        let pending = try await OutgoingNotice.query(on: db).filter(\.$report.$id == id).filter(\.$sentAt == nil)
            .filter(\.$attempts < MailQueue.maxAttempts).count()
        guard pending == 0 else { return }
        try await OutgoingNotice(reportID: id, at: now).create(on: db)
    }

    /// The whole text of every notice, in both languages: nothing of the report is in it.
    package static func body(to address: String, from sender: String, localizer t: Localizer, at now: Date) -> String {
        Mailer.message(to: address, from: sender, subject: t.text("notice.subject"), body: t.text("notice.body"), at: now)
    }
}
