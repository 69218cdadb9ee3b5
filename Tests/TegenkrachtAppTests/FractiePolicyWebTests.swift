import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 18: the fracties' policy in the public register with what the Presidium is told (6.4.5), and
/// the RI&E input per employer (6.6.2).
@Suite struct FractiePolicyWebTests {
    @Test("The public register of fracties shows each fractie's evaluation and RI&E, and what needs the Presidium's attention",
          arguments: [TestDatabase.sqlite])
    func register(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let page = try await TestBrowser(app).get("/fracties")
            #expect(page.status == .ok)
            let body = page.body
            let noordstar = try #require(body.firstRange(of: "Noordstar").map { String(body[$0.lowerBound...].prefix(800)) })
            #expect(noordstar.contains("In orde"))
            let groen = try #require(body.firstRange(of: "Groen Verbond").map { String(body[$0.lowerBound...].prefix(800)) })
            #expect(groen.contains("Evaluatie te oud") && groen.contains("RI&amp;E te oud"))
            #expect(body.contains("niet in 3 jaar geëvalueerd") && body.contains("ouder dan 4 jaar"))
            // The Presidium reads the same flags in the learning register.
            let chair = TestBrowser(app)
            try await createStaff(app, username: "voorzitter").with(personID: "voorzitter-kamer", app: app)
            try await signIn(chair, username: "voorzitter")
            let learning = try await chair.get("/werkruimte/leren/voortgang")
            #expect(learning.body.contains("id=\"fractie-flags\"") && learning.body.contains("Groen Verbond"))
            #expect(!(learning.body.firstRange(of: "fractie-flags").map { String(learning.body[$0.lowerBound...]) } ?? "").contains("Noordstar"))
        }
    }

    @Test("The RI&E input: signals about the employer's own units only, suppressed below k; survey waves of the year; HR of that employer only",
          arguments: TestDatabase.all)
    func riskInventory(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let day = try #require(LocalDate(iso: "2025-05-01"))
            func insert(_ items: [String], unit: SubjectIdentifier) async throws {
                _ = try await RegistryService.insert(RegistryRecord(kind: .signal, channel: .lineManager, behaviourItems: items, received: day),
                                                     source: nil, caseID: nil, subjects: [.init(identifier: unit, label: "x")],
                                                     registeredBy: nil, app: app, db: app.db)
            }
            for _ in 0..<6 { try await insert(["a"], unit: .unit("griffiersdiensten")) }
            for _ in 0..<2 { try await insert(["g"], unit: .unit("griffiersdiensten")) }
            // About a fractie employed by another employer: not in the civil service's input.
            for _ in 0..<9 { try await insert(["a"], unit: .fractie("noordstar")) }

            let hr = TestBrowser(app)
            try await createStaff(app, username: "hr").with(personID: "hr-1", app: app)
            try await signIn(hr, username: "hr")
            #expect(try await hr.get("/werkruimte/rie").body.contains("/werkruimte/rie/ambtelijke-organisatie"))
            let csv = try await hr.get("/werkruimte/rie/ambtelijke-organisatie?jaar=2025")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            // In the reader's language, by name.
            #expect(lines.contains("\"signalen\";\"signalen in totaal\";\"8\""), "\(lines)")
            // Two about threats: hidden; and with them the six about words, or 8 - 6 would point at the two.
            #expect(lines.contains("\"signalen naar soort gedrag\";\"Woorden en roddels\";\"verborgen\""), "\(lines)")
            // The two about threats are hidden, never "2"; the fractie's nine are not here.
            #expect(!lines.contains { $0.hasSuffix("\"2\"") } && !lines.contains { $0.contains("\"9\"") || $0.contains("\"17\"") })
            #expect(lines.contains { $0.hasSuffix("\"verborgen\"") })
            // HR of the civil service may not export for a fractie's foundation.
            #expect(try await hr.get("/werkruimte/rie/stichting-noordstar?jaar=2025").status == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "registry.export").filter(\.$subject == "rie:ambtelijke-organisatie:2025").count() == 1)
            let advisor = TestBrowser(app)
            try await createStaff(app, username: "adviseur").with(personID: "vp-extern", app: app)
            try await signIn(advisor, username: "adviseur")
            #expect(try await advisor.get("/werkruimte/rie/ambtelijke-organisatie?jaar=2025").status == .forbidden)
        }
    }

    @Test("A fractie runs the monitor as its own employer: its competent authority reads the results, the organisation's HR and coordinator do not, and the Kamer's indicators leave it out",
          arguments: TestDatabase.all)
    func fractieWave(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let instrument = try #require(app.instruments.instrument("kzt", version: "1.1"))
            try await createStaff(app, username: "beheer", role: .administrator)
            let admin = TestBrowser(app)
            try await signIn(admin, username: "beheer")
            #expect(try await admin.get("/beheer/monitor").body.contains("<option value=\"stichting-noordstar\">"))
            let opened = try await admin.post("/beheer/monitor", ["name": "Noordstar 2026", "instrument": "kzt 1.1", "respondentType": "current",
                                                                  "codes": "40", "employer": "stichting-noordstar"])
            #expect(opened.status == .ok)
            #expect(try await admin.post("/beheer/monitor", ["name": "X", "instrument": "kzt 1.1", "codes": "3", "employer": "verzonnen"]).status
                    == .unprocessableEntity)
            let wave = try #require(try await SurveyWave.query(on: app.db).filter(\.$name == "Noordstar 2026").first())
            #expect(wave.employer == "stichting-noordstar")
            let path = "/werkruimte/monitor/\(try wave.requireID())"
            // An organisation-wide wave alongside, which everyone who reads results sees.
            let (kamer, _) = try await MonitorService.openWave(name: "Kamerbreed", instrument: instrument, respondentType: "current",
                                                              population: [:], codes: 3, app: app, db: app.db)

            let secretary = try await signedInFunctionary(app, "secretaris", person: "secretaris-noordstar")
            #expect(try await secretary.get(path).status == .ok)
            #expect(try await secretary.get("/werkruimte/monitor").body.contains("Noordstar 2026"))
            let hr = try await signedInFunctionary(app, "hrkamer", person: "hr-1")
            #expect(try await hr.get(path).status == .forbidden)
            #expect(try await hr.get("\(path)/csv").status == .forbidden)
            let list = try await hr.get("/werkruimte/monitor").body
            #expect(!list.contains("Noordstar 2026") && list.contains("Kamerbreed"))
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            #expect(try await coordinator.get(path).status == .forbidden)
            #expect(try await coordinator.get("/werkruimte/monitor/\(try kamer.requireID())").status == .ok)
        }
    }
}
