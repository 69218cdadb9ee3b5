import Fluent
import Foundation
import TegenkrachtApp
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht-bench monitor`: the results of a wave with many respondents (issue 8: under 1 s with
/// 10,000; issue 17: with 100,000): reading the wave's counts and computing every distribution, scale
/// and group comparison from them.
struct MonitorBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "respondents", help: "Respondents in the wave (default 10000).") var respondents: Int?
        @Option(name: "runs", help: "Runs (default 5).") var runs: Int?
    }

    var help: String { "Seeds a wave with N synthetic respondents and times its results." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = signature.respondents ?? 10_000
        guard let instrument = app.instruments.instrument("kzt", version: "1.1") else { throw Abort(.internalServerError) }
        let (wave, _) = try await MonitorService.openWave(name: "bench", instrument: instrument, respondentType: "current",
                                                         population: ["politiek": count / 2, "ambtelijk": count / 2], codes: 1, app: app, db: app.db)
        var generator = SystemRandomNumberGenerator()
        func pick(_ options: [String]) -> [String] { [options[Int(generator.next(upperBound: UInt32(options.count)))]] }
        var rows: [SurveyResponse] = []
        for _ in 0..<count {
            var answers: SurveyAnswers = ["CONSENT.1": ["ja"], "I.1": pick(["a", "b"]), "V.3": pick(["a", "b", "d"]), "V.6": pick(["a", "b", "c", "d", "e", "f"])]
            if answers["I.1"] == ["a"] { answers["I.4"] = pick(["a", "b", "c"]) } else { answers["I.2"] = pick(["a", "b", "c", "d"]); answers["I.3"] = pick(["a", "b", "c"]) }
            for item in 1...11 { answers["II.1.\(item)"] = pick(["1", "2", "3", "4", "5", "6", "7"]) }
            for item in 1...6 {
                answers["III.7.\(item)"] = pick((1...10).map(String.init))
                answers["III.8.\(item)"] = pick((1...10).map(String.init))
            }
            answers["II.2"] = pick(["a", "c", "i", "k"])
            answers["III.5"] = pick(["a", "b"])
            let response = SurveyResponse()
            response.$wave.id = try wave.requireID()
            response.version = instrument.version
            response.answers = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
            rows.append(response)
        }
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            let part = Array(rows[chunk..<min(chunk + 500, rows.count)])
            try await app.db.transaction { tx in try await part.create(on: tx) }
        }
        // The responses were written straight into the table, without their counts: the first results
        // count them once (what a wave answered before the counts were kept gets), then never again.
        let first = DispatchTime.now().uptimeNanoseconds
        _ = try await MonitorService.tally(of: wave, instrument: instrument, db: app.db)
        let counting = Double(DispatchTime.now().uptimeNanoseconds - first) / 1e9
        var times: [Double] = []
        for _ in 0..<(signature.runs ?? 5) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let tally = try await MonitorService.tally(of: wave, instrument: instrument, db: app.db)
            let results = SurveyResults(instrument: instrument, tally: tally, rule: GroupRule(minimum: app.tegenkracht.minimumGroup))
            guard results.respondents == count else { throw Abort(.internalServerError, reason: "respondents lost") }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        times.sort()
        let db = app.tegenkracht.usesPostgres ? "postgresql" : "sqlite"
        context.console.print(String(format: "%@ %d respondents: results in %.3f s (median), %.3f s (max); counting them once took %.2f s",
                                     db, count, times[times.count / 2], times.last ?? 0, counting))
    }
}
