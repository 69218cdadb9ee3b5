import Fluent
import SQLKit
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// The wave's counts are kept as responses are stored (issue 17), in the response's own transaction.
@Suite("Monitor: counts kept with the responses")
struct MonitorTallyTests {
    /// Varied answers: both groups, scale values across the range, several answers to II.2.
    static func responses(_ count: Int, seed: Int) -> [SurveyAnswers] {
        (0..<count).map { i in
            let k = i * 7 + seed
            var answers: SurveyAnswers = ["I.1": [k % 2 == 0 ? "a" : "b"], "V.3": [["a", "b", "d"][k % 3]],
                                          "II.2": Array(["a", "c", "i", "k"].prefix(k % 5))]
            for item in 1...11 { answers["II.1.\(item)"] = [String(1 + (k + item) % 7)] }
            for item in 1...6 { answers["III.7.\(item)"] = [String(1 + (k * item) % 10)] }
            return answers
        }
    }

    @Test("Forty responses at once: the stored counts are exactly those of the stored responses", arguments: TestDatabase.all)
    func parallel(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let instrument = try #require(app.instruments.instrument("kzt", version: "1.1"))
            let (wave, codes) = try await MonitorService.openWave(name: "Najaar", instrument: instrument, respondentType: "current",
                                                                 population: ["ambtelijk": 100], codes: 40, app: app, db: app.db)
            let answers = Self.responses(40, seed: 11)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (code, response) in zip(codes, answers) {
                    group.addTask {
                        let token = try await MonitorService.start(code: code, app: app, db: app.db)
                        let draft = try #require(try await MonitorService.draft(token: token, db: app.db, now: app.clock.now))
                        try await MonitorService.submit(response, instrument: instrument, draft: draft, app: app, db: app.db)
                    }
                }
                try await group.waitForAll()
            }
            let stored = try await MonitorService.responses(of: wave, db: app.db)
            #expect(stored.count == 40)
            let tally = try await MonitorService.tally(of: wave, instrument: instrument, db: app.db)
            #expect(tally.respondents == 40)
            #expect(tally == SurveyTally(instrument: instrument, responses: stored))
            // Positive control: the counts were kept as the responses came in, not counted afresh just now.
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { let respondents: Int }
            let n = try await sql.raw("SELECT respondents FROM survey_tallies WHERE cell = 'n'").all(decoding: Row.self)
            #expect(n.map(\.respondents) == [40])
        }
    }

    @Test("A wave answered before the counts existed: its page counts in memory and writes nothing; the job stores the counts, twice at once without doubling",
          arguments: TestDatabase.all)
    func backfill(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let instrument = try #require(app.instruments.instrument("kzt", version: "1.1"))
            let (wave, _) = try await MonitorService.openWave(name: "Oud", instrument: instrument, respondentType: "current",
                                                             population: ["ambtelijk": 100], codes: 1, app: app, db: app.db)
            for answers in Self.responses(50, seed: 3) {
                let response = SurveyResponse()
                response.$wave.id = try wave.requireID()
                response.version = "1.1"
                response.answers = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
                try await response.create(on: app.db)
            }
            let expected = SurveyTally(instrument: instrument, responses: Self.responses(50, seed: 3))
            let sql = try #require(app.db as? any SQLDatabase)
            struct Count: Decodable { let n: Int }
            func rows() async throws -> Int { try await sql.raw("SELECT COUNT(*) AS n FROM survey_tallies").all(decoding: Count.self).first?.n ?? -1 }
            #expect(try await rows() == 0)
            // The results page: right figures, nothing written by a GET.
            #expect(try await MonitorService.tally(of: wave, instrument: instrument, db: app.db) == expected)
            #expect(try await rows() == 0)
            // The job, twice at once: the counts are set, not added, so they are not doubled.
            async let first = MonitorService.recount(instruments: app.instruments, db: app.db)
            async let second = MonitorService.recount(instruments: app.instruments, db: app.db)
            let counted = try await first + second
            #expect(counted >= 1)
            #expect(try await rows() > 50)
            #expect(try await MonitorService.storedTally(of: wave, db: app.db).0 == expected)
            // Counted once: the next run finds nothing to do.
            #expect(try await MonitorService.recount(instruments: app.instruments, db: app.db) == 0)
        }
    }
}
