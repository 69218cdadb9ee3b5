import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 14: an official's financial interests (woo-besluit §4.4): declared to the line manager,
/// flagged when it can touch the service, assessed once; read by the declarant, the manager, the
/// integrity coordinator, and HR of the employer for what was declared in its risk functions.
@Suite("Financial interests")
struct FinancialInterestWebTests {
    static func interest(_ subject: String, kind: String = "effecten", since: LocalDate, signs: [String] = ["leverancier-werkgever"],
                         partner: Bool = false) -> [String: String] {
        var fields = ["kind": kind, "subject": subject, "sinceDay": String(since.day), "sinceMonth": String(since.month),
                      "sinceYear": String(since.year), "explanation": "Geërfd van een tante"]
        if let sign = signs.first { fields["signs[]"] = sign }
        if partner { fields["holder"] = "partner" }
        return fields
    }

    @Test("Declared in a risk function, flagged, assessed with measures once; the coordinator and HR see it, nobody else",
          arguments: TestDatabase.all)
    func flow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let employee = try await signedInFunctionary(app, "aksoy", person: "medewerker-ict")
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            let hr = try await signedInFunctionary(app, "hr", person: "hr-1")
            let stranger = try await signedInFunctionary(app, "oudemolen", person: "vp-ambtelijk-1")
            let dutch = app.localisation.localizer(.dutch)
            let lastYear = app.today.adding(years: -1)

            // The page says the function is a risk function, from the organisation model.
            let form = try await employee.get("/werkruimte/financiele-belangen")
            #expect(form.body.contains("id=\"financial-interest-duty\"") && form.body.contains("Inkoop en contractbeheer ICT"))
            // The page says who reads it: HR too, since his function is a risk function.
            #expect(form.body.contains(dutch.text("financialInterest.readers.hr")))
            #expect(try await manager.get("/werkruimte/financiele-belangen").body.contains(dutch.text("financialInterest.readers")))
            #expect(!(try await manager.get("/werkruimte/financiele-belangen")).body.contains("Inkoop en contractbeheer ICT"))

            // Bad input: refused in words, the typed text kept, nothing stored.
            let empty = try await employee.post("/werkruimte/financiele-belangen", Self.interest(" ", since: lastYear))
            #expect(empty.status == .unprocessableEntity && empty.body.contains(dutch.text("financialInterest.error.subjectMissing")))
            var impossible = Self.interest("Aandelen Datacentrum Noord BV", since: lastYear)
            (impossible["sinceDay"], impossible["sinceMonth"]) = ("30", "2")
            let refused = try await employee.post("/werkruimte/financiele-belangen", impossible)
            #expect(refused.status == .unprocessableEntity && refused.body.contains(dutch.text("register.error.date")))
            #expect(refused.body.contains("value=\"Aandelen Datacentrum Noord BV\""))
            var noKind = Self.interest("Aandelen Datacentrum Noord BV", since: lastYear)
            noKind["kind"] = "bitcoin"
            #expect(try await employee.post("/werkruimte/financiele-belangen", noKind).body.contains(dutch.text("financialInterest.error.kind")))
            #expect(try await FinancialInterestRecord.query(on: app.db).count() == 0)

            let sent = try await employee.post("/werkruimte/financiele-belangen",
                                               Self.interest("Aandelen Datacentrum Noord BV", since: lastYear, partner: true))
            #expect(sent.location == "/werkruimte/financiele-belangen?ok=1")
            let record = try #require(try await FinancialInterestRecord.query(on: app.db).first())
            let id = try record.requireID()
            #expect(record.managerID == "manager-ict" && record.flagged && record.riskFunction == "inkoop-ict")
            #expect(record.employer == "ambtelijke-organisatie" && record.holder == "partner" && record.kind == "effecten")
            #expect(!record.declarationSealed.contains("Datacentrum"))
            #expect(try await manager.get("/werkruimte").body.contains("1 melding van een financieel belang"))

