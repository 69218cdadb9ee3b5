import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 18, 6.5.1: the network of functionaries at /werkruimte/netwerk, for the integrity
/// coordinator: the roster from the organisation model, certificates with their reminders, the
/// training log, and the double-role review with a decision on each.
@Suite struct NetworkWebTests {
    static func coordinator(_ app: Application, username: String = "coordinator") async throws -> TestBrowser {
        let browser = TestBrowser(app)
        if try await StaffUser.query(on: app.db).filter(\.$username == username).first() == nil {
            try await createStaff(app, username: username).with(personID: "integriteitscoordinator", app: app)
        }
        try await signIn(browser, username: username)
        return browser
    }

    static func dateFields(_ prefix: String, _ day: LocalDate) -> [String: String] {
        ["\(prefix)Day": String(day.day), "\(prefix)Month": String(day.month), "\(prefix)Year": String(day.year)]
    }

    static func certificate(_ browser: TestBrowser, person: String, until: LocalDate, what: String = "Vertrouwenspersoon LVV") async throws -> TestBrowser.Page {
        try await browser.get(NetworkController.path)
        return try await browser.post("/werkruimte/netwerk/certificaat", ["person": person, "what": what].merging(dateFields("validUntil", until)) { a, _ in a })
    }

    @Test("The roster shows everyone in the network from the organisation model; an advisor without a valid certificate is shown as such; only the coordinator",
          arguments: TestDatabase.all)
    func roster(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = try await Self.coordinator(app)
            #expect(try await browser.get("/werkruimte").body.contains("id=\"network-link\""))
            let page = try await browser.get(NetworkController.path)
            #expect(page.status == .ok)
            for id in ["integriteitscoordinator", "vp-extern", "vp-fractie-1", "hr-1", "manager-ict", "bmw", "or-secretaris", "secretaris-noordstar"] {
                #expect(page.body.contains("id=\"member-\(id)\""), "\(id)")
            }
            #expect(page.body.contains("Sanne Wijnberg") && page.body.contains("070 318 31 01"))
            #expect(page.body.contains("id=\"cert-vp-fractie-1-missing\"") && page.body.contains("id=\"cert-vp-extern-missing\""))
            #expect(!page.body.contains("cert-hr-1-missing"), "HR needs no certificate")

            // A valid certificate, and one that has expired.
            let today = app.today
            #expect(try await Self.certificate(browser, person: "vp-fractie-1", until: today.adding(years: 3)).status == .seeOther)
            #expect(try await Self.certificate(browser, person: "vp-extern", until: today.adding(days: -1)).status == .seeOther)
            let after = try await browser.get(NetworkController.path)
            #expect(after.body.contains("id=\"cert-vp-fractie-1-valid\"") && after.body.contains("id=\"cert-vp-extern-expired\""))
            #expect(after.body.contains("id=\"cert-vp-ambtelijk-1-missing\""))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "network.certificate-record").count() == 2)

            // Refused: someone outside the network, no description, a date that does not exist (29 February 2027).
            try await browser.get(NetworkController.path)
            let stranger = try await browser.post("/werkruimte/netwerk/certificaat", ["person": "medewerker-ict", "what": "LVV"]
                .merging(Self.dateFields("validUntil", today.adding(years: 1))) { a, _ in a })
            #expect(stranger.status == .unprocessableEntity && stranger.body.contains("Kies iemand uit het netwerk"))
            try await browser.get(NetworkController.path)
            let leap = try await browser.post("/werkruimte/netwerk/certificaat", ["person": "vp-extern", "what": "LVV", "validUntilDay": "29",
                                                                                 "validUntilMonth": "2", "validUntilYear": "2027"])
            #expect(leap.status == .unprocessableEntity && leap.body.contains("id=\"certificate-errors\"") && leap.body.contains("value=\"29\""))
            #expect(try await NetworkCertificateRecord.query(on: app.db).count() == 2)

            // Nobody else: an advisor, HR.
            for (username, person) in [("adviseur", "vp-extern"), ("hr", "hr-1")] {
                let other = TestBrowser(app)
                try await createStaff(app, username: username).with(personID: person, app: app)
                try await signIn(other, username: username)
                #expect(try await other.get(NetworkController.path).status == .forbidden)
                #expect(!(try await other.get("/werkruimte")).body.contains("network-link"))
                try await other.get("/werkruimte")
                #expect(try await other.post("/werkruimte/netwerk/scholing", ["person": "vp-extern", "kind": "training", "description": "x"]
                    .merging(Self.dateFields("on", today)) { a, _ in a }).status == .forbidden)
            }
            #expect(try await NetworkTrainingRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("Certificate reminders: each (certificate, moment) made once, also with eight jobs at once; mailed to holder and coordinator with the date only",
          arguments: TestDatabase.all)
    func reminders(database: TestDatabase) async throws {
        let box = try MailDeliveryTests.mailbox()
        defer { try? FileManager.default.removeItem(atPath: box.dir) }
        let clock = FixedClock(TestClock.start)
        try await withTestApp(database, adjust: { $0.sendmailPath = box.script; $0.clock = clock }) { app in
            let coordinator = try await createStaff(app, username: "coordinator").with(personID: "integriteitscoordinator", app: app)
            coordinator.email = "coordinator@example.org"
            try await coordinator.save(on: app.db)
            let holder = try await createStaff(app, username: "wijnberg").with(personID: "vp-fractie-1", app: app)
            holder.email = "s.wijnberg@example.org"
            try await holder.save(on: app.db)
            let browser = try await Self.coordinator(app)
            let today = app.today
            // 20 days left: the 30-day moment; 60 days: the 90-day moment; ended yesterday: expired; 2 years: nothing yet.
            _ = try await Self.certificate(browser, person: "vp-fractie-1", until: today.adding(days: 20))
            _ = try await Self.certificate(browser, person: "vp-extern", until: today.adding(days: 60))
            _ = try await Self.certificate(browser, person: "vp-ambtelijk-1", until: today.adding(days: -1))
            _ = try await Self.certificate(browser, person: "vpi-1", until: today.adding(years: 2))
            // An old certificate of vp-extern that was replaced reminds no one.
            _ = try await Self.certificate(browser, person: "vp-extern", until: today.adding(days: 10), what: "Oud certificaat")
            #expect(try await NetworkCertificateRecord.query(on: app.db).count() == 5)

            let made = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { (try? await CertificateReminders.makeDue(app: app, db: app.db)) ?? -1 } }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(!made.contains(-1) && made.reduce(0, +) == 3)
            let rows = try await CertificateReminderRecord.query(on: app.db).all()
            #expect(Set(rows.map { "\($0.personID):\($0.moment)" }) == ["vp-fractie-1:30", "vp-extern:90", "vp-ambtelijk-1:verlopen"])
            #expect(try await CertificateReminders.makeDue(app: app, db: app.db) == 0)

            // Mailed: the holder with an address and the coordinator, each reminder once; nothing names anyone.
            let sent = try await MailQueue.send(app: app)
            #expect(sent == 4, "three reminders to the coordinator, one to the holder with an account")
            let mail = try String(contentsOfFile: box.outbox, encoding: .utf8)
            #expect(mail.contains("ARGS: -i -- s.wijnberg@example.org") && mail.contains("ARGS: -i -- coordinator@example.org"))
            #expect(mail.contains("Je certificaat dat in Tegenkracht staat") && mail.contains("verlopen"))
            #expect(!mail.contains("Wijnberg") && !mail.contains("Kerkhoven") && !mail.contains("LVV"))
            #expect(try await MailQueue.send(app: app) == 0)
            #expect(try await CertificateReminderRecord.query(on: app.db).all().allSatisfy { $0.mailedAt != nil })

            // 31 days later vp-extern's certificate reaches its 30-day moment: one new reminder, once.
            clock.advance(by: 31 * 86_400)
            #expect(try await CertificateReminders.makeDue(app: app, db: app.db) == 2, "vp-extern's 30 days; vp-fractie-1 expired")
            #expect(try await CertificateReminders.makeDue(app: app, db: app.db) == 0)
            // The job runs it.
            #expect(Jobs.all().contains { $0.name == "certificate-reminders" })
        }
    }

    @Test("The training log: training, intervision and case reviews by person and date; the future and an empty line are refused",
          arguments: TestDatabase.all)
    func training(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = try await Self.coordinator(app)
            let today = app.today
            try await browser.get(NetworkController.path)
            let logged = try await browser.post("/werkruimte/netwerk/scholing", ["person": "vp-fractie-1", "kind": "intervisie",
                                                                                "description": "Intervisie vertrouwenspersonen, derde kwartaal"]
                .merging(Self.dateFields("on", today.adding(days: -7))) { a, _ in a })
            #expect(logged.status == .seeOther)
            try await browser.get(NetworkController.path)
            #expect(try await browser.post("/werkruimte/netwerk/scholing", ["person": "bmw", "kind": "casusbespreking",
                                                                             "description": "Fictieve casus uit de oefenomgeving"]
                .merging(Self.dateFields("on", today)) { a, _ in a }).status == .seeOther)
            let page = try await browser.get(NetworkController.path)
            let log = try #require(page.body.firstRange(of: "id=\"training-log\"").map { String(page.body[$0.lowerBound...]) })
            #expect(log.contains("Intervisie vertrouwenspersonen, derde kwartaal") && log.contains("Casusbespreking") && log.contains("Sanne Wijnberg"))
            #expect(page.body.contains(app.localisation.localizer(.dutch).longDate(today.adding(days: -7))), "the last training in the roster")

            try await browser.get(NetworkController.path)
            let future = try await browser.post("/werkruimte/netwerk/scholing", ["person": "vp-extern", "kind": "training", "description": "Later"]
                .merging(Self.dateFields("on", today.adding(days: 1))) { a, _ in a })
            #expect(future.status == .unprocessableEntity && future.body.contains("id=\"training-errors\"") && future.body.contains("value=\"Later\""))
            try await browser.get(NetworkController.path)
            let empty = try await browser.post("/werkruimte/netwerk/scholing", ["person": "vp-extern", "kind": "training", "description": "  "]
                .merging(Self.dateFields("on", today)) { a, _ in a })
            #expect(empty.status == .unprocessableEntity && empty.body.contains("Schrijf kort op wat het was"))
            #expect(try await NetworkTrainingRecord.query(on: app.db).count() == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "network.training-log").count() == 2)
        }
    }

    @Test("The double-role review: Noordstar's advisor who is also a manager needs a decision; refused without a reason; once decided it holds 12 months; a stale form is refused",
          arguments: TestDatabase.all)
    func doubleRole(database: TestDatabase) async throws {
        let clock = FixedClock(TestClock.start)
        try await withTestApp(database, adjust: { $0.clock = clock }) { app in
            try await createStaff(app, username: "coordinator").with(personID: "integriteitscoordinator", app: app)
            let browser = TestBrowser(app)
            let secret = try await signIn(browser, username: "coordinator")
            let page = try await browser.get(NetworkController.path)
            let combination = "leidinggevende+vertrouwenspersoon-ongewenst"
            #expect(page.body.contains("data-person=\"vp-fractie-1\""))
            #expect(page.body.contains("-undecided\"") && page.body.contains("value=\"\(combination)\""))

            let form = ["person": "vp-fractie-1", "combination": combination, "outcome": "aanvaard", "seq": "0"]
            let refused = try await browser.post("/werkruimte/netwerk/dubbele-rol", form.merging(["reason": " "]) { _, b in b })
            #expect(refused.status == .unprocessableEntity && refused.body.contains("Schrijf op waarom je de combinatie aanvaardt"))
            try await browser.get(NetworkController.path)
            let moved = try await browser.post("/werkruimte/netwerk/dubbele-rol", form.merging(["outcome": "verplaatst", "reason": ""]) { _, b in b })
            #expect(moved.status == .unprocessableEntity && moved.body.contains("Schrijf op welke rol naar wie gaat"))
            #expect(try await DoubleRoleDecisionRecord.query(on: app.db).count() == 0)

            // Two posts from the same page at once: one decision.
            try await browser.get(NetworkController.path)
            let reason = "Kleine fractie; er is ook een externe vertrouwenspersoon."
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await browser.post("/werkruimte/netwerk/dubbele-rol", form.merging(["reason": reason]) { _, b in b }).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1 && statuses.filter { $0 == .unprocessableEntity }.count == 3)
            #expect(try await DoubleRoleDecisionRecord.query(on: app.db).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "network.double-role-decide").count() == 1)
            let decided = try await browser.get(NetworkController.path)
            #expect(decided.body.contains("-decided\"") && decided.body.contains(reason) && decided.body.contains("Aanvaard op"))
            // An unknown combination is not a finding.
            try await browser.get(NetworkController.path)
            #expect(try await browser.post("/werkruimte/netwerk/dubbele-rol", ["person": "hr-1", "combination": "hr+leidinggevende",
                                                                                "outcome": "aanvaard", "reason": "x", "seq": "0"]).status == .notFound)

            // A year later the decision is due again, and a new one is recorded after it.
            clock.advance(by: 366 * 86_400)
            let later = TestBrowser(app)
            try await signIn(later, username: "coordinator", secret: secret)
            let due = try await later.get(NetworkController.path)
            #expect(due.body.contains("-due\"") && due.body.contains("ouder dan de termijn"))
            let again = try await later.post("/werkruimte/netwerk/dubbele-rol", form.merging(["outcome": "verplaatst", "seq": "1",
                                                                                             "reason": "Vertrouwenspersoon wordt extern belegd."]) { _, b in b })
            #expect(again.status == .seeOther)
            #expect(try await DoubleRoleDecisionRecord.query(on: app.db).sort(\.$seq).all().map(\.outcome) == ["aanvaard", "verplaatst"])
        }
    }
}
