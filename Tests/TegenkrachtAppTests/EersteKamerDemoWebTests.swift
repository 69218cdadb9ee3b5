import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// The Eerste Kamer on the same software: its own organisation file and its own integrity code
/// ("eerste-kamer", in force from 2023-01-01).
@Suite("The Eerste Kamer demo organisation on the web")
struct EersteKamerDemoWebTests {
    static let organisationFile = TestPaths.root + "/Resources/Organisation/demo-eerste-kamer.json"

    static func eersteKamer(_ config: inout AppConfiguration) {
        config.organisationFile = organisationFile
        config.integrityCode = "eerste-kamer"
    }

    @Test("A €75 gift at the Eerste Kamer: declared by the employee, surrendered to charity by their manager, seen by the coordinator",
          arguments: TestDatabase.all)
    func giftFlow(database: TestDatabase) async throws {
        // `demo` stays on: the configured file is what is loaded, not the Tweede Kamer demo.
        try await withTestApp(database, adjust: Self.eersteKamer) { app in
            let organisation = try #require(try await app.organisationStore.current(on: app.db))
            #expect(organisation.name == "Eerste Kamer der Staten-Generaal (demo)")
            #expect(try await OrganisationVersion.query(on: app.db).count() == 1)

            let employee = try await signedInFunctionary(app, "verschoor", person: "medewerker-ek")
            let manager = try await signedInFunctionary(app, "hofstede", person: "manager-ek")
            let coordinator = try await signedInFunctionary(app, "gerritsen", person: "integriteitscoordinator")
            let lastWeek = app.today.adding(days: -7)

            // The form names the Eerste Kamer manager, from the Eerste Kamer's file.
            let form = try await employee.get("/werkruimte/verklaringen")
            #expect(form.status == .ok)
            #expect(form.body.contains("id=\"declaration-manager\"") && form.body.contains("Ingrid Hofstede"))

            let sent = try await employee.post("/werkruimte/verklaringen",
                                               IntegrityRegisterWebTests.gift("Boekhandel Dekker", value: "75", day: lastWeek))
            #expect(sent.location == "/werkruimte/verklaringen?ok=1")
            let record = try #require(try await GiftDeclarationRecord.query(on: app.db).first())
            let id = try record.requireID()
            // Over the Eerste Kamer's threshold of €50 (the code's rules on the day of the gift).
            #expect(record.declarantID == "medewerker-ek" && record.managerID == "manager-ek")
            #expect(record.valueCents == 7500 && record.flags == "boven-grens")

            let page = try await manager.get("/werkruimte/verklaringen/\(id)")
            #expect(page.body.contains("id=\"decision-form\"") && page.body.contains("Daan Verschoor"))
            let decided = try await manager.post("/werkruimte/verklaringen/\(id)/besluit",
                                                 ["outcome": "afstaan", "surrender": "goed-doel", "reason": "Boven de 50 euro van de gedragscode"])
            #expect(decided.location == "/werkruimte/verklaringen/\(id)")
            let stored = try #require(try await GiftDeclarationRecord.find(id, on: app.db))
            #expect(stored.state == "besloten" && stored.outcome == "afstaan" && stored.surrender == "goed-doel")
            #expect(stored.decidedBy == "manager-ek")

            let register = try await coordinator.get("/werkruimte/verklaringen")
            #expect(register.body.contains("id=\"declarations-register\""))
            #expect(register.body.contains("Daan Verschoor") && register.body.contains("Boekhandel Dekker"))
            #expect(register.body.contains("Aan een goed doel"))
            #expect(try await employee.get("/werkruimte/verklaringen/\(id)").body.contains("Boven de 50 euro van de gedragscode"))
        }
    }

    @Test("A gift from 2022, before the Eerste Kamer's code applied, is refused in words; the giver is kept",
          arguments: TestDatabase.all)
    func giftBeforeTheCode(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: Self.eersteKamer) { app in
            let employee = try await signedInFunctionary(app, "verschoor", person: "medewerker-ek")
            let lastDayBefore = try #require(LocalDate(iso: "2022-12-31"))
            let firstDay = try #require(LocalDate(iso: "2023-01-01"))
            try await employee.get("/werkruimte/verklaringen")
            let refused = try await employee.post("/werkruimte/verklaringen",
                                                  IntegrityRegisterWebTests.gift("Uitgeverij Oosterhout", value: "75",
                                                                                 day: lastDayBefore))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(app.localisation.localizer(.dutch).text("register.error.noRules")))
            #expect(refused.body.contains("value=\"Uitgeverij Oosterhout\""))
            #expect(try await GiftDeclarationRecord.query(on: app.db).count() == 0)

            // The first day of the code is accepted.
            try await employee.get("/werkruimte/verklaringen")
            let accepted = try await employee.post("/werkruimte/verklaringen",
                                                   IntegrityRegisterWebTests.gift("Uitgeverij Oosterhout", value: "75",
                                                                                  day: firstDay))
            #expect(accepted.location == "/werkruimte/verklaringen?ok=1")
        }
    }

    @Test("An integrity code that is not in the rules refuses to start, naming the codes it knows")
    func unknownCode() async throws {
        await #expect(throws: UnknownIntegrityCode.self) {
            try await withTestApp(.sqlite, adjust: { $0.integrityCode = "derde-kamer" }) { _ in }
        }
    }
}
