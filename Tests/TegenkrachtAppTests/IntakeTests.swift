import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// Submits a report through the form and returns the receipt code from the confirmation page.
@discardableResult
func submitReport(_ browser: TestBrowser, _ fields: [(String, String)],
                  files: [(field: String, filename: String, type: String, bytes: [UInt8])] = []) async throws -> String {
    try await browser.get("/melden")
    let page = try await browser.postMultipart("/melden", fields, files: files)
    #expect(page.status == .ok, "\(page.body.prefix(2000))")
    return try #require(TestBrowser.firstMatch(#"id="receipt-code">([0-9A-Z-]+)<"#, in: page.body))
}

func loginPortal(_ browser: TestBrowser, code: String) async throws -> TestBrowser.Page {
    try await browser.get("/portaal")
    return try await browser.post("/portaal", ["code": code])
}

@Suite("Intake and the reporter portal")
struct IntakeWebTests {
    static let anonymousToExternal: [(String, String)] = [
        ("kind", "melding"), ("mode", "anoniem"), ("recipient", "vp:vp-extern"),
        ("whatHappened", "Mijn leidinggevende schreeuwt in het overleg."), ("when", "sinds maart"),
        ("place[]", "commissievergadering"), ("frequency", "vaak"), ("item[]", "i"),
    ]

    @Test("End to end: anonymous report, the advisor replies, the reporter reads it and approves a record", arguments: TestDatabase.all)
    func endToEnd(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, Self.anonymousToExternal)
            #expect(code.count == 24)
            // No script but the "Snel weg" enhancement, from our own origin (issue 15).
            #expect(reporter.lastBody.components(separatedBy: "<script").count == 2)
            #expect(reporter.lastBody.contains("<script src=\"/js/exit.js\" defer></script>"))

