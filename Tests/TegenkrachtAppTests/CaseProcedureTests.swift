import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

@Suite("Procedure timeline on a complaint")
struct CaseProcedureTests {
    @Test("A complaint follows the Klachtenregeling: events in order, due dates, extensions with reasons to the parties",
          arguments: TestDatabase.all)
    func complaintTimeline(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "klachtencommissie"), ("name", "Kim Klager"),
                ("whatHappened", "Mijn chef kleineert mij al maanden in het teamoverleg."), ("when", "januari tot maart 2026"),
                ("accused0Name", "E. Chef"), ("accused0Function", "teamleider"),
            ])
            try await createStaff(app, username: "secretaris").with(personID: "kc-secretaris", app: app)
            let secretary = TestBrowser(app)
            try await signIn(secretary, username: "secretaris")
            let report = try #require(try await Report.query(on: app.db).first())
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            let page = try await secretary.get(path)
            #expect(page.body.contains("Procedure: Klachtenregeling ongewenste omgangsvormen"))
            // Positive control for the dashboard check below: the case's own page does show the content.
            #expect(page.body.contains("kleineert"))
            let received = ReportService.localDate(report.submittedAt, app: app)
            #expect(page.body.contains("<tr id=\"step-klacht-indienen\"><td>Klacht indienen</td><td>klager</td><td>\(received.inDutch)</td>"))

            func record(_ event: String, _ date: String, reason: String = "") async throws -> TestBrowser.Page {
                try await secretary.get(path)
                return try await secretary.post("\(path)/procedure", ["event": event, "date": date, "reason": reason])
            }
            // Complete only after the committee asked for documents (art. 9 lid 3, art. 10 lid 1).
            #expect(try await record("compleet", received.adding(days: 3).iso).status == .unprocessableEntity)
            #expect(try await record("aanvulling-gevraagd", received.adding(days: 1).iso).status == .seeOther)
            #expect(try await record("compleet", received.adding(days: 3).iso).status == .seeOther)
            // Admissibility is due two weeks after completeness (moved off weekends and holidays).
            let dueAdmissibility = AlgemeneTermijnenwet.termEnd(received.adding(days: 3 + 14))
            #expect(try await secretary.get(path).body.contains("<td>\(dueAdmissibility.inDutch)</td>"))
            // Advice before admissibility is refused.
            let refused = try await record("advies", received.adding(days: 4).iso, reason: "corrigerend")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("past niet in de volgorde van de procedure"))
            #expect(try await record("ontvankelijk", received.adding(days: 10).iso).status == .seeOther)
            let dueAdvice = AlgemeneTermijnenwet.termEnd(received.adding(days: 10 + 56))
            #expect(try await secretary.get(path).body.contains("<td>\(dueAdvice.inDutch)</td>"))
            // The advice needs its kind (art. 12 lid 5).
            #expect(try await record("advies", received.adding(days: 40).iso).status == .unprocessableEntity)
            #expect(try await record("advies", received.adding(days: 40).iso, reason: "corrigerend").status == .seeOther)
            // An extension needs a reason, which goes to the complainant.
            // The extension's date is its new last day: at most four weeks after the statutory end.
            #expect(try await record("verdaagd", received.adding(days: 40 + 56).iso).status == .unprocessableEntity)
            let tooLong = try await record("verdaagd", received.adding(days: 40 + 57).iso, reason: "Het bevoegd gezag wil eerst beide partijen spreken.")
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.body.contains("ten hoogste vier weken"))
            #expect(try await record("verdaagd", received.adding(days: 40 + 56).iso, reason: "Het bevoegd gezag wil eerst beide partijen spreken.").status == .seeOther)
            let dueDecision = AlgemeneTermijnenwet.termEnd(received.adding(days: 40 + 56))
            #expect(try await secretary.get(path).body.contains("<td>\(dueDecision.inDutch)</td>"))

            // Letters from templates, with the dates of this case.
            let letter = try await secretary.get("\(path)/brief/begeleidende-brief-advies")
            #expect(letter.body.contains("uiterlijk op \(dueDecision.inDutch) (artikel 13, eerste lid)"))
            #expect(letter.body.contains("Kim Klager"))
            let extensionLetter = try await secretary.get("\(path)/brief/verdaging")
            #expect(extensionLetter.body.contains("tot uiterlijk \(dueDecision.inDutch) (artikel 13, derde lid"))
            #expect(extensionLetter.body.contains("De reden hiervoor is: Het bevoegd gezag wil eerst beide partijen spreken."))
            // Art. 11 lid 4: the letter states the term the committee set for further documents.
            let invitationBefore = try await secretary.get("\(path)/brief/uitnodiging-hoorzitting")
            #expect(invitationBefore.body.contains("[datum die de commissie stelt]"))
            #expect(!invitationBefore.body.contains("een week voor de hoorzitting"))
            #expect(try await record("termijn-nadere-stukken", received.adding(days: 20).iso).status == .seeOther)
            let invitation = try await secretary.get("\(path)/brief/uitnodiging-hoorzitting")
            #expect(invitation.body.contains("tot en met \(app.localisation.localizer(.dutch).longDate(received.adding(days: 20))) indienen"))
            #expect(invitation.body.contains("Mr. A.J. (Annelies) Verhoeckx (voorzitter klachtencommissie), Pieter Zandvliet, Marieke Tolhuis"))
            #expect(invitation.body.contains("Secretaris is Joost Overbeek."))
            #expect(try await secretary.get("\(path)/brief/onbekend").status == .notFound)

            // The dashboard shows the running decision deadline, and nothing of the content.
            let dashboard = try await secretary.get("/werkruimte/termijnen")
            #expect(dashboard.body.contains("<td>\(dueDecision.inDutch)</td><td>Beslissing van het bevoegd gezag</td>"))
            #expect(!dashboard.body.contains("kleineert"))

            try await loginPortal(reporter, code: code)
            let portal = try await reporter.get("/portaal/melding")
            #expect(portal.body.contains("Reden: Het bevoegd gezag wil eerst beide partijen spreken."))
            // The complainant sees the committee's own dates, never the Wbk's.
            let t = app.localisation.localizer(.dutch)
            #expect(portal.body.contains("Het bevoegd gezag beslist uiterlijk op \(t.longDate(dueDecision)) over het advies."))
            #expect(!portal.body.contains("wat er met je melding gebeurt"))
            #expect(try await ProcedureEventRecord.query(on: app.db).count() == 6)
            // Positive control: an acknowledged Wbk report's portal does say "wat er met je melding gebeurt".
            let wbkReporter = TestBrowser(app)
            let wbkCode = try await submitReport(wbkReporter, [
                ("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt"), ("wrongdoing", "on"),
                ("whatHappened", "Facturen worden dubbel betaald aan een bevriend bedrijf."), ("when", "dit jaar"),
            ])
            let wbkReport = try #require(try await Report.query(on: app.db).filter(\.$wrongdoing == true).first())
            try await AcknowledgeReport.run(wbkReport, by: .staff(UUID()), app: app, db: app.db)
            try await loginPortal(wbkReporter, code: wbkCode)
            #expect(try await wbkReporter.get("/portaal/melding").body.contains("wat er met je melding gebeurt"))
        }
    }
}

