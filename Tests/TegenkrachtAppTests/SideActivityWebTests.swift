import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 14: an employee's side activity put to the line manager beforehand with the code's nine
/// questions (woo-besluit §4.5); allowed, allowed on conditions or forbidden, with a day to look
/// again; the integrity coordinator sees the register; nobody else.
@Suite("Side activities")
struct SideActivityWebTests {
    static func activity(_ what: String, hours: String = "8", start: LocalDate, yes: String? = "via-functie",
                         parliament: Bool = false) -> [String: String] {
        var fields = ["activity": what, "organisation": "Stichting Open Data", "paid": "ja", "hours": hours,
                      "startDay": String(start.day), "startMonth": String(start.month), "startYear": String(start.year),
                      "explanation": "Twee avonden per maand"]
        if let yes { fields["yes[]"] = yes }
        if parliament { fields["parliament"] = "ja" }
        return fields
    }

    static func decision(_ outcome: String, reason: String = "Past naast het werk", conditions: String = "",
                         reassess: LocalDate?) -> [String: String] {
        var fields = ["outcome": outcome, "reason": reason, "conditions": conditions]
        if let reassess {
            fields["reassessDay"] = String(reassess.day)
            fields["reassessMonth"] = String(reassess.month)
            fields["reassessYear"] = String(reassess.year)
        }
        return fields
    }

    @Test("Declared with the nine questions, decided on conditions with a day to look again, seen by the coordinator; nobody else",
          arguments: TestDatabase.all)
    func flow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let employee = try await signedInFunctionary(app, "aksoy", person: "medewerker-ict")
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            let stranger = try await signedInFunctionary(app, "oudemolen", person: "vp-ambtelijk-1")
            let dutch = app.localisation.localizer(.dutch)
            let nextMonth = app.today.adding(days: 30)

            let form = try await employee.get("/werkruimte/nevenwerkzaamheden")
            #expect(form.body.contains("id=\"side-activity-manager\"") && form.body.contains("id=\"yes-arbeidstijdenwet\""))
            // His function is designated: the form says an allowed activity is published (Aw art. 5(1)(c)).
            #expect(form.body.contains("id=\"side-activity-published\"") && form.body.contains("Contractmanager ICT"))
            #expect(!(try await manager.get("/werkruimte/nevenwerkzaamheden")).body.contains("id=\"side-activity-published\""))
            // Bad input: refused in words, the typed text kept, nothing stored.
            var noActivity = Self.activity("", start: nextMonth)
            noActivity["organisation"] = "Stichting Behouden"
            let refused = try await employee.post("/werkruimte/nevenwerkzaamheden", noActivity)
            #expect(refused.status == .unprocessableEntity && refused.body.contains(dutch.text("register.error.activityMissing")))
            #expect(refused.body.contains("value=\"Stichting Behouden\""))
            for hours in ["veel", "-3", "800"] {
                let bad = try await employee.post("/werkruimte/nevenwerkzaamheden", Self.activity("Docent", hours: hours, start: nextMonth))
                #expect(bad.status == .unprocessableEntity && bad.body.contains(dutch.text("register.error.hours")), "\(hours)")
                #expect(bad.body.contains("value=\"Docent\""))
            }
            var impossible = Self.activity("Docent", start: nextMonth)
            (impossible["startDay"], impossible["startMonth"]) = ("31", "4")
            #expect(try await employee.post("/werkruimte/nevenwerkzaamheden", impossible).status == .unprocessableEntity)
            #expect(try await SideActivityRecord.query(on: app.db).count() == 0)

            let sent = try await employee.post("/werkruimte/nevenwerkzaamheden", Self.activity("Docent datajournalistiek", start: nextMonth))
            #expect(sent.location == "/werkruimte/nevenwerkzaamheden?ok=1")
            let record = try #require(try await SideActivityRecord.query(on: app.db).first())
            let id = try record.requireID()
            #expect(record.managerID == "manager-ict" && record.concerns == 1 && record.paid && !record.incompatible)
            #expect(!record.declarationSealed.contains("Docent"))
            // The manager's workspace says what waits; the employee's does not.
            let waiting = try await manager.get("/werkruimte")
            #expect(waiting.body.contains("id=\"waiting-declarations\"") && waiting.body.contains("1 nevenwerkzaamheid<"))
            #expect(!(try await employee.get("/werkruimte")).body.contains("id=\"waiting-declarations\""))