            // The chosen advisor sees it in the inbox and opens it; an advisor who is not on the case
            // (neither lead nor second person) does not.
            try await createStaff(app, username: "kerkhoven", role: .functionary).with(personID: "vp-extern", app: app)
            try await createStaff(app, username: "brandhorst", role: .functionary).with(personID: "vp-fractie-2", app: app)
            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "kerkhoven")
            let inbox = try await advisor.get("/werkruimte")
            let reportPath = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#, in: inbox.body))
            let opened = try await advisor.get(reportPath)
            #expect(opened.body.contains("Mijn leidinggevende schreeuwt in het overleg."))
            let other = TestBrowser(app)
            try await signIn(other, username: "brandhorst")
            let otherInbox = try await other.get("/werkruimte")
            // Positive control: the other advisor is signed in and sees their own workspace.
            #expect(otherInbox.status == .ok)
            #expect(!otherInbox.body.contains(reportPath))
            #expect(try await other.get(reportPath).status == .notFound)

            try await advisor.post("\(reportPath)/bevestigen", ["version": "1"])
            try await advisor.get(reportPath)
            try await advisor.post("\(reportPath)/bericht", ["text": "Dank je. Wil je een keer praten? Dinsdag kan ik."])
            try await advisor.get(reportPath)
            try await advisor.post("\(reportPath)/verslag", ["text": "Gesprek op dinsdag: melder wil eerst advies."])

            // The reporter logs in with the code (not in any URL) and reads the reply.
            let login = try await loginPortal(reporter, code: code.lowercased())
            #expect(login.location == "/portaal/melding")
            let portal = try await reporter.get("/portaal/melding")
            #expect(portal.body.contains("In behandeling."))
            #expect(portal.body.contains("Dank je. Wil je een keer praten? Dinsdag kan ik."))
            #expect(portal.body.contains("Drs. Marloes Kerkhoven (Bureau Vertrouwenszaken), Vertrouwenspersoon ongewenst gedrag"))
            #expect(portal.headers.first(name: .cacheControl) == "no-store")
            let recordID = try #require(TestBrowser.firstMatch(#"action="/portaal/verslag/([0-9A-F-]+)""#, in: portal.body))
            let approved = try await reporter.post("/portaal/verslag/\(recordID)", ["decision": "goedkeuren"])
            #expect(approved.status == .seeOther)
            #expect(try await ReportRecord.query(on: app.db).first()?.state == "goedgekeurd")
            let after = try await advisor.get(reportPath)
            #expect(after.body.contains("goedgekeurd"))

            // Every read and change is in the audit log, and the chain holds.
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            for action in ["report.create", "report.view", "report.acknowledge", "report.message", "report.portal-login",
                           "report.record-goedgekeurd", "report.access-denied"] {
                #expect(actions.contains(action), "\(action)")
            }
            #expect(try await AuditLog.firstBrokenEntry(on: app.db) == nil)
        }
    }

    @Test("Bad input gets a clear message and everything typed is kept; nothing is saved", arguments: TestDatabase.all)
    func badInput(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            let page = try await browser.postMultipart("/melden", [
                ("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt"), ("whatHappened", "  "),
                ("when", "vorige week dinsdag"), ("name", "Piet Jansen"), ("witnesses", "Een collega van de bodes"),
            ])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Dit is nog niet ingevuld."))
            #expect(page.body.contains("Je koos &#39;anoniem&#39; maar vulde gegevens over jezelf in."))
            #expect(page.body.contains(#"value="vorige week dinsdag""#))
            #expect(page.body.contains(">Een collega van de bodes</textarea>"))
            #expect(page.body.contains(#"id="mode-anoniem" value="anoniem" checked"#))
            #expect(page.body.contains(#"id="recipient-centraal-meldpunt" value="centraal-meldpunt" checked"#))
            #expect(try await Report.query(on: app.db).count() == 0)
            // Positive control: the same form, corrected, from the same browser is stored and counted.
            let corrected = try await browser.postMultipart("/melden", [
                ("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt"), ("whatHappened", "Er verdwijnt geld uit de pot."),
                ("when", "vorige week dinsdag"), ("witnesses", "Een collega van de bodes"),
            ])
            #expect(corrected.status == .ok)
            #expect(try await Report.query(on: app.db).count() == 1)

            let english = TestBrowser(app)
            try await english.get("/melden?lang=en")
            let tooLong = try await english.postMultipart("/melden", [
                ("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt"),
                ("whatHappened", String(repeating: "a", count: IntakeValidator.maxTextLength + 5)),
            ])
            #expect(tooLong.body.contains("This is too long: 20005 characters, the maximum is 20000."))
        }
    }

    @Test("Attachments: wrong types and sizes are refused; accepted files are sealed and come back intact", arguments: TestDatabase.all)
    func attachments(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            let fake = try await browser.postMultipart("/melden", Self.anonymousToExternal,
                                                       files: [("attachment1", "brief.pdf", "application/pdf", Array("MZ not a pdf".utf8))])
            #expect(fake.status == .unprocessableEntity)
            #expect(fake.body.contains("Het bestand brief.pdf is geen pdf, png, jpg, txt of docx."))
            #expect(fake.body.contains("Kies je bijlagen opnieuw"))
            let big = [UInt8](Array("%PDF-1.4\n".utf8)) + [UInt8](repeating: 65, count: AttachmentPolicy.maxBytes)
            let tooBig = try await browser.postMultipart("/melden", Self.anonymousToExternal,
                                                         files: [("attachment1", "groot.pdf", "application/pdf", big)])
            #expect(tooBig.body.contains("Het bestand groot.pdf is te groot (hoogstens 10 MB)."))

            let pdf = Array("%PDF-1.4\n% bewijs van het bericht\n".utf8)
            try await submitReport(browser, Self.anonymousToExternal, files: [("attachment1", "bericht.pdf", "application/pdf", pdf)])
            try await createStaff(app, username: "kerkhoven").with(personID: "vp-extern", app: app)
            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "kerkhoven")
            let inbox = try await advisor.get("/werkruimte")
            let reportPath = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#, in: inbox.body))
            let report = try await advisor.get(reportPath)
            #expect(report.body.contains(sha256Hex(bytes: pdf)))
            let link = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+/bijlagen/[0-9A-F-]+)""#, in: report.body))
            let download = try await advisor.get(link)
            #expect(Array(download.body.utf8) == pdf)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
        }
    }

    @Test("Strangers cannot lock a reporter out: wrong guesses for the locator and random codes get one answer; the right code opens at once",
          arguments: TestDatabase.all)
    func noLockOutByStrangers(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let code = try await submitReport(TestBrowser(app), Self.anonymousToExternal)
            let locator = String(code.prefix(4))
            let attacker = TestBrowser(app)
            var answers: Set<String> = []
            for i in 0..<10 {
                let page = try await loginPortal(attacker, code: "\(locator)-0000-0000-0000-000\(i)")
                #expect(page.status == .unauthorized)
                answers.insert(Self.message(page.body))
            }
            // An unknown locator and a malformed code get exactly the same answer.
            answers.insert(Self.message(try await loginPortal(attacker, code: "ZZZZ-0000-0000-0000-0000").body))
            answers.insert(Self.message(try await loginPortal(attacker, code: "not a code at all").body))
            #expect(answers.count == 1, "\(answers)")
            for i in 0..<60 {
                _ = try await loginPortal(attacker, code: String(format: "%04d-0000-0000-0000-%04d", i, i))
            }
            // The holder of the right code is not locked out.
            #expect(try await loginPortal(TestBrowser(app), code: code).location == "/portaal/melding")
        }
    }

    @Test("A code stored with the old scrypt hash still opens its report, and is rewritten as a keyed hash", arguments: TestDatabase.all)
    func legacyReceiptHash(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let code = try await submitReport(TestBrowser(app), Self.anonymousToExternal)
            let report = try #require(try await Report.query(on: app.db).first())
            #expect(report.receiptHash.hasPrefix("hmac$v1$"))
            report.receiptHash = try ReceiptHasher(logN: 10).hash(try #require(ReceiptCode(typed: code)).characters)
            try await report.save(on: app.db)
            #expect(try await loginPortal(TestBrowser(app), code: "\(code.prefix(5))0000-0000-0000-0000").status == .unauthorized)
            #expect(try await loginPortal(TestBrowser(app), code: code).location == "/portaal/melding")
            let rewritten = try #require(try await Report.find(try report.requireID(), on: app.db))
            #expect(rewritten.receiptHash.hasPrefix("hmac$v1$"))
            #expect(try await loginPortal(TestBrowser(app), code: code).location == "/portaal/melding")
        }
    }

    /// The error message of a portal login page.
    static func message(_ body: String) -> String {
        TestBrowser.firstMatch(#"<p class="error"[^>]*>([^<]*)<"#, in: body) ?? TestBrowser.firstMatch(#"role="alert"[^>]*>([^<]*)<"#, in: body) ?? ""
    }

    @Test("Withdrawing is final; an anonymous reporter can give a name later, to the handler only", arguments: TestDatabase.all)
    func withdrawAndDisclose(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, Self.anonymousToExternal)
            try await loginPortal(reporter, code: code)
            try await reporter.get("/portaal/melding")
            let notConfirmed = try await reporter.post("/portaal/naam", ["name": "Anna de Wit"])
            #expect(notConfirmed.body.contains("Zet eerst het vinkje"))
            // An address with a line break is refused as the form refuses it; nothing changes.
            let badAddress = try await reporter.post("/portaal/naam", ["name": "Anna de Wit", "confirm": "ja",
                                                                        "email": "anna@example.org\r\nBcc: x@evil.example"])
            #expect(badAddress.status != .seeOther && badAddress.body.contains("e-mailadres"), "\(badAddress.status)")
            #expect(try await Report.query(on: app.db).first()?.identityMode == "anoniem")
            try await reporter.get("/portaal/melding")
            try await reporter.post("/portaal/naam", ["name": "Anna de Wit", "confirm": "ja"])
            let report = try #require(try await Report.query(on: app.db).first())
            #expect(report.identityMode == "vertrouwelijk")
            let identity = try ReportService.crypto(for: report, app: app)
                .open(ReportIdentity.self, from: try #require(report.identitySealed), purpose: .identity)
            #expect(identity.name == "Anna de Wit")

            try await reporter.get("/portaal/melding")
            try await reporter.post("/portaal/intrekken", ["confirm": "ja"])
            let portal = try await reporter.get("/portaal/melding")
            #expect(portal.body.contains("Ingetrokken door jou."))
            let late = try await reporter.post("/portaal/bericht", ["text": "nog iets"])
            #expect(late.status == .conflict)
        }
    }

    @Test("Administrators manage the organisation but cannot read reports", arguments: TestDatabase.all)
    func administratorsCannotRead(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await submitReport(TestBrowser(app), Self.anonymousToExternal)
            try await createStaff(app, username: "beheer", role: .administrator).with(personID: "vp-extern", app: app)
            let admin = TestBrowser(app)
            try await signIn(admin, username: "beheer")
            let adminInbox = try await admin.get("/werkruimte")
            // Positive control: the administrator is signed in and sees a workspace.
            #expect(adminInbox.status == .ok)
            #expect(!adminInbox.body.contains("/werkruimte/meldingen/"))
            let id = try #require(try await Report.query(on: app.db).first()?.requireID())
            #expect(try await admin.get("/werkruimte/meldingen/\(id)").status == .notFound)
            // Positive control: a functionary with the same person reads the report, from the inbox's link.
            let advisor = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            #expect(try await advisor.get("/werkruimte").body.contains("/werkruimte/meldingen/\(id)"))
            #expect(try await advisor.get("/werkruimte/meldingen/\(id)").status == .ok)
        }
    }
}

