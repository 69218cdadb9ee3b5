import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// Issue 13: every reporter sees the dates of the procedure their report follows, and no other.
@Suite("Each reporter's own clock")
struct ReporterClockTests {
    static let bullying: [(String, String)] = [
        ("kind", "melding"), ("mode", "anoniem"), ("recipient", "vp:vp-extern"),
        ("whatHappened", "Mijn leidinggevende schreeuwt in het overleg."), ("when", "sinds maart"),
    ]

    @Test("Advisor, wrongdoing, committee and College: the confirmation, the portal and the handler page agree",
          arguments: TestDatabase.all)
    func threeReporters(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let t = app.localisation.localizer(.dutch)
            let today = app.today

            // A bullying report to an advisor: the advisors' agreement, said to be one, and no Wbk.
            let advisorReporter = TestBrowser(app)
            try await advisorReporter.get("/melden")
            let advisorConfirmation = try await advisorReporter.postMultipart("/melden", Self.bullying, files: [])
            let firstContact = AlgemeneTermijnenwet.termEnd(today.adding(days: 7))
            #expect(advisorConfirmation.body.contains("neemt uiterlijk op \(t.longDate(firstContact)) contact met je op"))
            #expect(advisorConfirmation.body.contains("geen wettelijke termijn"))
            #expect(!advisorConfirmation.body.contains("bevestiging dat je melding in behandeling is"))
            // The Wbk confirmation's actual wording (the text above is the unused key intake.done.next).
            #expect(!advisorConfirmation.body.contains("dat je melding in behandeling is"))

            // A suspected wrongdoing: the Wbk's seven days.
            let wrongdoingReporter = TestBrowser(app)
            let wrongdoingCode = try await submitReport(wrongdoingReporter, [
                ("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt"), ("wrongdoing", "on"),
                ("whatHappened", "Facturen worden dubbel betaald aan een bevriend bedrijf."), ("when", "dit jaar"),
            ])
            // Positive control for the advisor's confirmation above: the Wbk confirmation does promise the acknowledgement.
            #expect(wrongdoingReporter.lastBody.contains("dat je melding in behandeling is"))
            let wrongdoingPortal = TestBrowser(app)
            try await loginPortal(wrongdoingPortal, code: wrongdoingCode)
            let wbkPage = try await wrongdoingPortal.get("/portaal/melding")
            #expect(wbkPage.body.contains("De behandelaar bevestigt uiterlijk op \(t.longDate(AlgemeneTermijnenwet.termEnd(today.adding(days: 7))))"))

            // The same central point without a wrongdoing: no legal term, and no date at all.
            let plainCode = try await submitReport(TestBrowser(app), [
                ("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt"),
                ("whatHappened", "Een collega neemt kantoorspullen mee naar huis."), ("when", "vorige week"),
            ])
            let plainPortal = TestBrowser(app)
            try await loginPortal(plainPortal, code: plainCode)
            let plainPage = try await plainPortal.get("/portaal/melding")
            #expect(plainPage.body.contains(t.text("clock.none")))
            #expect(!plainPage.body.contains("uiterlijk op"))

            // A complaint to the committee: two weeks to decide on admissibility, from filing.
            let complaintCode = try await submitReport(TestBrowser(app), [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "klachtencommissie"), ("name", "Kim Klager"),
                ("whatHappened", "Mijn chef kleineert mij al maanden in het teamoverleg."), ("when", "januari tot maart 2026"),
                ("accused0Name", "E. Chef"),
            ])
            let complaintPortal = TestBrowser(app)
            try await loginPortal(complaintPortal, code: complaintCode)
            let complaintPage = try await complaintPortal.get("/portaal/melding")
            let admissibility = AlgemeneTermijnenwet.termEnd(today.adding(days: 14))
            #expect(complaintPage.body.contains("De klachtencommissie beslist uiterlijk op \(t.longDate(admissibility))"))
            #expect(!complaintPage.body.contains("bevestigt uiterlijk"))
            // The optional repair term is not the complainant's step unless the committee sets it.
            #expect(!complaintPage.body.contains(t.text("step.klachtenregeling-oo.stukken-aanvullen")))

