import FluentKit
import Foundation
import TegenkrachtCore

/// E-mail notices to reporters who gave an address: only "there is news, log in", never content, never
/// the code. Queued when a handler writes to the reporter, sent by the `notices` job through the
/// machine's mail transfer agent (`TEGENKRACHT_SENDMAIL`, e.g. /usr/sbin/sendmail). Without it, notices
/// wait in the queue. At most one unsent notice per report is kept.
package enum Notices {
    package static func queue(for report: Report, db: any Database, at now: Date) async throws {
        guard report.notifyByEmail else { return }
        let id = try report.requireID()
        let pending = try await OutgoingNotice.query(on: db).filter(\.$report.$id == id).filter(\.$sentAt == nil).count()
        guard pending == 0 else { return }
        try await OutgoingNotice(reportID: id, at: now).create(on: db)
    }

    /// The whole text of every notice, in both languages: nothing of the report is in it.
    package static func body(to address: String, from sender: String, localizer t: Localizer) -> String {
        """
        To: \(address)
        From: \(sender)
        Subject: \(t.text("notice.subject"))
        Content-Type: text/plain; charset=utf-8

        \(t.text("notice.body"))
        """
    }

    /// Sends what is queued; returns how many were sent.
    package static func send(app: any ServiceContext) async throws -> Int {
        guard let sendmail = app.tegenkracht.sendmailPath else { return 0 }
        var sent = 0
        for notice in try await OutgoingNotice.query(on: app.db).filter(\.$sentAt == nil).filter(\.$attempts < 5).with(\.$report).all() {
            let report = notice.report
            guard let sealed = report.identitySealed,
                  let identity = try? ReportService.crypto(for: report, app: app).open(ReportIdentity.self, from: sealed, purpose: .identity),
                  !identity.email.isEmpty else {
                notice.attempts = 5
                try await notice.save(on: app.db)
                continue
            }
            let message = body(to: identity.email, from: app.tegenkracht.mailFrom, localizer: app.localisation.localizer(.dutch))
            let ok = await Mailer.send(message, to: identity.email, sendmail: sendmail)
            notice.attempts += 1
            if ok { notice.sentAt = app.clock.now; sent += 1 }
            try await notice.save(on: app.db)
        }
        return sent
    }
}

/// Hands a complete message to a sendmail-compatible program.
package enum Mailer {
    package static func send(_ message: String, to recipient: String, sendmail: String) async -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sendmail)
        process.arguments = ["-i", "--", recipient]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(message.utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }
}