extension StaffUser {
    /// Links a test account to a person in the organisation.
    @discardableResult
    func with(personID: String, app: Application) async throws -> StaffUser {
        self.personID = personID
        try await save(on: app.db)
        return self
    }
}

@Suite("Oral reports recorded by an advisor")
struct OralReportTests {
    @Test("The advisor records a melding on the reporter's behalf; the reporter approves the record", arguments: TestDatabase.all)
    func oralReport(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "wijnberg").with(personID: "vp-fractie-1", app: app)
            try await createStaff(app, username: "hr", role: .functionary).with(personID: "hr-1", app: app)
            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "wijnberg")
            try await advisor.get("/werkruimte/mondeling")
            let missing = try await advisor.post("/werkruimte/mondeling", ["kind": "melding", "mode": "vertrouwelijk", "summary": "Intimidatie"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains(">Intimidatie</textarea>"))
            let done = try await advisor.post("/werkruimte/mondeling", [
                "kind": "melding", "mode": "vertrouwelijk", "name": "Sam de Boer", "summary": "Intimidatie door een collega",
                "record": "Gesprek van 10 november: Sam vertelt over de intimidatie in de fractiekamer."])
            let code = try #require(TestBrowser.firstMatch(#"id="receipt-code">([0-9A-Z-]+)<"#, in: done.body))
            let report = try #require(try await Report.query(on: app.db).first())
            #expect(report.handlerPersonID == "vp-fractie-1")

            let reporter = TestBrowser(app)
            try await loginPortal(reporter, code: code)
            let portal = try await reporter.get("/portaal/melding")
            #expect(portal.body.contains("Sam vertelt over de intimidatie in de fractiekamer."))
            let recordID = try #require(TestBrowser.firstMatch(#"action="/portaal/verslag/([0-9A-F-]+)""#, in: portal.body))
            try await reporter.post("/portaal/verslag/\(recordID)", ["decision": "verbeteren", "comment": "Het was op 9 november."])
            #expect(try await ReportRecord.query(on: app.db).first()?.state == "correctie-gevraagd")

            // Someone who is not a confidential advisor cannot record oral reports.
            let hr = TestBrowser(app)
            try await signIn(hr, username: "hr")
            #expect(try await hr.get("/werkruimte/mondeling").status == .forbidden)
        }
    }
}