            // A complaint to the College: no fixed term, and no date.
            let collegeCode = try await submitReport(TestBrowser(app), [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "college-onderzoek-integriteit"), ("name", "Klaas Klager"),
                ("postalAddress", "Lange Poten 4, 2511 CL Den Haag"),
                ("whatHappened", "Het Kamerlid heeft twee nevenfuncties niet geregistreerd."), ("when", "november 2025"),
                ("accused0Name", "Kamerlid X"), ("integrity", "on"),
            ])
            let collegePortal = TestBrowser(app)
            try await loginPortal(collegePortal, code: collegeCode)
            let collegePage = try await collegePortal.get("/portaal/melding")
            #expect(collegePage.body.contains(t.text("clock.noTerms")))
            #expect(collegePage.body.contains(t.text("clock.typical.few")))
            #expect(!collegePage.body.contains("uiterlijk op"))

            // The advisor's inbox and case page show the agreement's date, not a Wbk term.
            try await createStaff(app, username: "extern").with(personID: "vp-extern", app: app)
            let advisor = TestBrowser(app)
            try await signIn(advisor, username: "extern")
            let inbox = try await advisor.get("/werkruimte")
            #expect(inbox.body.contains("<td>\(firstContact.inDutch)"))
            let report = try #require(try await Report.query(on: app.db).filter(\.$recipientKind == "vertrouwenspersoon").first())
            #expect(report.wrongdoing == false)
            let casePage = try await advisor.get("/werkruimte/meldingen/\(try report.requireID())")
            #expect(casePage.body.contains("\(firstContact.inDutch) (afspraak, geen wettelijke termijn)"))
            #expect(!casePage.body.contains("step-terugkoppeling"))
            // Positive control: the wrongdoing report's case page, read by the central point, does list the Wbk feedback step.
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            let wbkReport = try #require(try await Report.query(on: app.db).filter(\.$wrongdoing == true).first())
            let wbkCasePage = try await coordinator.get("/werkruimte/meldingen/\(try wbkReport.requireID())")
            #expect(wbkCasePage.status == .ok && wbkCasePage.body.contains("step-terugkoppeling"))
        }
    }

    @Test("An inadmissible complaint (art. 10 lid 4): advice, decision with reasons, a letter, and no advice term after it",
          arguments: TestDatabase.all)
    func inadmissibleComplaint(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reporter = TestBrowser(app)
            let code = try await submitReport(reporter, [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "klachtencommissie"), ("name", "Kim Klager"),
                ("whatHappened", "Mijn chef kleineert mij in het teamoverleg."), ("when", "2023"), ("accused0Name", "E. Chef"),
            ])
            try await createStaff(app, username: "secretaris").with(personID: "kc-secretaris", app: app)
            let secretary = TestBrowser(app)
            try await signIn(secretary, username: "secretaris")
            let report = try #require(try await Report.query(on: app.db).first())
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            let today = app.today
            func record(_ event: String, _ date: LocalDate, reason: String = "") async throws -> TestBrowser.Page {
                try await secretary.get(path)
                return try await secretary.post("\(path)/procedure", ["event": event, "date": date.iso, "reason": reason])
            }
            #expect(try await record("advies-niet-ontvankelijk", today).status == .seeOther)
            // Admissible now contradicts the advice; the advice term never starts.
            let contradictory = try await record("ontvankelijk", today)
            #expect(contradictory.status == .unprocessableEntity)
            #expect(try await secretary.get(path).body.contains("step-besluit-niet-ontvankelijk"))
            // The decision needs its reasons, which reach the complainant.
            #expect(try await record("niet-ontvankelijk", today).status == .unprocessableEntity)
            #expect(try await record("niet-ontvankelijk", today, reason: "Het gedrag vond meer dan een jaar voor de indiening plaats.").status == .seeOther)
            let letter = try await secretary.get("\(path)/brief/besluit-niet-ontvankelijk")
            #expect(letter.status == .ok)
            #expect(letter.body.contains("De redenen: Het gedrag vond meer dan een jaar voor de indiening plaats."))
            try await loginPortal(reporter, code: code)
            let portal = try await reporter.get("/portaal/melding")
            #expect(portal.body.contains("beslist dat je klacht niet-ontvankelijk is"))
            #expect(!portal.body.contains("haar advies aan het bevoegd gezag"))
            // Nothing runs: no reminder, nothing on the deadline dashboard.
            #expect(try await DeadlineReminders.run(app: app) == 0)
            // The registry counts it as inadmissible, a row of the committee's annual report (art. 14).
            await Outbox.drain(app: app)
            let entry = try #require(try await RegistryEntry.query(on: app.db).filter(\.$channel == "klachtencommissie").first())
            #expect(entry.outcome == "niet-ontvankelijk")
        }
    }

    /// The hidden fields of one form on a page, unescaped, without the CSRF token (the browser adds its own).
    static func hiddenFields(_ body: String, form id: String) -> [(String, String)] {
        guard let form = body.components(separatedBy: "id=\"\(id)\"").dropFirst().first?.components(separatedBy: "</form>").first else { return [] }
        func unescaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }
        return form.components(separatedBy: "<input type=\"hidden\" name=\"").dropFirst().compactMap { rest in
            let parts = rest.components(separatedBy: "\" value=\"")
            guard parts.count >= 2, let value = parts[1].components(separatedBy: "\">").first, parts[0] != "_csrf" else { return nil }
            return (parts[0], unescaped(value))
        }
    }

    static func listItems(_ body: String, id: String) -> [String] {
        guard let list = body.components(separatedBy: "id=\"\(id)\">").dropFirst().first?.components(separatedBy: "</ul>").first else { return [] }
        return list.components(separatedBy: "<li>").dropFirst().compactMap { $0.components(separatedBy: "</li>").first }
    }

    @Test("The confirmation and the portal name the same readers, for every kind of recipient; a member with a conflict is not among them, the deputy is (issue 15)",
          arguments: TestDatabase.all)
    func sameReaders(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let reports: [[(String, String)]] = [
                [("kind", "melding"), ("mode", "met-naam"), ("name", "Sam Melder"), ("recipient", "vp:vp-extern")],
                [("kind", "melding"), ("mode", "anoniem"), ("recipient", "centraal-meldpunt")],
                [("kind", "klacht"), ("mode", "met-naam"), ("name", "Kim Klager"), ("recipient", "klachtencommissie"), ("accused0Name", "Pieter Zandvliet")],
                [("kind", "klacht"), ("mode", "vertrouwelijk"), ("name", "Klaas Klager"), ("recipient", "college-onderzoek-integriteit"),
                 ("accused0Name", "Kamerlid X"), ("postalAddress", "Lange Poten 4, Den Haag")],
            ]
            for (index, fields) in reports.enumerated() {
                let reporter = TestBrowser(app)
                try await reporter.get("/melden")
                // Check your answers first: the readers are named before anything is sent, and the page
                // carries every answer on to the send form.
                let answers = fields + [("whatHappened", "Er gebeurde iets wat niet goed was."), ("when", "vorige maand")]
                let check = try await reporter.post("/melden/controleren", Dictionary(answers, uniquingKeysWith: { $1 }))
                #expect(check.status == .ok, "\(check.body.prefix(1500))")
                // Nothing is stored before it is sent.
                #expect(try await Report.query(on: app.db).count() == index)
                // Where the reporter chooses the second person, the chosen one is part of the promise.
                let beforeSending = Self.listItems(check.body, id: "check-readers")
                    + [TestBrowser.firstMatch(#" checked><label for="second-[^"]+">([^<]+)</label>"#, in: check.body)].compactMap { $0 }
                #expect(!beforeSending.isEmpty, "\(fields)")
                let carried = Self.hiddenFields(check.body, form: "check-send-form")
                #expect(carried.contains { $0 == ("whatHappened", "Er gebeurde iets wat niet goed was.") })
                let confirmation = try await reporter.postMultipart("/melden", carried, files: [])
                let code = try #require(TestBrowser.firstMatch(#"id="receipt-code">([0-9A-Z-]+)<"#, in: confirmation.body), "\(fields)")
                let promised = Self.listItems(confirmation.body, id: "confirmation-readers")
                #expect(!promised.isEmpty, "\(fields)")
                #expect(promised == beforeSending, "\(fields)")
                try await loginPortal(reporter, code: code)
                let portal = try await reporter.get("/portaal/melding")
                #expect(Self.listItems(portal.body, id: "portal-can-see") == promised, "\(fields)")
                if fields.contains(where: { $0.1 == "klachtencommissie" }) {
                    #expect(!promised.contains { $0.contains("Pieter Zandvliet") })
                    #expect(promised.contains { $0.contains("Gijs Nootenboom") })
                }
            }
        }
    }

    @Test("An escrowed report promises no date and no reader until a match", arguments: TestDatabase.all)
    func escrowedPromisesNothing(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let t = app.localisation.localizer(.dutch)
            let reporter = TestBrowser(app)
            try await reporter.get("/melden")
            let page = try await reporter.postMultipart("/melden", Self.bullying + [("accused0Name", "Erik Vlasblom"), ("escrow", "on")], files: [])
            #expect(page.body.contains(t.text("portal.escrow.held")))
            #expect(Self.listItems(page.body, id: "confirmation-readers") == [t.text("cansee.escrowed")])
            #expect(!page.body.contains("uiterlijk op"))
            // Positive control: the same report without escrow does promise a date.
            let plain = TestBrowser(app)
            try await plain.get("/melden")
            let plainPage = try await plain.postMultipart("/melden", Self.bullying + [("accused0Name", "Erik Vlasblom")], files: [])
            #expect(plainPage.status == .ok && plainPage.body.contains("uiterlijk op"))
        }
    }
}
