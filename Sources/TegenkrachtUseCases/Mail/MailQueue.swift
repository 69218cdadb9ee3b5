import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// The mail that waits to be handed to the mail server (issue 17): reporters' notices ("there is news,
/// log in") and staff reminders ("a deadline is near, on 9 December"), never any content of a report.
/// Sent by the `notices` job through `TEGENKRACHT_SENDMAIL` (Debian's msmtp, docs/operations.md).
/// What the mail server refuses is tried again after 10 s, 20 s, 40 s … then every hour
/// (`Outbox.backoff`), `maxAttempts` times in all: about 40 hours, so a relay down for a night or a long
/// day loses nothing. What is still refused then is given up, counted in `/metrics`, shown to
/// administrators on `/beheer/bezorging` and by `tegenkracht jobs status` (exit 1), and queued again
/// by `tegenkracht mail retry`.
package enum MailQueue {
    package static let maxAttempts = 48

    package struct Status: Sendable, Equatable, Encodable {
        package let noticesWaiting: Int
        package let noticesGivenUp: Int
        package let remindersWaiting: Int
        package let remindersGivenUp: Int
        /// Messages refused at least once and still tried.
        package let retrying: Int
    }

    package static func status(db: any Database) async throws -> Status {
        let notices = OutgoingNotice.query(on: db).filter(\.$sentAt == nil)
        let reminders = StaffReminder.query(on: db).filter(\.$mailedAt == nil)
        let members = MemberReminderRecord.query(on: db).filter(\.$mailedAt == nil)
        let certificates = CertificateReminderRecord.query(on: db).filter(\.$mailedAt == nil)
        return Status(
            noticesWaiting: try await notices.copy().filter(\.$attempts < maxAttempts).count(),
            noticesGivenUp: try await notices.copy().filter(\.$attempts >= maxAttempts).count(),
            remindersWaiting: try await reminders.copy().filter(\.$mailAttempts < maxAttempts).count()
                + (try await members.copy().filter(\.$mailAttempts < maxAttempts).count())
                + (try await certificates.copy().filter(\.$mailAttempts < maxAttempts).count()),
            remindersGivenUp: try await reminders.copy().filter(\.$mailAttempts >= maxAttempts).count()
                + (try await members.copy().filter(\.$mailAttempts >= maxAttempts).count())
                + (try await certificates.copy().filter(\.$mailAttempts >= maxAttempts).count()),
            retrying: try await notices.copy().filter(\.$attempts > 0).filter(\.$attempts < maxAttempts).count()
                + (try await reminders.copy().filter(\.$mailAttempts > 0).filter(\.$mailAttempts < maxAttempts).count())
                + (try await members.copy().filter(\.$mailAttempts > 0).filter(\.$mailAttempts < maxAttempts).count())
                + (try await certificates.copy().filter(\.$mailAttempts > 0).filter(\.$mailAttempts < maxAttempts).count()))
    }

    /// Hands every message that is due to the mail server; returns how many it accepted. Without a
    /// mail program, everything waits.
    @discardableResult
    package static func send(app: any ServiceContext) async throws -> Int {
        guard let sendmail = app.tegenkracht.sendmailPath else { return 0 }
        return try await sendNotices(app: app, sendmail: sendmail) + (try await sendReminders(app: app, sendmail: sendmail))
            + (try await sendMemberReminders(app: app, sendmail: sendmail))
            + (try await sendCertificateReminders(app: app, sendmail: sendmail))
    }

    /// Queues again every message that was given up (after the relay is fixed): `tegenkracht mail retry`.
    @discardableResult
    package static func retryGivenUp(db: any Database) async throws -> Int {
        let notices = try await OutgoingNotice.query(on: db).filter(\.$sentAt == nil).filter(\.$attempts >= maxAttempts).all()
        for notice in notices {
            notice.attempts = 0
            notice.nextAttemptAt = nil
            try await notice.save(on: db)
        }
        let reminders = try await StaffReminder.query(on: db).filter(\.$mailedAt == nil).filter(\.$mailAttempts >= maxAttempts).all()
        for reminder in reminders {
            reminder.mailAttempts = 0
            reminder.nextMailAt = nil
            try await reminder.save(on: db)
        }
        let members = try await MemberReminderRecord.query(on: db).filter(\.$mailedAt == nil).filter(\.$mailAttempts >= maxAttempts).all()
        for reminder in members {
            reminder.mailAttempts = 0
            reminder.nextMailAt = nil
            try await reminder.save(on: db)
        }
        let certificates = try await CertificateReminderRecord.query(on: db).filter(\.$mailedAt == nil).filter(\.$mailAttempts >= maxAttempts).all()
        for reminder in certificates {
            reminder.mailAttempts = 0
            reminder.nextMailAt = nil
            try await reminder.save(on: db)
        }
        return notices.count + reminders.count + members.count + certificates.count
    }

    private static func sendNotices(app: any ServiceContext, sendmail: String) async throws -> Int {
        let now = app.clock.now
        var sent = 0
        let due = try await OutgoingNotice.query(on: app.db).filter(\.$sentAt == nil).filter(\.$attempts < maxAttempts)
            .group(.or) { $0.filter(\.$nextAttemptAt == nil).filter(\.$nextAttemptAt <= now) }
            .with(\.$report).all()
        for notice in due {
            guard try await lease(OutgoingNotice.schema, id: notice.requireID(), done: "sent_at", next: "next_attempt_at",
                                  now: app.clock.now, db: app.db)
            else { continue }  // another sender has it
            let report = notice.report
            guard let sealed = report.identitySealed else {
                // The identity is gone (erased): nothing to send, nothing to keep.
                try await notice.delete(on: app.db)
                continue
            }
            let address: String
            do {
                address = try ReportService.crypto(for: report, app: app).open(ReportIdentity.self, from: sealed, purpose: .identity).email
            } catch {
                // A key that does not open it is an operator's problem to fix, not a reason to drop the
                // notice: it counts as a refused attempt, and is seen as such.
                notice.attempts += 1
                notice.nextAttemptAt = app.clock.now.addingTimeInterval(Outbox.backoff(afterAttempts: notice.attempts))
                try await notice.save(on: app.db)
                ServiceMetrics.mail(.reporterNotice, sent: false)
                continue
            }
            guard !address.isEmpty else {
                try await notice.delete(on: app.db)
                continue
            }
            let message = Notices.body(to: address, from: app.tegenkracht.mailFrom, localizer: app.localisation.localizer(.dutch), at: app.clock.now)
            let ok = await Mailer.send(message, to: address, sendmail: sendmail)
            ServiceMetrics.mail(.reporterNotice, sent: ok)
            if ok {
                notice.sentAt = app.clock.now
                sent += 1
            } else {
                notice.attempts += 1
                notice.nextAttemptAt = app.clock.now.addingTimeInterval(Outbox.backoff(afterAttempts: notice.attempts))
            }
            try await notice.save(on: app.db)
        }
        return sent
    }

    private static func sendReminders(app: any ServiceContext, sendmail: String) async throws -> Int {
        let now = app.clock.now
        let t = app.localisation.localizer(.dutch)
        var sent = 0
        let due = try await StaffReminder.query(on: app.db).filter(\.$mailedAt == nil).filter(\.$mailAttempts < maxAttempts)
            .group(.or) { $0.filter(\.$nextMailAt == nil).filter(\.$nextMailAt <= now) }
            .all()
        for reminder in due {
            guard try await lease(StaffReminder.schema, id: reminder.requireID(), done: "mailed_at", next: "next_mail_at",
                                  now: app.clock.now, db: app.db)
            else { continue }  // another sender has it
            let (accepted, refused) = try await mail(reminder.personID, subject: t.text("reminder.subject"),
                                                     body: t.text("reminder.body", ["date": t.longDate(iso: reminder.due)]),
                                                     kind: .staffReminder, sendmail: sendmail, app: app)
            sent += accepted
            if refused {
                // Tried again as a whole: a person with two accounts may get the reminder twice, never not at all.
                reminder.mailAttempts += 1
                reminder.nextMailAt = app.clock.now.addingTimeInterval(Outbox.backoff(afterAttempts: reminder.mailAttempts))
            } else {
                reminder.mailedAt = app.clock.now
            }
            try await reminder.save(on: app.db)
        }
        return sent
    }
}

