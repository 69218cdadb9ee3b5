import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor
import VaporTesting

/// `/metrics` (issue 17): behind a bearer token, route patterns and counts only.
@Suite("Metrics")
struct MetricsTests {
    static let token = "metrics-token-" + String(repeating: "7", count: 32)

    static func scrape(_ app: Application, authorization: String?) async throws -> (status: HTTPStatus, body: String, headers: HTTPHeaders) {
        var headers = HTTPHeaders()
        if let authorization { headers.replaceOrAdd(name: .authorization, value: authorization) }
        var result: (HTTPStatus, String, HTTPHeaders) = (.internalServerError, "", [:])
        try await app.testing().test(.GET, "/metrics", headers: headers) { response in
            result = (response.status, response.body.string, response.headers)
        }
        return result
    }

    @Test("A token shorter than 32 characters opens nothing; the right one in constant time")
    func token() throws {
        #expect(MetricsToken("short") == nil)
        let token = try #require(MetricsToken(Self.token))
        #expect(token.admits(authorization: "Bearer \(Self.token)"))
        #expect(!token.admits(authorization: "Bearer \(Self.token)x"))
        #expect(!token.admits(authorization: Self.token))
        #expect(!token.admits(authorization: nil))
    }

    @Test("Without the token 401; with it the counts per route pattern, never an id or a text", arguments: TestDatabase.all)
    func scrape(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: { $0.metricsToken = Self.token; $0.receiptThrottleThreshold = 1 }) { app in
            let missing = try await Self.scrape(app, authorization: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers.first(name: .wwwAuthenticate)?.hasPrefix("Bearer") == true)
            #expect(try await Self.scrape(app, authorization: "Bearer wrong-\(Self.token)").status == .unauthorized)

            let secret = "GEHEIMEMETRIEK\(UUID().uuidString.prefix(6))"
            try await submitReport(TestBrowser(app), [
                ("kind", "melding"), ("mode", "vertrouwelijk"), ("recipient", "vp:vp-extern"), ("whatHappened", secret),
                ("name", "Iris Metriek"), ("email", "iris@example.org"),
            ])
            let report = try #require(try await Report.query(on: app.db).first())
            try await createStaff(app, username: "kerkhoven").with(personID: "vp-extern", app: app)
            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "kerkhoven")
            let casePage = try await advisor.get("/werkruimte/meldingen/\(try report.requireID())")
            #expect(casePage.body.contains(secret))  // positive control: the page had the secret to leak
            // Wrong receipt codes past the threshold: the receipt door is throttled.
            let stranger = TestBrowser(app)
            for _ in 0..<3 { _ = try await loginPortal(stranger, code: "AAAA-BBBB-CCCC-DDDD") }

            let page = try await Self.scrape(app, authorization: "Bearer \(Self.token)")
            #expect(page.status == .ok)
            #expect(page.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
            let body = page.body
            #expect(body.contains(#"http_requests_total{method="GET",path="/werkruimte/meldingen/:id",status="200"}"#))
            #expect(body.contains("http_request_duration_seconds_bucket"))
            #expect(body.contains(#"tegenkracht_throttled_total{door="receipt"}"#))
            #expect(body.contains("tegenkracht_build_info{version=\"\(BuildInfo.version)\""))
            #expect(body.contains("tegenkracht_outbox_pending ") && body.contains("tegenkracht_outbox_lag_seconds "))
            #expect(body.contains(#"tegenkracht_mail_waiting{kind="reporter-notice"}"#))
            #expect(body.contains("tegenkracht_database_up 1"))
            #expect(body.contains(#"tegenkracht_job_runs_total"#) || !body.contains("tegenkracht_job_last_run_age_seconds"))
            // Nothing personal: no id, no name, no address, no text, no code.
            #expect(body.range(of: #"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#, options: .regularExpression) == nil)
            for text in [secret, "Iris", "iris@example.org", "kerkhoven", "AAAA-BBBB"] { #expect(!body.contains(text), "\(text)") }
        }
    }

    @Test("Without a token there is no /metrics at all", arguments: [TestDatabase.sqlite])
    func absent(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let page = try await Self.scrape(app, authorization: "Bearer \(Self.token)")
            #expect(page.status == .notFound)
        }
    }
}