            // Need-to-know.
            #expect(try await stranger.get("/werkruimte/nevenwerkzaamheden/\(id)").status == .notFound)
            #expect(!(try await stranger.get("/werkruimte/nevenwerkzaamheden").body.contains("Docent")))
            #expect(try await stranger.post("/werkruimte/nevenwerkzaamheden/\(id)/besluit",
                                            Self.decision("toegestaan", reassess: app.today.adding(years: 1))).status == .notFound)
            let own = try await employee.get("/werkruimte/nevenwerkzaamheden/\(id)")
            #expect(own.status == .ok && !own.body.contains("id=\"decision-form\"") && own.body.contains("Docent datajournalistiek"))
            #expect(try await employee.post("/werkruimte/nevenwerkzaamheden/\(id)/besluit",
                                            Self.decision("toegestaan", reassess: app.today.adding(years: 1))).status == .notFound)

            // The manager: a day to look again is needed, after today and within three years; conditions need words.
            let page = try await manager.get("/werkruimte/nevenwerkzaamheden/\(id)")
            #expect(page.body.contains("id=\"decision-form\"") && page.body.contains("id=\"side-activity-answers\""))
            for (fields, key) in [(Self.decision("toegestaan", reassess: nil), "register.error.reassessMissing"),
                                  (Self.decision("toegestaan", reassess: app.today), "register.error.reassessRange"),
                                  (Self.decision("toegestaan", reassess: app.today.adding(years: 3).adding(days: 1)), "register.error.reassessRange"),
                                  (Self.decision("toegestaan-met-voorwaarden", reassess: app.today.adding(years: 1)), "register.error.conditionsMissing"),
                                  (Self.decision("toegestaan", reason: " ", reassess: app.today.adding(years: 1)), "register.error.reasonNeeded")] {
                try await manager.get("/werkruimte/nevenwerkzaamheden/\(id)")
                let bad = try await manager.post("/werkruimte/nevenwerkzaamheden/\(id)/besluit", fields)
                #expect(bad.status == .unprocessableEntity && bad.body.contains(dutch.text(key, ["years": "3"])), "\(key)")
            }
            try await manager.get("/werkruimte/nevenwerkzaamheden/\(id)")
            let lookAgain = app.today.adding(years: 1)
            let decided = try await manager.post("/werkruimte/nevenwerkzaamheden/\(id)/besluit",
                                                 Self.decision("toegestaan-met-voorwaarden", conditions: "Niet over Kamerdossiers",
                                                               reassess: lookAgain))
            #expect(decided.location == "/werkruimte/nevenwerkzaamheden/\(id)")
            let stored = try #require(try await SideActivityRecord.find(id, on: app.db))
            #expect(stored.state == "besloten" && stored.outcome == "toegestaan-met-voorwaarden" && stored.reassessOn == lookAgain.iso)
            #expect(stored.decisionSealed?.contains("Kamerdossiers") == false)
            try await manager.get("/werkruimte/nevenwerkzaamheden")
            let twice = try await manager.post("/werkruimte/nevenwerkzaamheden/\(id)/besluit", Self.decision("verboden", reassess: nil))
            #expect(twice.status == .unprocessableEntity && twice.body.contains(dutch.text("register.error.decidedAlready")))
            #expect(!(try await manager.get("/werkruimte")).body.contains("id=\"waiting-declarations\""))
            // Published with the decision: name, function, activity; never the explanation or the answers.
            let published = try await TestBrowser(app).get("/registers/ambtenaren")
            #expect(published.status == .ok && published.body.contains("Ruben Aksoy") && published.body.contains("Contractmanager ICT"))
            #expect(published.body.contains("Docent datajournalistiek, Stichting Open Data") && !published.body.contains("Twee avonden"))
            #expect(try await PublishedSideActivity.find(id, on: app.db)?.publishedOn == app.today.iso)
            let seen = try await employee.get("/werkruimte/nevenwerkzaamheden/\(id)")
            #expect(seen.body.contains("Niet over Kamerdossiers") && seen.body.contains(dutch.longDate(lookAgain)))

            // The coordinator sees the register; the manager does not.
            let register = try await coordinator.get("/werkruimte/nevenwerkzaamheden")
            #expect(register.body.contains("id=\"side-activities-register\"") && register.body.contains("Docent datajournalistiek"))
            #expect(!(try await manager.get("/werkruimte/nevenwerkzaamheden").body.contains("id=\"side-activities-register\"")))

            // On the day to look again, the page says so.
            #expect(!(try await manager.get("/werkruimte/nevenwerkzaamheden/\(id)").body.contains("id=\"side-activity-reassess-due\"")))
            let clock = try #require(app.tegenkracht.clock as? FixedClock)
            clock.advance(by: 366 * 86_400)
            // A year later the manager logs in anew (the session has long ended).
            let managerLater = try await signedInFunctionary(app, "ramdin.later", person: "manager-ict")
            #expect(try await managerLater.get("/werkruimte/nevenwerkzaamheden/\(id)").body.contains("id=\"side-activity-reassess-due\""))
            #expect(try await managerLater.get("/werkruimte").body.contains("1 nevenwerkzaamheid om opnieuw te bekijken"))

            let subjects = try await AuditEntry.query(on: app.db).filter(\.$subject == "side-activity:\(id)").all().map(\.action)
            for action in ["declaration.create", "declaration.decide", "declaration.view"] {
                #expect(subjects.contains(action), "\(action)")
            }
        }
    }

    @Test("Membership of a parliament: only 'not allowed' can be decided, and that needs no day to look again",
          arguments: TestDatabase.all)
    func incompatibleByLaw(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let employee = try await signedInFunctionary(app, "aksoy", person: "medewerker-ict")
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            _ = try await employee.get("/werkruimte/nevenwerkzaamheden")
            _ = try await employee.post("/werkruimte/nevenwerkzaamheden",
                                        Self.activity("Lid Europees Parlement", start: app.today.adding(days: 60), yes: nil, parliament: true))
            let id = try #require(try await SideActivityRecord.query(on: app.db).first()).requireID()
            _ = try await manager.get("/werkruimte/nevenwerkzaamheden/\(id)")
            let allowed = try await manager.post("/werkruimte/nevenwerkzaamheden/\(id)/besluit",
                                                 Self.decision("toegestaan", reassess: app.today.adding(years: 1)))
            #expect(allowed.status == .unprocessableEntity
                    && allowed.body.contains(app.localisation.localizer(.dutch).text("register.error.incompatibleByLaw")))
            _ = try await manager.get("/werkruimte/nevenwerkzaamheden/\(id)")
            let forbidden = try await manager.post("/werkruimte/nevenwerkzaamheden/\(id)/besluit",
                                                   Self.decision("verboden", reason: "Wet incompatibiliteiten", reassess: nil))
            #expect(forbidden.status == .seeOther)
            let stored = try #require(try await SideActivityRecord.find(id, on: app.db))
            #expect(stored.outcome == "verboden" && stored.reassessOn == nil && stored.incompatible)
            // A ban is not published.
            #expect(try await PublishedSideActivity.query(on: app.db).count() == 0)
            #expect(try await TestBrowser(app).get("/registers/ambtenaren").body.contains("id=\"published-side-activities-empty\""))
        }
    }

    @Test("Eight decisions on one side activity at once: exactly one counts", arguments: TestDatabase.all)
    func decisionIsAtomic(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try await DeclareSideActivity.run(
                declarantID: "medewerker-ict",
                declaration: SideActivityDeclaration(activity: "Penningmeester", organisation: "Sportclub", paid: false, hoursPerMonth: 4,
                                                     startDate: app.today),
                by: .system, app: app, db: app.db)
            let results = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        do {
                            try await DecideSideActivity.run(id: id, decision: SideActivityDecision(outcome: .allowed, reason: "Prima \(n)",
                                                                                                    reassessOn: app.today.adding(years: 2)),
                                                             deciderID: "manager-ict", by: .system, app: app, db: app.db)
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
}