extension MailQueue {
    /// Every active account's address of a person, each once (an address that the mail program would
    /// never be given is left out, not counted as refused).
    static func addresses(of personID: String, db: any Database) async throws -> [String] {
        var seen: Set<String> = []
        return try await StaffUser.query(on: db).filter(\.$personID == personID).filter(\.$disabledAt == nil).all()
            .compactMap(\.email).filter { Mailer.isSafeAddress($0) && seen.insert($0.lowercased()).inserted }
    }

    /// One message to every active account's address of a person: how many the mail program accepted,
    /// and whether it refused one (then the caller tries the whole message again later).
    static func mail(_ personID: String, subject: String, body: String, kind: ServiceMetrics.MailKind, sendmail: String,
                     app: any ServiceContext) async throws -> (accepted: Int, refused: Bool) {
        var accepted = 0
        var refused = false
        for address in try await addresses(of: personID, db: app.db) {
            let message = Mailer.message(to: address, from: app.tegenkracht.mailFrom, subject: subject, body: body, at: app.clock.now)
            let ok = await Mailer.send(message, to: address, sendmail: sendmail)
            ServiceMetrics.mail(kind, sent: ok)
            if ok { accepted += 1 } else { refused = true }
        }
        return (accepted, refused)
    }

    /// Reminders to members of parliament (issue 14): which round, a link to log in, nothing else.
    private static func sendMemberReminders(app: any ServiceContext, sendmail: String) async throws -> Int {
        let now = app.clock.now
        let t = app.localisation.localizer(.dutch)
        var sent = 0
        let due = try await MemberReminderRecord.query(on: app.db).filter(\.$mailedAt == nil).filter(\.$mailAttempts < maxAttempts)
            .group(.or) { $0.filter(\.$nextMailAt == nil).filter(\.$nextMailAt <= now) }
            .all()
        for reminder in due {
            guard try await lease(MemberReminderRecord.schema, id: reminder.requireID(), done: "mailed_at", next: "next_mail_at",
                                  now: app.clock.now, db: app.db)
            else { continue }  // another sender has it
            let year = reminder.round.split(separator: "-").last.map(String.init) ?? ""
            let key = reminder.kind == MemberReminderSchedule.Kind.incomeStatement.rawValue ? "memberReminder.income" : "memberReminder.registers"
            let (accepted, refused) = try await mail(reminder.personID, subject: t.text(key + ".subject", ["year": year]),
                                                     body: t.text(key + ".body", ["year": year]),
                                                     kind: .memberReminder, sendmail: sendmail, app: app)
            sent += accepted
            reminder.mailedTo = accepted
            if refused {
                reminder.mailAttempts += 1
                reminder.nextMailAt = app.clock.now.addingTimeInterval(Outbox.backoff(afterAttempts: reminder.mailAttempts))
            } else {
                reminder.mailedAt = app.clock.now
            }
            try await reminder.save(on: app.db)
        }
        return sent
    }