@Suite("Deadline reminders")
struct DeadlineReminderTests {
    @Test("Handlers are reminded at the lead times, once, in the app and by e-mail without content", arguments: TestDatabase.all)
    func reminders(database: TestDatabase) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-remind-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outbox = (dir as NSString).appendingPathComponent("outbox")
        let script = (dir as NSString).appendingPathComponent("sendmail")
        try "#!/bin/sh\ncat >> \(outbox)\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try await withTestApp(database, adjust: { $0.sendmailPath = script }) { app in
            try await submitReport(TestBrowser(app), [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "klachtencommissie"), ("name", "Kim Klager"),
                ("whatHappened", "GEHEIM: de chef kleineert mij."), ("when", "maart 2026"), ("accused0Name", "E. Chef"),
            ])
            let secretary = try await createStaff(app, username: "secretaris").with(personID: "kc-secretaris", app: app)
            secretary.email = "secretaris@example.org"
            try await secretary.save(on: app.db)
            let report = try #require(try await Report.query(on: app.db).first())
            let received = ReportService.localDate(report.submittedAt, app: app)
            // The first running deadline: two weeks for missing documents.
            let due = received.adding(days: 14)
            let dueEnd = AlgemeneTermijnenwet.termEnd(due)
            #expect(try await DeadlineReminders.run(app: app, today: dueEnd.adding(days: -10)) == 0)
            let created = try await DeadlineReminders.run(app: app, today: dueEnd.adding(days: -4))
            #expect(created == 2)  // the chair and the secretary
            #expect(try await DeadlineReminders.run(app: app, today: dueEnd.adding(days: -3)) == 0)  // once per lead time
            #expect(try await DeadlineReminders.run(app: app, today: dueEnd.adding(days: -1)) == 2)  // the 1-day reminder
            // The mail goes out with the notices job (MailQueue): only the secretary has an address.
            #expect(try await MailQueue.send(app: app) == 2)
            #expect(try await MailQueue.send(app: app) == 0)  // once
            let mail = try String(contentsOfFile: outbox, encoding: .utf8)
            #expect(mail.contains("To: secretaris@example.org"))
            #expect(mail.contains("Op \(dueEnd.inDutch) loopt een termijn af"))
            #expect(!mail.contains("GEHEIM") && !mail.contains("Kim"))

            let browser = TestBrowser(app)
            try await signIn(browser, username: "secretaris")
            let workspace = try await browser.get("/werkruimte")
            // The deadline is two weeks from today, so the reminder is still current.
            #expect(workspace.body.contains("Er loopt een termijn af op \(dueEnd.inDutch)"))
            // Positive control for the mail check above: the case page shows the content and the name.
            let casePage = try await browser.get("/werkruimte/meldingen/\(try report.requireID())")
            #expect(casePage.body.contains("GEHEIM") && casePage.body.contains("Kim Klager"))
        }
    }
}

