import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 14: extending a business trip for private purposes (woo-besluit §7, spec 002 R-136): asked
/// before departure, at most 72 hours, extra costs paid by the traveller, a partner only for a reason
/// of the work; the manager's written answer, an approval never after the day of departure.
@Suite("Trip extensions")
struct TripExtensionWebTests {
    static func request(_ destination: String, departure: LocalDate, hours: String = "48", position: String = "einde",
                        partner: String? = nil, paysCosts: Bool = true) -> [String: String] {
        var fields = ["destination": destination, "departureDay": String(departure.day), "departureMonth": String(departure.month),
                      "departureYear": String(departure.year), "position": position, "hours": hours]
        if let partner {
            fields["partner"] = "ja"
            fields["partnerReason"] = partner
        }
        if paysCosts { fields["paysCosts"] = "ja" }
        return fields
    }

    @Test("Asked before departure, refused in words when the rules say no, approved in writing once; after departure no approval",
          arguments: TestDatabase.all)
    func flow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let employee = try await signedInFunctionary(app, "aksoy", person: "medewerker-ict")
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            let stranger = try await signedInFunctionary(app, "oudemolen", person: "vp-ambtelijk-1")
            let dutch = app.localisation.localizer(.dutch)
            let departure = app.today.adding(days: 10)

            let form = try await employee.get("/werkruimte/reisverlenging")
            #expect(form.body.contains("id=\"trip-manager\"") && form.body.contains("72 uur"))
            for (fields, key) in [(Self.request("Brussel, overleg", departure: departure, hours: "73"), "register.error.tooManyHours"),
                                  (Self.request("Brussel, overleg", departure: app.today.adding(days: -1)), "register.error.departed"),
                                  (Self.request("Brussel, overleg", departure: departure, paysCosts: false), "register.error.extraCosts"),
                                  (Self.request("Brussel, overleg", departure: departure, partner: " "), "register.error.partnerReason"),
                                  (Self.request("Brussel, overleg", departure: departure, hours: "0"), "register.error.hoursNeeded"),
                                  (Self.request("Brussel, overleg", departure: departure, hours: "twee dagen"), "register.error.hoursNeeded")] {
                let refused = try await employee.post("/werkruimte/reisverlenging", fields)
                #expect(refused.status == .unprocessableEntity && refused.body.contains(dutch.text(key)), "\(key)")
                #expect(refused.body.contains("value=\"Brussel, overleg\""), "\(key)")
            }
            #expect(try await TripExtensionRecord.query(on: app.db).count() == 0)

            let sent = try await employee.post("/werkruimte/reisverlenging", Self.request("Brussel, overleg", departure: departure, hours: "72"))
            #expect(sent.location == "/werkruimte/reisverlenging?ok=1")
            let record = try #require(try await TripExtensionRecord.query(on: app.db).first())
            let id = try record.requireID()
            #expect(record.managerID == "manager-ict" && record.hours == 72 && record.departure == departure.iso && !record.withPartner)
            #expect(!record.requestSealed.contains("Brussel"))

            _ = try await employee.get("/werkruimte/reisverlenging")
            #expect(try await stranger.get("/werkruimte/reisverlenging/\(id)").status == .notFound)
            #expect(try await stranger.post("/werkruimte/reisverlenging/\(id)/besluit", ["outcome": "goedgekeurd"]).status == .notFound)
            #expect(try await employee.post("/werkruimte/reisverlenging/\(id)/besluit", ["outcome": "goedgekeurd"]).status == .notFound)

            // A refusal needs its reason.
            _ = try await manager.get("/werkruimte/reisverlenging/\(id)")
            let noReason = try await manager.post("/werkruimte/reisverlenging/\(id)/besluit", ["outcome": "afgewezen", "reason": " "])
            #expect(noReason.status == .unprocessableEntity && noReason.body.contains(dutch.text("register.error.reasonNeeded")))
            _ = try await manager.get("/werkruimte/reisverlenging/\(id)")
            let approved = try await manager.post("/werkruimte/reisverlenging/\(id)/besluit", ["outcome": "goedgekeurd", "reason": ""])
            #expect(approved.location == "/werkruimte/reisverlenging/\(id)")
            let stored = try #require(try await TripExtensionRecord.find(id, on: app.db))
            #expect(stored.state == "besloten" && stored.approved == true && stored.decidedBy == "manager-ict")
            _ = try await manager.get("/werkruimte/reisverlenging")
            let twice = try await manager.post("/werkruimte/reisverlenging/\(id)/besluit", ["outcome": "afgewezen", "reason": "toch niet"])
            #expect(twice.status == .unprocessableEntity && twice.body.contains(dutch.text("register.error.decidedAlready")))
            #expect(try await employee.get("/werkruimte/reisverlenging/\(id)").body.contains("Goedgekeurd op"))
            let register = try await coordinator.get("/werkruimte/reisverlenging")
            #expect(register.body.contains("id=\"trips-register\"") && register.body.contains("Brussel, overleg"))

            // Another request; the manager waits until after the day of departure: no approval then.
            _ = try await employee.get("/werkruimte/reisverlenging")
            _ = try await employee.post("/werkruimte/reisverlenging", Self.request("Genève, conferentie", departure: app.today.adding(days: 2),
                                                                                    position: "begin", partner: "Tolk bij de conferentie"))
            // 48 hours at the start of a trip leaving in two days: the traveller leaves today, so the
            // approval had to be there today; tomorrow it is too late.
            let late = try #require(try await TripExtensionRecord.query(on: app.db).filter(\.$id != id).first())
            #expect(late.withPartner && late.position == "begin")
            let clock = try #require(app.tegenkracht.clock as? FixedClock)
            clock.advance(by: 86_400)
            let managerLater = try await signedInFunctionary(app, "ramdin.later", person: "manager-ict")
            _ = try await managerLater.get("/werkruimte/reisverlenging/\(try late.requireID())")
            let tooLate = try await managerLater.post("/werkruimte/reisverlenging/\(try late.requireID())/besluit", ["outcome": "goedgekeurd"])
            #expect(tooLate.status == .unprocessableEntity && tooLate.body.contains(dutch.text("register.error.approvedAfterDeparture")))
            #expect(try await TripExtensionRecord.find(try late.requireID(), on: app.db)?.state == "open")

            let actions = try await AuditEntry.query(on: app.db).filter(\.$subject == "trip-extension:\(id)").all().map(\.action)
            for action in ["declaration.create", "declaration.decide", "declaration.view"] {
                #expect(actions.contains(action), "\(action)")
            }
        }
    }

    @Test("Eight answers to one request at once: exactly one counts", arguments: TestDatabase.all)
    func answerIsAtomic(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try await RequestTripExtension.run(
                declarantID: "medewerker-ict",
                request: TripExtensionRequest(destination: "Berlijn", trip: TripExtension(departure: app.today.adding(days: 5), position: .end, hours: 24),
                                              paysExtraCosts: true),
                by: .system, app: app, db: app.db)
            let results = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        do {
                            try await DecideTripExtension.run(id: id, decision: TripExtensionDecision(approved: n % 2 == 0, reason: "Antwoord \(n)"),
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