    /// How long a sender holds a message it is handing over: after a crash, it is tried again then.
    static let leaseDuration: TimeInterval = 600

    /// Takes a message for this sender, in one statement: only if it is still unsent and due, by
    /// moving its next attempt past the lease. Two senders at once (`mail send` beside the job, or two
    /// instances) never send the same message twice.
    static func lease(_ table: String, id: UUID, done: String, next: String, now: Date, db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        let rows = try await sql.update(table)
            .set(SQLIdentifier(next), to: SQLBind(now.addingTimeInterval(leaseDuration)))
            .where(SQLIdentifier("id"), .equal, SQLBind(id))
            .where(SQLIdentifier(done), .is, SQLLiteral.null)
            .where { $0.where(SQLIdentifier(next), .is, SQLLiteral.null).orWhere(SQLIdentifier(next), .lessThanOrEqual, SQLBind(now)) }
            .returning(SQLIdentifier("id"))
            .all()
        return !rows.isEmpty
    }
}

/// Hands a complete message to a sendmail-compatible program: Debian's msmtp, as documented (a
/// set-user-id program such as exim's or postfix's sendmail does not run under the unit's
/// `NoNewPrivileges=yes`).
package enum Mailer {
    /// A program that has not finished after this long is stopped, and the message counts as refused.
    static let programTimeout: TimeInterval = 60

    /// A whole message: the headers a mail server expects (Date and Message-ID too, without which some
    /// spam filters mark it down), then the text. Nothing in it comes from a report.
    package static func message(to address: String, from sender: String, subject: String, body: String, at now: Date) -> String {
        """
        To: \(address)
        From: \(sender)
        Subject: \(subject)
        Date: \(rfc5322Date(now))
        Message-ID: <\(UUID().uuidString.lowercased())@\(messageDomain(sender))>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        \(body)
        """
    }

    /// "Thu, 03 Dec 2026 03:40:00 +0000", in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(
            format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) +0000",
            locale: Locale(identifier: "en_US_POSIX"), timeZone: TimeZone(identifier: "UTC") ?? .gmt, calendar: Calendar(identifier: .gregorian)))
    }

    /// The sender's domain (`Tegenkracht <noreply@example.org>` gives example.org), if it is one.
    static func messageDomain(_ sender: String) -> String {
        guard let at = sender.lastIndex(of: "@") else { return "tegenkracht.invalid" }
        let domain = sender[sender.index(after: at)...].trimmingCharacters(in: CharacterSet(charactersIn: "> "))
        let valid = !domain.isEmpty && domain.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "." || $0 == "-" }
        return valid ? domain : "tegenkracht.invalid"
    }

    /// An address that could add a header or an option: a line break, a control character, or a
    /// leading "-". Refused before any program is started (checked at input too; this is the last door).
    package static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && !address.hasPrefix("-") && address.utf8.count <= 254
            && !address.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }

    /// A mail program that exits without reading its message (a relay that is down) would end the
    /// whole service with SIGPIPE on the write below: ignored once, so the write fails with EPIPE and
    /// the program's exit status says what happened.
    private static let brokenPipesIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    package static func send(_ message: String, to recipient: String, sendmail: String) async -> Bool {
        guard isSafeAddress(recipient), brokenPipesIgnored else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sendmail)
        process.arguments = ["-i", "--", recipient]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Wait for the program without holding a thread of the cooperative pool.
        return await withCheckedContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus == 0)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: false)
                return
            }
            // A hung program would hold the job (and the lease) for ever: stopped after the timeout.
            DispatchQueue.global().asyncAfter(deadline: .now() + programTimeout) {
                if process.isRunning { process.terminate() }
            }
            // A program that exits without reading makes this write fail (EPIPE, see above).
            try? input.fileHandleForWriting.write(contentsOf: Data(message.utf8))
            try? input.fileHandleForWriting.close()
        }
    }
}