@Suite("Complaints about MPs to the College")
struct CollegeComplaintTests {
    @Test("A complaint to the College follows the Gedragscode procedure; refusals take a coded reason", arguments: TestDatabase.all)
    func collegeComplaint(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Without a postal address the form says what the College requires, and keeps what was typed.
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            let missing = try await browser.postMultipart("/melden", [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "college-onderzoek-integriteit"), ("name", "Klaas Klager"),
                ("whatHappened", "Het Kamerlid heeft twee nevenfuncties niet geregistreerd."), ("when", "november 2021"),
                ("accused0Name", "Kamerlid X")], files: [])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("voldoet niet aan formele vereisten"))
            #expect(missing.body.contains("twee nevenfuncties niet geregistreerd"))
            try await submitReport(TestBrowser(app), [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "college-onderzoek-integriteit"), ("name", "Klaas Klager"),
                ("postalAddress", "Lange Poten 4, 2511 CL Den Haag"),
                ("whatHappened", "Het Kamerlid heeft twee nevenfuncties niet geregistreerd."), ("when", "november 2021"),
                ("accused0Name", "Kamerlid X"), ("integrity", "on"),
            ])
            try await createStaff(app, username: "college").with(personID: "coi-voorzitter", app: app)
            try await createStaff(app, username: "secretaris").with(personID: "kc-secretaris", app: app)
            let member = TestBrowser(app)
            try await signIn(member, username: "college")
            let report = try #require(try await Report.query(on: app.db).first())
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            let page = try await member.get(path)
            #expect(page.body.contains("Procedure: College van onderzoek integriteit"))
            #expect(page.body.contains("betreft-gedraging-voor-1-april-2021"))
            // The committee's secretary has no access to the College's cases.
            let secretary = TestBrowser(app)
            try await signIn(secretary, username: "secretaris")
            #expect(try await secretary.get(path).status == .notFound)

            let received = ReportService.localDate(report.submittedAt, app: app)
            try await member.get(path)
            let uncoded = try await member.post("\(path)/procedure", ["event": "niet-ontvankelijk", "date": received.iso, "reason": "past niet"])
            #expect(uncoded.status == .unprocessableEntity)
            #expect(uncoded.body.contains("een van de codes van het College"))
            try await member.get(path)
            #expect(try await member.post("\(path)/procedure", ["event": "ontvankelijk", "date": received.iso]).status == .seeOther)
            try await member.get(path)
            #expect(try await member.post("\(path)/procedure", ["event": "weigert-medewerking", "date": received.iso]).status == .seeOther)
            let after = try await member.get(path)
            #expect(after.body.contains("Procedure: kamerlid weigert medewerking"))
            // The College's own letters, with its reference and signature; the complainant's postal address.
            let acknowledgement = try await member.get("\(path)/brief/ontvangstbevestiging")
            #expect(acknowledgement.body.contains("Klaas Klager, Lange Poten 4, 2511 CL Den Haag"))
            #expect(acknowledgement.body.contains("College van onderzoek integriteit") && acknowledgement.body.contains("COI-"))
            #expect(!acknowledgement.body.contains("Klachtencommissie ongewenste omgangsvormen, namens deze"))
            // Positive control: the committee's own acknowledgement letter does carry that signature.
            try await submitReport(TestBrowser(app), [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "klachtencommissie"), ("name", "Kim Klager"),
                ("whatHappened", "Mijn chef kleineert mij in het teamoverleg."), ("when", "maart 2026"), ("accused0Name", "E. Chef"),
            ])
            let committeeReport = try #require(try await Report.query(on: app.db).filter(\.$recipientKind == "klachtencommissie").first())
            let committeeLetter = try await secretary.get("/werkruimte/meldingen/\(try committeeReport.requireID())/brief/ontvangstbevestiging")
            #expect(committeeLetter.status == .ok && committeeLetter.body.contains("Klachtencommissie ongewenste omgangsvormen, namens deze"))
            let admitted = try await member.get("\(path)/brief/besluit-ontvankelijkheid")
            #expect(admitted.body.contains("besloten uw klacht in behandeling te nemen"))
            let questions = try await member.get("\(path)/brief/vragen-kamerlid")
            #expect(questions.body.contains("Kamerlid X") && questions.body.contains("artikel 8, tweede lid"))

            // Art. 8 lid 2: the MP followed the Adviseur's advice; hearing needs a reasoned decision first.
            func record(_ event: String, reason: String = "") async throws -> TestBrowser.Page {
                try await member.get(path)
                return try await member.post("\(path)/procedure", ["event": event, "date": received.iso, "reason": reason])
            }
            #expect(try await record("advies-opgevolgd").status == .seeOther)
            let blocked = try await record("gehoord")
            #expect(blocked.status == .unprocessableEntity)
            #expect(blocked.body.contains("gemotiveerd besluit"))
            #expect(try await record("onderzoek-gemotiveerd", reason: "Het advies ging over een andere nevenfunctie.").status == .seeOther)
            #expect(try await record("gehoord").status == .seeOther)
            #expect(try await record("concept-bevindingen").status == .seeOther)
            #expect(try await record("rapportage").status == .seeOther)
            let notice = try await member.get("\(path)/brief/rapportage-kamerlid")
            #expect(notice.body.contains("in beroep gaan") && notice.body.contains("tijdelijk college"))
            #expect(try await member.get("\(path)/brief/begeleidende-brief").body.contains("het Presidium maakt de rapportage openbaar"))
            // The appeal: forwarding to the House waits for the temporary college.
            #expect(try await record("beroep").status == .seeOther)
            let early = try await record("doorgeleid")
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.contains("tijdelijk college over het beroep heeft beslist"))
            #expect(try await record("beroep-beslist").status == .seeOther)
            #expect(try await record("doorgeleid").status == .seeOther)
        }
    }
}
