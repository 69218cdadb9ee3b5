import Fluent
import Foundation
import SQLKit
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// Fills in the questionnaire in a test browser: on every page, the wanted answers whose fields are
/// on it; returns the keys of the pages seen.
@discardableResult
func fillInSurvey(_ browser: TestBrowser, code: String, answers: [String: [String]]) async throws -> (pages: Int, sawIncidentModule: Bool, last: TestBrowser.Page) {
    try await browser.get("/monitor")
    let started = try await browser.post("/monitor", ["code": code])
    #expect(started.location == "/monitor/vragen", "\(started.body.prefix(300))")
    var pages = 0
    var incident = false
    var page = try await browser.get("/monitor/vragen")
    while page.body.contains(#"action="/monitor/vragen""#), pages < 60 {
        pages += 1
        if page.body.contains(#"id="question-IV.11""#) { incident = true }
        let index = try #require(TestBrowser.firstMatch(#"name="page" value="([0-9]+)""#, in: page.body))
        var body = ["_csrf=\(TestBrowser.formEncode(browser.csrfToken()))", "page=\(index)", "richting=verder"]
        for (key, values) in answers where page.body.contains("name=\"a:\(key)\"") {
            for value in values { body.append("\(TestBrowser.formEncode("a:" + key))=\(TestBrowser.formEncode(value))") }
        }
        let posted = try await browser.postRaw("/monitor/vragen", body.joined(separator: "&"))
        if posted.status == .seeOther {
            page = try await browser.get("/monitor/vragen")
        } else {
            page = posted
            if !posted.body.contains(#"action="/monitor/vragen""#) { break }
        }
    }
    return (pages, incident, page)
}

extension TestBrowser {
    /// Posts a url-encoded body as given (repeated names, as a browser sends checkboxes).
    @discardableResult
    func postRaw(_ path: String, _ body: String) async throws -> Page {
        try await sendForm(path, body)
    }
}

@Suite("Monitor: waves, one-time codes, unlinkable answers, results with minimum groups")
struct MonitorWebTests {
    static let withIncident: [String: [String]] = [
        "CONSENT.1": ["ja"], "I.1": ["b"], "I.2": ["a"], "I.3": ["c"], "II.1.1": ["2"], "II.1.2": ["6"], "II.2": ["a", "i"],
        "II.3.a": ["b"], "II.4": ["2"], "III.5": ["b"], "III.7.1": ["7"], "IV.11": ["c"], "IV.19": ["6"], "V.3": ["b"],
    ]
    static let withoutIncident: [String: [String]] = [
        "CONSENT.1": ["ja"], "I.1": ["a"], "I.4": ["a"], "II.1.1": ["5"], "III.5": ["a"], "III.7.1": ["8"], "V.3": ["a"],
    ]

    @Test("A code works once; answers are stored without it; the incident module follows the routing", arguments: TestDatabase.all)
    func participation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let instrument = try #require(app.instruments.instrument("kzt", version: "1.1"))
            let (wave, codes) = try await MonitorService.openWave(name: "Najaar", instrument: instrument, respondentType: "current",
                                                                 population: ["politiek": 600, "ambtelijk": 700], codes: 3, app: app, db: app.db)
            let first = TestBrowser(app)
            let one = try await fillInSurvey(first, code: codes[0].lowercased(), answers: Self.withIncident)
            #expect(one.sawIncidentModule)
            #expect(one.last.body.contains("Uw antwoorden zijn opgeslagen"))
            let two = try await fillInSurvey(TestBrowser(app), code: codes[1], answers: Self.withoutIncident)
            #expect(!two.sawIncidentModule)

            // Used or unknown: the same message, which tells nothing about anyone else.
            let reuse = TestBrowser(app)
            try await reuse.get("/monitor")
            let used = try await reuse.post("/monitor", ["code": codes[0]])
            let unknown = try await reuse.post("/monitor", ["code": "AAAA-BBBB-CCCC-DDDD"])
            #expect(used.status == .unprocessableEntity && unknown.status == .unprocessableEntity)
            let message = "Deze code kunnen we niet gebruiken."
            #expect(used.body.contains(message) && unknown.body.contains(message))

            let responses = try await MonitorService.responses(of: wave, db: app.db)
            #expect(responses.count == 2)
            let incident = try #require(responses.first { $0["I.1"] == ["b"] })
            #expect(incident["II.3.a"] == ["b"] && incident["IV.19"] == ["6"])
            // The branch not taken is not stored (I.4 belongs to the political organisation).
            #expect(responses.first { $0["I.1"] == ["a"] }?["I.2"] == nil)
            // Positive control: that response is there, with the branch it did take.
            #expect(responses.first { $0["I.1"] == ["a"] }?["I.4"] == ["a"])

            // No stored answer can be linked to a code: no code, no time, no device with the answers;
            // the uses of codes carry no time; drafts are gone.
            let sql = try #require(app.db as? any SQLDatabase)
            func columns(_ table: String) async throws -> [String] {
                struct Column: Decodable { let name: String }
                if database == .sqlite {
                    return try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Column.self).map(\.name)
                }
                return try await sql.raw("SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table) AND table_schema = current_schema()")
                    .all(decoding: Column.self).map(\.name)
            }
            let responseColumns = try await columns("survey_responses")
            #expect(Set(responseColumns) == ["id", "wave_id", "version", "answers", "open_sealed"])
            #expect(Set(try await columns("survey_code_uses")) == ["id", "code_hash"])
            // Positive control: the hash below is the one the app stores for a code used.
            #expect(try await SurveyCodeUse.query(on: app.db).all().map(\.codeHash).contains(MonitorService.hash(codes[1])))
            for row in try await SurveyResponse.query(on: app.db).all() {
                for code in codes {
                    #expect(!row.answers.contains(MonitorService.hash(code)))
                    #expect(!row.answers.contains(code))
                }
            }
            #expect(try await SurveyDraft.query(on: app.db).count() == 0)
            #expect(try await SurveyCodeUse.query(on: app.db).count() == 2)
        }
    }

    @Test("Pausing keeps the answers on this device for 14 days; another device gets nothing; stopping throws them away", arguments: TestDatabase.all)
    func pauseAndStop(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let instrument = try #require(app.instruments.instrument("kzt", version: "1.1"))
            let (_, codes) = try await MonitorService.openWave(name: "W", instrument: instrument, respondentType: "current",
                                                              population: [:], codes: 2, app: app, db: app.db)
            let device = TestBrowser(app)
            try await device.get("/monitor")
            try await device.post("/monitor", ["code": codes[0]])
            let page = try await device.get("/monitor/vragen")
            let index = try #require(TestBrowser.firstMatch(#"name="page" value="([0-9]+)""#, in: page.body))
            try await device.postRaw("/monitor/vragen", "_csrf=\(TestBrowser.formEncode(device.csrfToken()))&page=\(index)&richting=verder")
            // Back later on the same device: where it was.
            let again = try await device.get("/monitor")
            #expect(again.body.contains("Verder waar u was"))
            #expect(try await device.get("/monitor/vragen").body.contains(#"name="page" value="1""#))
            // Another device has no draft.
            #expect(try await TestBrowser(app).get("/monitor/vragen").location == "/monitor?verlopen=1")
            // The draft expires after 14 days.
            let draft = try #require(try await SurveyDraft.query(on: app.db).first())
            #expect(draft.expiresAt.timeIntervalSince(app.clock.now) == 14 * 24 * 3600)
            try await device.get("/monitor/vragen")
            try await device.post("/monitor/stoppen", [:])
            #expect(try await SurveyDraft.query(on: app.db).count() == 0)
        }
    }

    @Test("Results show suppression at work: nothing below 35, small groups left out with a note; closing below 35 warns",
          arguments: TestDatabase.all)
    func results(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let instrument = try #require(app.instruments.instrument("kzt", version: "1.1"))
            let (wave, _) = try await MonitorService.openWave(name: "Voorjaar", instrument: instrument, respondentType: "current",
                                                             population: ["ambtelijk": 100], codes: 60, app: app, db: app.db)
            func add(_ answers: SurveyAnswers) async throws {
                let response = SurveyResponse()
                response.$wave.id = try wave.requireID()
                response.version = "1.1"
                response.answers = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
                try await response.create(on: app.db)
            }
            let hr = try await signedInFunctionary(app, "kortlever", person: "hr-1")
            let path = "/werkruimte/monitor/\(try wave.requireID())"
            for i in 0..<20 { try await add(["I.1": ["b"], "II.1.1": [String(1 + i % 7)], "V.3": ["b"]]) }
            #expect(try await hr.get(path).body.contains("minder dan 35 ingevulde vragenlijsten"))
            // Closing below the minimum warns first.
            try await createStaff(app, username: "beheer", role: .administrator)
            let admin = TestBrowser(app)
            try await signIn(admin, username: "beheer")
            let adminPage = try await admin.get("/beheer/monitor")
            // Instruments by name, the monitor's newest version first and chosen (issue 15).
            #expect(adminPage.body.contains("<option value=\"kzt 1.1\" selected>Monitor sociale veiligheid (Kracht zonder tegenkracht), versie 1.1</option>"))
            #expect(adminPage.body.contains("<option value=\"kzt 1.0\">Monitor sociale veiligheid (Kracht zonder tegenkracht), versie 1.0</option>"))
            let warned = try await admin.post("/beheer/monitor/\(try wave.requireID())/sluiten", [:])
            #expect(warned.status == .conflict)
            #expect(warned.body.contains("minder dan de minimale groep van 35"))

            for i in 0..<30 { try await add(["I.1": ["b"], "II.1.1": [String(1 + (i * 3) % 7)], "V.3": [i < 25 ? "a" : "b"]]) }
            let page = try await hr.get(path)
            #expect(page.body.contains("id=\"measures\""))
            // II.1.1 is reverse-coded: marked (R) as the note says, with its scale, and a Dutch decimal comma (issue 15).
            let row = TestBrowser.firstMatch(#"<th scope="row">II\.1\.1 [^<]*\(R\)</th><td class="number">1-7</td><td class="number">([0-9]+,[0-9]{2})</td>"#, in: page.body)
            #expect(row != nil)
            #expect(page.body.contains("Negatief geformuleerde stellingen (R) zijn omgedraaid"))
            // 50 civil servants, 25 men and 25 women: no gender group reaches 35.
            #expect(page.body.contains("Niet getoond, want kleiner dan 35: Man, Vrouw"))
            #expect(page.body.contains("50 ingevuld van 60 codes"))
            let csv = try await hr.get("\(path)/csv")
            #expect(csv.body.contains("vergelijking:gender;II.1.1;;man;;<35"))
            // The men's row has no n and no mean: its one line is the suppressed one. (This replaces a check for
            // `II.1.1";"man`, a quoting the CSV never uses for these fields, so it could not fail.)
            #expect(csv.body.split(separator: "\r\n").filter { $0.hasPrefix("vergelijking:gender;II.1.1;;man;") } == ["vergelijking:gender;II.1.1;;man;;<35"])
            // Positive control: where the group is large enough, the CSV does show the n and the mean.
            #expect(csv.body.contains("gemiddelde;II.1.1;") && csv.body.contains(";alle;50;"))
            // A manager may not see the results.
            let manager = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            #expect(try await manager.get(path).status == .forbidden)
        }
    }
}