@Suite("E-mail notices")
struct NoticeTests {
    @Test("A reporter who gave an address gets a generic notice, without content or code, only then", arguments: TestDatabase.all)
    func genericNotice(database: TestDatabase) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-mail-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outbox = (dir as NSString).appendingPathComponent("outbox")
        let script = (dir as NSString).appendingPathComponent("sendmail")
        try "#!/bin/sh\necho \"ARGS: $*\" >> \(outbox)\ncat >> \(outbox)\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try await withTestApp(database, adjust: { $0.sendmailPath = script }) { app in
            let secret = "GEHEIMEINHOUD\(UUID().uuidString.prefix(8))"
            let code = try await submitReport(TestBrowser(app), [
                ("kind", "melding"), ("mode", "vertrouwelijk"), ("recipient", "vp:vp-extern"), ("whatHappened", secret),
                ("name", "Iris Bakker"), ("email", "iris@example.org"),
            ])
            try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal)  // no address: no notice
            try await createStaff(app, username: "kerkhoven").with(personID: "vp-extern", app: app)
            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "kerkhoven")
            for report in try await Report.query(on: app.db).all() {
                try await advisor.get("/werkruimte/meldingen/\(try report.requireID())")
                try await advisor.post("/werkruimte/meldingen/\(try report.requireID())/bericht", ["text": "Antwoord met \(secret)"])
            }
            #expect(try await OutgoingNotice.query(on: app.db).count() == 1)
            #expect(try await MailQueue.send(app: app) == 1)
            let mail = try String(contentsOfFile: outbox, encoding: .utf8)
            #expect(mail.contains("ARGS: -i -- iris@example.org"))
            #expect(mail.contains("Er is nieuws over je melding. Log in met je code om het te lezen."))
            #expect(!mail.contains(secret))
            #expect(!mail.contains(code) && !mail.contains("Iris"))
            #expect(try await MailQueue.send(app: app) == 0)  // sent once
            // Positive control: the code opens the report the notice is about, whose portal shows the
            // handler's message with the secret, and the handler's page shows the name.
            let portal = TestBrowser(app)
            #expect(try await loginPortal(portal, code: code).location == "/portaal/melding")
            #expect(try await portal.get("/portaal/melding").body.contains("Antwoord met \(secret)"))
            let named = try #require(try await Report.query(on: app.db).all().first { $0.identityMode == "vertrouwelijk" })
            #expect(try await advisor.get("/werkruimte/meldingen/\(try named.requireID())").body.contains("Iris Bakker"))
        }
    }
}

