import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 14: employees' gift declarations (declarant → line manager → integrity coordinator) and the
/// MPs' public registers (member → Griffie → public pages and open data, readable by date).
@Suite("Integrity registers")
struct IntegrityRegisterWebTests {
    static func gift(_ giver: String, value: String, day: LocalDate, timing: String = "achteraf") -> [String: String] {
        ["kind": "geschenk", "giver": giver, "occasion": "Afsluiting project", "value": value,
         "dateDay": String(day.day), "dateMonth": String(day.month), "dateYear": String(day.year), "timing": timing]
    }

    @Test("A €75 gift: declared by the employee, surrendered to charity by the manager with a reason, seen by the coordinator; nobody else",
          arguments: TestDatabase.all)
    func staffFlow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let employee = try await signedInFunctionary(app, "aksoy", person: "medewerker-ict")
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            let stranger = try await signedInFunctionary(app, "oudemolen", person: "vp-ambtelijk-1")
            let lastWeek = app.today.adding(days: -7)

            let form = try await employee.get("/werkruimte/verklaringen")
            #expect(form.body.contains("id=\"declaration-manager\""))
            // Bad input: refused in words, the typed text kept, nothing stored.
            for (fields, key) in [(Self.gift("Leverancier BV", value: "-5", day: lastWeek), "register.error.negativeValue"),
                                  (Self.gift("Leverancier BV", value: "75", day: app.today.adding(days: 3)), "register.error.futureDate"),
                                  (Self.gift("Leverancier BV", value: "vijf", day: lastWeek), "register.error.value")] {
                let refused = try await employee.post("/werkruimte/verklaringen", fields)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.contains(app.localisation.localizer(.dutch).text(key)), "\(key)")
                #expect(refused.body.contains("value=\"Leverancier BV\""))
            }
            var impossible = Self.gift("Leverancier BV", value: "75", day: lastWeek)
            (impossible["dateDay"], impossible["dateMonth"]) = ("31", "4")
            #expect(try await employee.post("/werkruimte/verklaringen", impossible).status == .unprocessableEntity)
            #expect(try await GiftDeclarationRecord.query(on: app.db).count() == 0)

            let sent = try await employee.post("/werkruimte/verklaringen", Self.gift("Leverancier BV", value: "75", day: lastWeek))
            #expect(sent.location == "/werkruimte/verklaringen?ok=1")
            let record = try #require(try await GiftDeclarationRecord.query(on: app.db).first())
            let id = try record.requireID()
            #expect(record.managerID == "manager-ict" && record.valueCents == 7500 && record.flags == "boven-grens")
            // Sealed at rest: the giver is not in the row.
            #expect(!record.declarationSealed.contains("Leverancier"))

            // Need-to-know: a colleague who is neither manager nor coordinator does not find it.
            #expect(try await stranger.get("/werkruimte/verklaringen/\(id)").status == .notFound)
            #expect(!(try await stranger.get("/werkruimte/verklaringen").body.contains("Leverancier")))
            #expect(try await stranger.post("/werkruimte/verklaringen/\(id)/besluit",
                                            ["outcome": "houden", "reason": "prima"]).status == .notFound)
            // The declarant reads it but cannot decide on it.
            let own = try await employee.get("/werkruimte/verklaringen/\(id)")
            #expect(own.status == .ok && !own.body.contains("id=\"decision-form\""))
            #expect(try await employee.post("/werkruimte/verklaringen/\(id)/besluit",
                                            ["outcome": "houden", "reason": "mag"]).status == .notFound)

            // The manager: a surrender needs a "how" and every decision a reason; the typed reason is kept.
            let page = try await manager.get("/werkruimte/verklaringen/\(id)")
            #expect(page.body.contains("id=\"decision-form\"") && page.body.contains("id=\"declaration-flags\""))
            let noHow = try await manager.post("/werkruimte/verklaringen/\(id)/besluit", ["outcome": "afstaan", "reason": "Boven de grens"])
            #expect(noHow.status == .unprocessableEntity && noHow.body.contains("Boven de grens"))
            #expect(try await manager.post("/werkruimte/verklaringen/\(id)/besluit",
                                           ["outcome": "afstaan", "surrender": "goed-doel", "reason": " "]).status == .unprocessableEntity)
            let decided = try await manager.post("/werkruimte/verklaringen/\(id)/besluit",
                                                 ["outcome": "afstaan", "surrender": "goed-doel", "reason": "Meer dan 50 euro"])
            #expect(decided.location == "/werkruimte/verklaringen/\(id)")
            let stored = try #require(try await GiftDeclarationRecord.find(id, on: app.db))
            #expect(stored.state == "besloten" && stored.outcome == "afstaan" && stored.surrender == "goed-doel" && stored.decidedBy == "manager-ict")
            #expect(stored.decisionSealed?.contains("Meer dan") == false)
            // Decided once: a second decision is refused.
            try await manager.get("/werkruimte/verklaringen")
            #expect(try await manager.post("/werkruimte/verklaringen/\(id)/besluit",
                                           ["outcome": "houden", "reason": "toch"]).status == .unprocessableEntity)
            #expect(try await employee.get("/werkruimte/verklaringen/\(id)").body.contains("Meer dan 50 euro"))

            // The coordinator sees the whole register.
            let register = try await coordinator.get("/werkruimte/verklaringen")
            #expect(register.body.contains("id=\"declarations-register\""))
            #expect(register.body.contains("Leverancier BV") && register.body.contains("Aan een goed doel"))
            #expect(!(try await manager.get("/werkruimte/verklaringen").body.contains("id=\"declarations-register\"")))

            // Every read and change is in the audit log.
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            for action in ["declaration.create", "declaration.decide", "declaration.view", "declaration.register-view"] {
                #expect(actions.contains(action), "\(action)")
            }
        }
    }

    @Test("Eight decisions on one declaration at once: exactly one counts", arguments: TestDatabase.all)
    func decisionIsAtomic(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try await DeclareGift.run(declarantID: "medewerker-ict",
                                               declaration: GiftDeclaration(kind: .gift, giver: "Bureau X", occasion: "", valueCents: 2000,
                                                                            date: app.today, timing: .after),
                                               by: .system, app: app, db: app.db)
            let results = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        do {
                            try await DecideGift.run(id: id, decision: GiftDecision(outcome: .keep, reason: "Klein \(n)"), deciderID: "manager-ict",
                                                     by: .system, app: app, db: app.db)
                            return true
                        } catch { return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "declaration.decide").count() == 1)
        }
    }

    @Test("An MP's side activity: submitted, published by the Griffie, public on its page and in the open data; a later change leaves the earlier version readable by date",
          arguments: TestDatabase.all)
    func memberFlow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let clock = try #require(app.tegenkracht.clock as? FixedClock)
            let member = try await signedInFunctionary(app, "deroos", person: "kamerlid-1")
            let griffie = try await signedInFunctionary(app, "verhaar", person: "griffie-plenair-1")
            let stranger = try await signedInFunctionary(app, "oudemolen", person: "vp-ambtelijk-1")
            let visitor = TestBrowser(app)
            #expect(try await stranger.get("/werkruimte/registers").status == .forbidden)

            // An income statement for a year not yet ended is refused, the text kept.
            try await member.get("/werkruimte/registers")
            let early = try await member.post("/werkruimte/registers", ["kind": "nevenactiviteit", "description": "Voorzitter Stichting Vogelzang",
                                                                        "paid": "ja", "incomeYear": String(app.today.year), "incomeAmount": "1200"])
            #expect(early.status == .unprocessableEntity && early.body.contains("Voorzitter Stichting Vogelzang"))
            try await member.get("/werkruimte/registers")
            #expect(try await member.post("/werkruimte/registers", ["kind": "nevenactiviteit", "description": "Voorzitter Stichting Vogelzang",
                                                                     "paid": "ja"]).location == "/werkruimte/registers?ok=1")
            // A member cannot submit for another member.
            await #expect(throws: NotFound.self) {
                try await SubmitRegisterEntry.run(RegisterSubmission(memberID: "kamerlid-2", kind: .gift, description: "Fles wijn"),
                                                  submitterID: "kamerlid-1", by: .system, app: app, db: app.db)
            }
            let version = try #require(try await RegisterVersionRecord.query(on: app.db).first())
            let versionID = try version.requireID()
            // Not public before the Griffie publishes it.
            #expect(!(try await visitor.get("/registers/lid/kamerlid-1").body.contains("Vogelzang")))
            try await member.get("/werkruimte/registers")
            #expect(try await member.post("/werkruimte/registers/\(versionID)/publiceren", [:]).status == .notFound)
            let pending = try await griffie.get("/werkruimte/registers")
            #expect(pending.body.contains("id=\"publish-\(versionID)\""))
            #expect(try await griffie.post("/werkruimte/registers/\(versionID)/publiceren", [:]).location == "/werkruimte/registers?ok=1")
            let firstDay = app.today

            let page = try await visitor.get("/registers/lid/kamerlid-1")
            #expect(page.status == .ok && page.body.contains("Voorzitter Stichting Vogelzang"))
            let csv = try await visitor.get("/api/v1/registers/nevenactiviteit/csv")
            #expect(csv.body.contains("\"Voorzitter Stichting Vogelzang\"") && csv.body.contains("\"\(firstDay.iso)\""))
            let json = try await visitor.get("/api/v1/registers/nevenactiviteit?date=\(firstDay.iso)")
            let open = try JSONDecoder().decode(PublicRegisterController.OpenRegister.self, from: Data(json.body.utf8))
            #expect(open.date == firstDay.iso && open.entries.map(\.description) == ["Voorzitter Stichting Vogelzang"])
            #expect(try await visitor.get("/api/v1/registers/onbekend").status == .badRequest)
            #expect(try await visitor.get("/api/v1/registers/geschenk?date=2021-02-30").status == .badRequest)

            // The House's instructions to register: the page says whether each was followed, and since when.
            try await RecordRegistrationInstruction.run(memberID: "kamerlid-1", issuedOn: firstDay, required: ["Vogelzang"],
                                                        keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            try await griffie.get("/werkruimte/registers")
            #expect(try await griffie.post("/werkruimte/registers/aanwijzing",
                                           ["member": "kamerlid-1", "issuedDay": String(firstDay.day), "issuedMonth": String(firstDay.month),
                                            "issuedYear": String(firstDay.year), "required": "Waterschap Rijnland\n"]).location == "/werkruimte/registers?ok=1")
            await #expect(throws: NotFound.self) {
                try await RecordRegistrationInstruction.run(memberID: "kamerlid-1", issuedOn: firstDay, required: ["x"], keeperID: "kamerlid-1",
                                                            by: .system, app: app, db: app.db)
            }
            let instructed = try await visitor.get("/registers/lid/kamerlid-1")
            let t = app.localisation.localizer(.dutch)
            #expect(instructed.body.contains(t.text("register.instruction.followed", ["date": t.longDate(firstDay)])))
            #expect(instructed.body.contains(t.text("register.instruction.notFollowed", ["missing": "Waterschap Rijnland"])))

            // A month later the function changes: a new version, published that day.
            clock.advance(by: 31 * 86_400)
            let entryID = version.entryID
            let changed = try await SubmitRegisterEntry.run(RegisterSubmission(memberID: "kamerlid-1", entryID: entryID, kind: .sideActivity,
                                                                               description: "Penningmeester Stichting Vogelzang", paid: false),
                                                            submitterID: "kamerlid-1", by: .system, app: app, db: app.db)
            try await PublishRegisterVersion.run(versionID: changed, keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            let now = try await visitor.get("/registers/lid/kamerlid-1")
            #expect(now.body.contains("Penningmeester") && !now.body.contains("Voorzitter Stichting"))
            let then = try await visitor.get("/registers/lid/kamerlid-1?datum=\(firstDay.iso)")
            #expect(then.body.contains("Voorzitter Stichting Vogelzang") && !then.body.contains("Penningmeester"))
            let before = try await visitor.get("/registers/lid/kamerlid-1?datum=\(firstDay.adding(days: -1).iso)")
            #expect(!before.body.contains("Vogelzang") && before.body.contains("id=\"register-empty\""))
            // An impossible date is said, not guessed.
            #expect(try await visitor.get("/registers?datum=2021-13-01").status == .badRequest)

            // An income statement after 1 April of the year after is accepted and marked late; never lost.
            // One on time is not marked (today is in January, before 1 April).
            for (year, late) in [(app.today.year - 2, true), (app.today.year - 1, false)] {
                let statement = try await SubmitRegisterEntry.run(RegisterSubmission(memberID: "kamerlid-1", entryID: entryID, kind: .sideActivity,
                                                                                     description: "Penningmeester Stichting Vogelzang", paid: false,
                                                                                     incomeYear: year, incomeCents: 120_000),
                                                                  submitterID: "griffie-plenair-1", by: .system, app: app, db: app.db)
                let stored = try #require(try await RegisterVersionRecord.find(statement, on: app.db))
                #expect(stored.incomeYear == year && stored.incomeCents == 120_000 && stored.incomeLate == late, "\(year)")
            }
            #expect(app.today.month == 1)

            // Two changes waiting: the later is published first; the earlier is then refused, as it
            // would bring the older text back.
            let older = try await SubmitRegisterEntry.run(RegisterSubmission(memberID: "kamerlid-1", entryID: entryID, kind: .sideActivity,
                                                                             description: "Lid Stichting Vogelzang"),
                                                          submitterID: "kamerlid-1", by: .system, app: app, db: app.db)
            clock.advance(by: 60)
            let newer = try await SubmitRegisterEntry.run(RegisterSubmission(memberID: "kamerlid-1", entryID: entryID, kind: .sideActivity,
                                                                             description: "Erelid Stichting Vogelzang"),
                                                          submitterID: "kamerlid-1", by: .system, app: app, db: app.db)
            try await PublishRegisterVersion.run(versionID: newer, keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            await #expect(throws: Refusal("register.error.superseded")) {
                try await PublishRegisterVersion.run(versionID: older, keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            }
            #expect(try await visitor.get("/registers/lid/kamerlid-1").body.contains("Erelid Stichting Vogelzang"))
        }
    }

    @Test("The member's page shows every year's income: a later change without a statement hides none", arguments: TestDatabase.all)
    func incomeOfEveryYear(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let lastYear = app.today.year - 1
            let first = try await SubmitRegisterEntry.run(
                RegisterSubmission(memberID: "kamerlid-1", kind: .sideActivity, description: "Voorzitter Stichting Aurora", paid: true,
                                   incomeYear: lastYear, incomeCents: 1_250_000),
                submitterID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            try await PublishRegisterVersion.run(versionID: first, keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            let entry = try #require(try await RegisterVersionRecord.find(first, on: app.db)).entryID
            let change = try await SubmitRegisterEntry.run(
                RegisterSubmission(memberID: "kamerlid-1", entryID: entry, kind: .sideActivity, description: "Voorzitter Stichting Aurora (onbezoldigd vanaf nu)",
                                   paid: true),
                submitterID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            try await PublishRegisterVersion.run(versionID: change, keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            let dutch = app.localisation.localizer(.dutch)
            let page = try await TestBrowser(app).get("/registers/lid/kamerlid-1")
            #expect(page.body.contains("onbezoldigd vanaf nu"))
            #expect(page.body.contains(dutch.text("register.income", ["year": String(lastYear), "amount": Money.text(1_250_000)])))
        }
    }

    @Test("A member's own staff submits for that member, not for another; the Griffie publishes", arguments: TestDatabase.all)
    func staffOfAMember(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let assistant = try await signedInFunctionary(app, "oosterhuis", person: "medewerker-kamerlid-1")
            let form = try await assistant.get("/werkruimte/registers")
            #expect(form.status == .ok && form.body.contains("<option value=\"kamerlid-1\"") && !form.body.contains("<option value=\"kamerlid-2\""))
            #expect(!form.body.contains("id=\"register-pending\""))  // publishing is the Griffie's
            let other = try await assistant.post("/werkruimte/registers", ["member": "kamerlid-2", "kind": "geschenk",
                                                                           "description": "Boek van een lobbyist"])
            #expect(other.status == .unprocessableEntity)
            #expect(try await RegisterVersionRecord.query(on: app.db).count() == 0)
            try await assistant.get("/werkruimte/registers")
            let sent = try await assistant.post("/werkruimte/registers", ["member": "kamerlid-1", "kind": "geschenk",
                                                                          "description": "Fles wijn van de ambassade"])
            #expect(sent.location == "/werkruimte/registers?ok=1")
            let version = try #require(try await RegisterVersionRecord.query(on: app.db).first())
            #expect(version.memberID == "kamerlid-1" && version.submittedBy == "medewerker-kamerlid-1" && version.publishedOn == nil)
            #expect(try await assistant.get("/werkruimte/registers").body.contains("Fles wijn van de ambassade"))
            // Someone who is neither a member, nor staff of one, nor the Griffie: no page.
            let stranger = try await signedInFunctionary(app, "aksoy", person: "medewerker-ict")
            #expect(try await stranger.get("/werkruimte/registers").status == .forbidden)
        }
    }
}