            // Need-to-know: a stranger gets "not found", HR of the employer and the coordinator read it.
            #expect(try await stranger.get("/werkruimte/financiele-belangen/\(id)").status == .notFound)
            #expect(!(try await stranger.get("/werkruimte/financiele-belangen").body.contains("Datacentrum")))
            #expect(try await stranger.post("/werkruimte/financiele-belangen/\(id)/besluit",
                                            ["outcome": "toegestaan", "reason": "Prima"]).status == .notFound)
            #expect(try await hr.get("/werkruimte/financiele-belangen/\(id)").status == .ok)
            let hrList = try await hr.get("/werkruimte/financiele-belangen")
            #expect(hrList.body.contains("id=\"financial-interests-hr\"") && hrList.body.contains("Datacentrum"))
            #expect(!hrList.body.contains("id=\"financial-interests-register\""))
            #expect(try await hr.post("/werkruimte/financiele-belangen/\(id)/besluit", ["outcome": "toegestaan", "reason": "Prima"]).status == .notFound)
            let own = try await employee.get("/werkruimte/financiele-belangen/\(id)")
            #expect(own.status == .ok && !own.body.contains("id=\"decision-form\"") && own.body.contains("id=\"financial-interest-flagged\""))

            // The manager: a reason always, measures need words.
            let page = try await manager.get("/werkruimte/financiele-belangen/\(id)")
            #expect(page.body.contains("id=\"decision-form\"") && page.body.contains("id=\"financial-interest-answers\""))
            for (fields, key) in [(["outcome": "toegestaan-met-maatregelen", "reason": "Leverancier"], "financialInterest.error.measuresMissing"),
                                  (["outcome": "toegestaan", "reason": "  "], "register.error.reasonNeeded"),
                                  (["reason": "Geen keuze"], "declaration.error.outcome")] {
                try await manager.get("/werkruimte/financiele-belangen/\(id)")
                let bad = try await manager.post("/werkruimte/financiele-belangen/\(id)/besluit", fields)
                #expect(bad.status == .unprocessableEntity && bad.body.contains(dutch.text(key)), "\(key)")
            }
            try await manager.get("/werkruimte/financiele-belangen/\(id)")
            let decided = try await manager.post("/werkruimte/financiele-belangen/\(id)/besluit",
                                                 ["outcome": "toegestaan-met-maatregelen", "reason": "Datacentrum Noord is leverancier",
                                                  "measures": "Niet betrokken bij de aanbesteding van hosting"])
            #expect(decided.location == "/werkruimte/financiele-belangen/\(id)")
            let stored = try #require(try await FinancialInterestRecord.find(id, on: app.db))
            #expect(stored.state == "besloten" && stored.outcome == "toegestaan-met-maatregelen")
            #expect(stored.decisionSealed?.contains("aanbesteding") == false)
            try await manager.get("/werkruimte/financiele-belangen")
            let twice = try await manager.post("/werkruimte/financiele-belangen/\(id)/besluit", ["outcome": "verboden", "reason": "Toch niet"])
            #expect(twice.status == .unprocessableEntity && twice.body.contains(dutch.text("register.error.decidedAlready")))
            #expect(try await employee.get("/werkruimte/financiele-belangen/\(id)").body.contains("Niet betrokken bij de aanbesteding van hosting"))

            let register = try await coordinator.get("/werkruimte/financiele-belangen")
            #expect(register.body.contains("id=\"financial-interests-register\"") && register.body.contains("Inkoop en contractbeheer ICT"))

            let actions = try await AuditEntry.query(on: app.db).filter(\.$subject == "financial-interest:\(id)").all().map(\.action)
            for action in ["declaration.create", "declaration.decide", "declaration.view"] {
                #expect(actions.contains(action), "\(action)")
            }
            let scopes = try await AuditEntry.query(on: app.db).filter(\.$action == "declaration.register-view").all().map(\.subject)
            #expect(scopes.contains("financial-interests:hr") && scopes.contains("financial-interests:all"))
        }
    }

    @Test("Outside a risk function: HR does not read it; the manager and coordinator do", arguments: TestDatabase.all)
    func notInRiskFunction(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try await DeclareFinancialInterest.run(
                declarantID: "vp-ambtelijk-2",
                declaration: FinancialInterestDeclaration(kind: .ownership, subject: "Bakkerij Ramdin", since: app.today.adding(years: -5)),
                by: .system, app: app, db: app.db)
            let record = try #require(try await FinancialInterestRecord.find(id, on: app.db))
            #expect(record.riskFunction == nil && record.employer == nil && !record.flagged)
            let hr = try await signedInFunctionary(app, "hr", person: "hr-1")
            #expect(try await hr.get("/werkruimte/financiele-belangen/\(id)").status == .notFound)
            #expect(!(try await hr.get("/werkruimte/financiele-belangen").body.contains("Bakkerij")))
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            #expect(try await coordinator.get("/werkruimte/financiele-belangen/\(id)").status == .ok)
        }
    }

    @Test("Eight decisions on one financial interest at once: exactly one counts", arguments: TestDatabase.all)
    func decisionIsAtomic(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try await DeclareFinancialInterest.run(
                declarantID: "medewerker-ict",
                declaration: FinancialInterestDeclaration(kind: .securities, subject: "Indexfonds", since: app.today),
                by: .system, app: app, db: app.db)
            let results = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        do {
                            try await DecideFinancialInterest.run(id: id, decision: FinancialInterestDecision(outcome: .allowed, reason: "Prima \(n)"),
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
