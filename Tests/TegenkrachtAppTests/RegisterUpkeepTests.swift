import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 14: the upkeep of the registers. Reminders to the members of parliament (twice a year, and
/// in January about the income statement due 1 April), made once per member and round however many
/// instances run the job, mailed with the mail queue's retries; and the staff declarations erased
/// when their retention period (data in the rules) has passed, never one that still waits.
@Suite("Register upkeep: reminders to members, retention of declarations")
struct RegisterUpkeepTests {
    /// 15 January 2027, 10:00 UTC: the day of both January rounds.
    static let fifteenthOfJanuary = Date(timeIntervalSince1970: 1_800_007_200)

    @Test("On 15 January each member gets the registers round and the income round once, also with eight jobs at once; mailed without content",
          arguments: TestDatabase.all)
    func reminders(database: TestDatabase) async throws {
        let box = try MailDeliveryTests.mailbox()
        defer { try? FileManager.default.removeItem(atPath: box.dir) }
        let clock = FixedClock(Self.fifteenthOfJanuary.addingTimeInterval(-86_400))
        try await withTestApp(database, adjust: { $0.sendmailPath = box.script; $0.clock = clock }) { app in
            let member = try await createStaff(app, username: "deroos", role: .functionary).with(personID: "kamerlid-1", app: app)
            member.email = "h.deroos@example.org"
            try await member.save(on: app.db)
            // The day before: nothing is due.
            #expect(try await MemberReminders.makeDue(app: app, db: app.db) == 0)

            clock.advance(by: 86_400)
            let made = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { (try? await MemberReminders.makeDue(app: app, db: app.db)) ?? -1 } }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let members = try #require(try await app.organisationStore.current(on: app.db)).membersOfParliament.count
            #expect(members == 3 && made.reduce(0, +) == members * 2 && !made.contains(-1))
            let rounds = Set(try await MemberReminderRecord.query(on: app.db).all().map(\.round))
            #expect(rounds == ["registers-2027-01-15", "inkomsten-2026"])
            // The next day: nothing new (each round once).
            clock.advance(by: 86_400)
            #expect(try await MemberReminders.makeDue(app: app, db: app.db) == 0)

            // Mailed to the member with an address; the others wait for nothing (no address, nothing refused).
            #expect(try await MailQueue.send(app: app) == 2)
            let mail = try String(contentsOfFile: box.outbox, encoding: .utf8)
            #expect(mail.contains("ARGS: -i -- h.deroos@example.org"))
            #expect(mail.contains("inkomsten over 2026") && mail.contains("halfjaarlijkse herinnering"))
            #expect(try await MailQueue.send(app: app) == 0)
            // Only the member with an address counts as reached by e-mail.
            let mailed = try await MemberReminderRecord.query(on: app.db).all()
            #expect(mailed.allSatisfy { $0.mailedAt != nil })
            #expect(mailed.filter { ($0.mailedTo ?? 0) > 0 }.map(\.personID) == ["kamerlid-1", "kamerlid-1"])

            // The Griffie sees the rounds; a member does not.
            let griffie = try await signedInFunctionary(app, "verhaar", person: "griffie-plenair-1")
            let page = try await griffie.get("/werkruimte/registers")
            #expect(page.body.contains("id=\"member-reminders\"") && page.body.contains("opgave inkomsten 2026"))
            let mp = TestBrowser(app)
            try await signIn(mp, username: "deroos")
            #expect(!(try await mp.get("/werkruimte/registers")).body.contains("id=\"member-reminders\""))
        }
    }

    @Test("The rounds: 15 January and 15 July, sent up to 30 days late, never a round long past; the days are checked")
    func schedule() {
        let schedule = MemberReminderSchedule()
        func keys(_ iso: String) -> Set<String> { Set(schedule.due(on: LocalDate(iso: iso) ?? LocalDate(year: 2000, month: 1, day: 1)!).map(\.key)) }
        #expect(keys("2027-01-14").isEmpty)
        #expect(keys("2027-01-15") == ["registers-2027-01-15", "inkomsten-2026"])
        #expect(keys("2027-02-14") == ["registers-2027-01-15", "inkomsten-2026"])  // 30 days late
        #expect(keys("2027-02-15").isEmpty)
        #expect(keys("2027-07-15") == ["registers-2027-07-15"])
        #expect(keys("2026-12-03").isEmpty)  // a new installation in December sends no July round
        // A window that crosses New Year.
        let december = MemberReminderSchedule(registerDays: ["12-20"], incomeStatementDay: "01-15", catchUpDays: 30)
        #expect(december.due(on: LocalDate(year: 2027, month: 1, day: 10)!).map(\.key) == ["registers-2026-12-20"])
        #expect(!MemberReminderSchedule(registerDays: ["02-29"]).isValid)
        #expect(!MemberReminderSchedule(registerDays: ["13-01"]).isValid)
        #expect(!MemberReminderSchedule(catchUpDays: 400).isValid)
        #expect(!MemberReminderSchedule(incomeStatementDay: "04-01").isValid)  // on or after the due day: too late
        #expect(MemberReminderSchedule(incomeStatementDay: "03-31").isValid)
        #expect(schedule.isValid)
    }

    @Test("Seven years after the decision a gift, or a ban, is erased with an audit entry; a waiting one, or an allowed side activity or interest (still going on), stays",
          arguments: TestDatabase.all)
    func retention(database: TestDatabase) async throws {
        let clock = FixedClock(TestClock.start)
        try await withTestApp(database, adjust: { $0.clock = clock }) { app in
            let decided = try await DeclareGift.run(
                declarantID: "medewerker-ict",
                declaration: GiftDeclaration(kind: .gift, giver: "Leverancier", occasion: "", valueCents: 7500, date: app.today, timing: .after),
                by: .system, app: app, db: app.db)
            try await DecideGift.run(id: decided, decision: GiftDecision(outcome: .surrender, surrender: .charity, reason: "Boven de grens"),
                                     deciderID: "manager-ict", by: .system, app: app, db: app.db)
            let waiting = try await DeclareGift.run(
                declarantID: "medewerker-ict",
                declaration: GiftDeclaration(kind: .gift, giver: "Ander", occasion: "", valueCents: 2000, date: app.today, timing: .after),
                by: .system, app: app, db: app.db)
            func interest(_ outcome: FinancialInterestDecision.Outcome) async throws -> UUID {
                let id = try await DeclareFinancialInterest.run(
                    declarantID: "medewerker-ict", declaration: FinancialInterestDeclaration(kind: .securities, subject: "Fonds", since: app.today),
                    by: .system, app: app, db: app.db)
                try await DecideFinancialInterest.run(id: id, decision: FinancialInterestDecision(outcome: outcome, reason: "Besluit"),
                                                      deciderID: "manager-ict", by: .system, app: app, db: app.db)
                return id
            }
            let heldInterest = try await interest(.allowed)
            let forbiddenInterest = try await interest(.forbidden)
            func activity(_ outcome: SideActivityDecision.Outcome) async throws -> UUID {
                let id = try await DeclareSideActivity.run(
                    declarantID: "medewerker-ict",
                    declaration: SideActivityDeclaration(activity: "Docent", organisation: "", paid: true, hoursPerMonth: 8, startDate: app.today),
                    by: .system, app: app, db: app.db)
                try await DecideSideActivity.run(id: id, decision: SideActivityDecision(outcome: outcome, reason: "Besluit",
                                                                                        reassessOn: app.today.adding(years: 3)),
                                                 deciderID: "manager-ict", by: .system, app: app, db: app.db)
                return id
            }
            let allowedActivity = try await activity(.allowed)
            let forbiddenActivity = try await activity(.forbidden)

            // Just before seven years: nothing goes.
            clock.advance(by: 7 * 365 * 86_400)  // 7 × 365 days: two leap days short of seven calendar years
            #expect(try await DeclarationRetention.run(app: app, db: app.db).total == 0)
            clock.advance(by: 3 * 86_400)
            let erased = try await DeclarationRetention.run(app: app, db: app.db)
            #expect(erased == DeclarationRetention.Erased(gifts: 1, sideActivities: 1, tripExtensions: 0, financialInterests: 1))
            #expect(try await GiftDeclarationRecord.find(decided, on: app.db) == nil)
            #expect(try await GiftDeclarationRecord.find(waiting, on: app.db) != nil)
            #expect(try await FinancialInterestRecord.find(forbiddenInterest, on: app.db) == nil)
            #expect(try await SideActivityRecord.find(forbiddenActivity, on: app.db) == nil)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "declaration.erase").all().map(\.subject)
            #expect(Set(audit) == ["gifts:1", "financial-interests:1", "side-activities:1"])
            // Twenty years on, what was allowed is still going on (no end is recorded): kept, and still public.
            clock.advance(by: 13 * 366 * 86_400)
            #expect(try await DeclarationRetention.run(app: app, db: app.db).total == 0)
            #expect(try await SideActivityRecord.find(allowedActivity, on: app.db) != nil)
            #expect(try await PublishedSideActivity.find(allowedActivity, on: app.db) != nil)
            #expect(try await FinancialInterestRecord.find(heldInterest, on: app.db) != nil)
            #expect(try await GiftDeclarationRecord.find(waiting, on: app.db) != nil)
            #expect(try await AuditLog.firstBrokenEntry(on: app.db) == nil)
        }
    }
}