@Suite("Staff reporting under their own name")
struct OwnReportTests {
    @Test("A named staff reporter reaches the report through the account; others cannot", arguments: TestDatabase.all)
    func ownReports(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await createStaff(app, username: "bode")
            try await createStaff(app, username: "collega")
            let staff = TestBrowser(app)
            try await signIn(staff, username: "bode")
            try await OwnReports.resealAll(app: app)
            let before = try #require(try await StaffUser.query(on: app.db).filter(\.$username == "bode").first())
            try await submitReport(staff, [
                ("kind", "melding"), ("mode", "met-naam"), ("recipient", "centraal-meldpunt"), ("name", "Bo de Bode"),
                ("whatHappened", "Een bezoeker bedreigde mij bij de ingang."), ("linkAccount", "on"),
            ])
            let user = try #require(try await StaffUser.query(on: app.db).filter(\.$username == "bode").first())
            #expect(user.ownReportsSealed?.hasPrefix("v1:") == true)
            // Issue 16: nothing in the account links it to the report — not its time stamp, and not the
            // size of the sealed list, which equals a colleague's empty one.
            #expect(user.updatedAt == before.updatedAt)
            let colleague = try #require(try await StaffUser.query(on: app.db).filter(\.$username == "collega").first())
            #expect(user.ownReportsSealed?.count == colleague.ownReportsSealed?.count)
            #expect(user.ownReportsSealed != before.ownReportsSealed)
            let id = try #require(try await Report.query(on: app.db).first()?.requireID())
            #expect(!(user.ownReportsSealed ?? "").contains(id.uuidString))
            // Positive control: the sealed list does hold the report's id.
            #expect(try OwnReports.ids(of: user, keys: app.keyVault) == [id])
            let list = try await staff.get("/werkruimte/mijn-meldingen")
            #expect(list.body.contains("/werkruimte/mijn-meldingen/\(id)"))
            let opened = try await staff.post("/werkruimte/mijn-meldingen/\(id)", [:])
            #expect(opened.location == "/portaal/melding")
            #expect(try await staff.get("/portaal/melding").body.contains("Een bezoeker bedreigde mij bij de ingang."))

            try await createStaff(app, username: "ander")
            let other = TestBrowser(app)
            try await signIn(other, username: "ander")
            let otherList = try await other.get("/werkruimte/mijn-meldingen")
            // Positive control: the other account's own list page is shown, not a redirect.
            #expect(otherList.status == .ok)
            #expect(!otherList.body.contains(id.uuidString))
            #expect(try await other.post("/werkruimte/mijn-meldingen/\(id)", [:]).status == .notFound)

            // Rotation keeps the link.
            try await KeyRotation.rotate(app: app, removeOld: true, settle: .zero)
            try await OwnReports.resealAll(app: app)
            let rotated = try #require(try await StaffUser.query(on: app.db).filter(\.$username == "bode").first())
            #expect(try OwnReports.ids(of: rotated, keys: app.keyVault) == [id])
        }
    }
}