/// Mail through a sendmail program (issue 17): refused mail is retried with a growing wait and given
/// up after `MailQueue.maxAttempts`, visibly; an address with a line break never reaches the program.
@Suite("Mail delivery")
struct MailDeliveryTests {
    static func mailbox() throws -> (dir: String, outbox: String, script: String, failFlag: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-smtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let outbox = (dir as NSString).appendingPathComponent("outbox")
        let failFlag = (dir as NSString).appendingPathComponent("fail")
        let script = (dir as NSString).appendingPathComponent("sendmail")
        // Like a relay that is down: exits 75 (EX_TEMPFAIL) without reading the message.
        try "#!/bin/sh\n[ -f \(failFlag) ] && exit 75\necho \"ARGS: $*\" >> \(outbox)\ncat >> \(outbox)\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        return (dir, outbox, script, failFlag)
    }

    @Test("A refused notice waits 10 s, 20 s …, arrives once the server is back; given up after about 40 hours of refusals, shown, and queued again",
          arguments: TestDatabase.all)
    func retries(database: TestDatabase) async throws {
        let box = try Self.mailbox()
        defer { try? FileManager.default.removeItem(atPath: box.dir) }
        let clock = FixedClock(TestClock.start)
        try await withTestApp(database, adjust: { $0.sendmailPath = box.script; $0.clock = clock }) { app in
            try await submitReport(TestBrowser(app), [
                ("kind", "melding"), ("mode", "vertrouwelijk"), ("recipient", "vp:vp-extern"), ("whatHappened", "Er gebeurde iets."),
                ("name", "Iris Bakker"), ("email", "iris@example.org"),
            ])
            let report = try #require(try await Report.query(on: app.db).first())
            try await createStaff(app, username: "kerkhoven").with(personID: "vp-extern", app: app)
            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "kerkhoven")
            try await advisor.get("/werkruimte/meldingen/\(try report.requireID())")
            try await advisor.post("/werkruimte/meldingen/\(try report.requireID())/bericht", ["text": "Een antwoord."])
            #expect(try await OutgoingNotice.query(on: app.db).count() == 1)

            FileManager.default.createFile(atPath: box.failFlag, contents: Data())
            #expect(try await MailQueue.send(app: app) == 0)
            var notice = try #require(try await OutgoingNotice.query(on: app.db).first())
            #expect(notice.attempts == 1 && notice.sentAt == nil)
            #expect(try await MailQueue.status(db: app.db).retrying == 1)
            // Not before its wait is over.
            #expect(try await MailQueue.send(app: app) == 0)
            notice = try #require(try await OutgoingNotice.query(on: app.db).first())
            #expect(notice.attempts == 1)
            // The relay is back.
            try FileManager.default.removeItem(atPath: box.failFlag)
            clock.advance(by: Outbox.backoff(afterAttempts: 1))
            #expect(try await MailQueue.send(app: app) == 1)
            #expect(try String(contentsOfFile: box.outbox, encoding: .utf8).contains("ARGS: -i -- iris@example.org"))
            clock.advance(by: 3600)
            #expect(try await MailQueue.send(app: app) == 0)  // once

            // A second message while the relay stays down: given up after about 40 hours of refusals, and counted.
            // (Queued as the handler's message queues it: the handler's session has timed out by now.)
            try await Notices.queue(for: report, db: app.db, at: clock.now)
            FileManager.default.createFile(atPath: box.failFlag, contents: Data())
            for attempt in 1...MailQueue.maxAttempts {
                #expect(try await MailQueue.send(app: app) == 0)
                clock.advance(by: Outbox.backoff(afterAttempts: attempt))
            }
            let status = try await MailQueue.status(db: app.db)
            #expect(status.noticesGivenUp == 1 && status.noticesWaiting == 0 && status.retrying == 0)
            #expect(clock.now.timeIntervalSince(TestClock.start) > 36 * 3600)  // retried for well over a day

            // Administrators see it.
            let admin = TestBrowser(app)
            try await createStaff(app, username: "beheerder", role: .administrator)
            try await signIn(admin, username: "beheerder")
            let page = try await admin.get("/beheer/bezorging")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"id="mail-given-up-notices">1<"#))
            #expect(!page.body.contains("iris@example.org") && !page.body.contains("Iris"))
            #expect(page.body.contains("Opgegeven na \(MailQueue.maxAttempts) pogingen"))

            // After the relay is fixed: `mail retry` queues the given-up message again, and it goes.
            try FileManager.default.removeItem(atPath: box.failFlag)
            #expect(try await MailQueue.retryGivenUp(db: app.db) == 1)
            #expect(try await MailQueue.status(db: app.db).noticesGivenUp == 0)
            #expect(try await MailQueue.send(app: app) == 1)

            // Given up again, a new message from the handler is still queued (the old one does not block it).
            try await Notices.queue(for: report, db: app.db, at: clock.now)
            FileManager.default.createFile(atPath: box.failFlag, contents: Data())
            for attempt in 1...MailQueue.maxAttempts {
                _ = try await MailQueue.send(app: app)
                clock.advance(by: Outbox.backoff(afterAttempts: attempt))
            }
            #expect(try await MailQueue.status(db: app.db).noticesGivenUp == 1)
            try await Notices.queue(for: report, db: app.db, at: clock.now)
            #expect(try await MailQueue.status(db: app.db).noticesWaiting == 1)
        }
    }

    @Test("Two senders at once (mail send beside the job, or two instances) send a notice once; it has a Date and a Message-ID",
          arguments: TestDatabase.all)
    func twoSenders(database: TestDatabase) async throws {
        let box = try Self.mailbox()
        defer { try? FileManager.default.removeItem(atPath: box.dir) }
        // A slow relay: each message takes a second.
        try "#!/bin/sh\nsleep 1\necho \"ARGS: $*\" >> \(box.outbox)\ncat >> \(box.outbox)\n".write(toFile: box.script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: box.script)
        try await withTestApp(database, adjust: { $0.sendmailPath = box.script; $0.mailFrom = "Tegenkracht <noreply@tweedekamer.example>" }) { app in
            try await submitReport(TestBrowser(app), [
                ("kind", "melding"), ("mode", "vertrouwelijk"), ("recipient", "vp:vp-extern"), ("whatHappened", "Er gebeurde iets."),
                ("name", "Iris Bakker"), ("email", "iris@example.org"),
            ])
            let report = try #require(try await Report.query(on: app.db).first())
            try await Notices.queue(for: report, db: app.db, at: app.clock.now)
            async let first = MailQueue.send(app: app)
            async let second = MailQueue.send(app: app)
            let sent = try await first + second
            #expect(sent == 1)
            let mail = try String(contentsOfFile: box.outbox, encoding: .utf8)
            #expect(mail.components(separatedBy: "ARGS: ").count - 1 == 1)
            #expect(mail.contains("\nDate: ") && mail.contains("@tweedekamer.example>"))
            #expect(mail.range(of: #"Message-ID: <[0-9a-f-]{36}@tweedekamer\.example>"#, options: .regularExpression) != nil)
        }
    }

    @Test("An address with a line break or a leading dash never reaches the mail program")
    func headerInjection() async throws {
        let box = try Self.mailbox()
        defer { try? FileManager.default.removeItem(atPath: box.dir) }
        for address in ["iris@example.org\r\nBcc: x@evil.example", "iris@example.org\nX: y", "-oQ/tmp/x@example.org", "a@b.nl\u{2028}"] {
            #expect(!Mailer.isSafeAddress(address))
            #expect(await Mailer.send("Subject: x\n\nx", to: address, sendmail: box.script) == false)
        }
        #expect(!FileManager.default.fileExists(atPath: box.outbox))
        #expect(await Mailer.send("Subject: x\n\nx", to: "iris@example.org", sendmail: box.script))  // positive control
        #expect(FileManager.default.fileExists(atPath: box.outbox))
        // The intake (and the portal's "give your name") refuse such an address before anything is stored.
        #expect(!IntakeValidator.isPlausibleEmail("iris@example.org\r\nBcc: x@evil.example"))
        #expect(!IntakeValidator.isPlausibleEmail("-oQ@example.org"))
        #expect(IntakeValidator.isPlausibleEmail("iris-b@example.org"))
    }
}
