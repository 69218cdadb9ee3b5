import Foundation
import TegenkrachtCore
import Testing

/// Issue 17: the results from the wave's counts are the results from its responses. The reference
/// below is the computation the results used before the counts existed: every respondent's values
/// gathered and summarised directly.
@Suite("Monitor: results from counts")
struct SurveyTallyTests {
    let instrument: Instrument

    init() throws {
        let book = try InstrumentBook.load(directory: CorePaths.root + "/Resources/Monitor")
        instrument = try #require(book.instrument("kzt", version: "1.1"))
    }

    /// A fixed pseudo-random wave: the same respondents on every run.
    static func responses(_ count: Int, seed: UInt64) -> [SurveyAnswers] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func pick(_ options: [String]) -> [String] { [options[next(options.count)]] }
        return (0..<count).map { i in
            var answers: SurveyAnswers = ["CONSENT.1": ["ja"], "I.1": pick(["a", "b"]), "V.3": pick(["a", "b", "d"]),
                                          "V.6": pick(["a", "b", "c", "d", "e", "f"])]
            if answers["I.1"] == ["a"] { answers["I.4"] = pick(["a", "b", "c"]) } else { answers["I.2"] = pick(["a", "b", "c", "d"]) }
            for item in 1...11 where next(10) > 0 { answers["II.1.\(item)"] = pick((1...7).map(String.init)) }
            for item in 1...6 { answers["III.7.\(item)"] = pick((1...10).map(String.init)) }
            // Several answers to a multiple-choice question, and now and then none.
            answers["II.2"] = i % 5 == 0 ? [] : ["a", "c", "i", "k"].filter { _ in next(2) == 0 }
            return answers
        }
    }

    @Test("Counts are additive: two halves counted apart make the whole")
    func additive() {
        let all = Self.responses(400, seed: 7)
        var halves = SurveyTally(instrument: instrument, responses: Array(all[..<150]))
        halves.add(SurveyTally(instrument: instrument, responses: Array(all[150...])).cells)
        #expect(halves == SurveyTally(instrument: instrument, responses: all))
        #expect(halves.respondents == 400)
    }

    @Test("Every distribution, mean, SD, t and F from the counts equals the direct computation", arguments: [60, 500, 3000])
    func identical(count: Int) throws {
        let responses = Self.responses(count, seed: UInt64(count))
        let rule = GroupRule(minimum: 35)
        let results = SurveyResults(instrument: instrument, tally: SurveyTally(instrument: instrument, responses: responses), rule: rule)
        #expect(results.respondents == count && results.shown)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

        // Distributions: counted respondent by respondent.
        #expect(!results.distributions.isEmpty)
        for d in results.distributions {
            if d.item == nil {
                let answered = responses.filter { !($0[d.key] ?? []).isEmpty }
                #expect(d.answered == answered.count, "\(d.key)")
                for c in d.counts { #expect(c.count == answered.filter { $0[d.key]?.contains(c.code) == true }.count, "\(d.key) \(c.code)") }
            } else {
                let values = responses.compactMap { $0[d.key]?.first.flatMap(Int.init) }
                #expect(d.answered == values.count, "\(d.key)")
                for c in d.counts { #expect(c.count == values.filter { String($0) == c.code }.count, "\(d.key) \(c.code)") }
            }
        }
        // Measures: the summary of every respondent's score.
        let scale = { (m: SurveyResults.Measure) in m.question.scale ?? .init(kind: "slider", min: 1, max: 10) }
        func scores(_ m: SurveyResults.Measure, _ among: [SurveyAnswers]) -> [Double] {
            among.compactMap { $0[m.key]?.first.flatMap(Int.init).map { SurveyStatistics.score($0, item: m.item, scale: scale(m)) } }
        }
        #expect(results.measures.count > 10)
        for m in results.measures {
            guard let direct = SurveyStatistics.summary(scores(m, responses)) else {
                #expect(m.overall == nil, "\(m.key): nobody answered it")
                continue
            }
            let fromCounts = try #require(m.overall)
            #expect(fromCounts.n == direct.n && close(fromCounts.mean, direct.mean) && close(fromCounts.sd, direct.sd), "\(m.key)")
            // As the page shows them: identical.
            #expect(String(format: "%.2f %.2f", fromCounts.mean, fromCounts.sd) == String(format: "%.2f %.2f", direct.mean, direct.sd))
        }
        // Group comparisons: the groups' own values, the t-test or ANOVA on them.
        #expect(!results.comparisons.isEmpty)
        var tests = 0
        for row in results.comparisons {
            let measure = try #require(results.measures.first { $0.key == row.measure })
            var shown: [[Double]] = []
            for (g, group) in row.comparison.groups.enumerated() {
                let members = responses.filter { response in
                    let answer = response[row.comparison.question] ?? []
                    return row.comparison.groups.firstIndex { $0.codes.contains(where: answer.contains) } == g
                }
                let values = scores(measure, members)
                #expect(row.groups[g].n == values.count, "\(row.comparison.id) \(group.id) \(row.measure)")
                if rule.shows(values.count) {
                    shown.append(values)
                    let direct = try #require(SurveyStatistics.summary(values))
                    let fromCounts = try #require(row.groups[g].summary)
                    #expect(close(fromCounts.mean, direct.mean) && close(fromCounts.sd, direct.sd))
                } else {
                    #expect(row.groups[g].summary == nil)
                }
            }
            let direct = shown.count == 2 ? SurveyStatistics.tTest(shown[0], shown[1]) : shown.count > 2 ? SurveyStatistics.anova(shown) : nil
            #expect((direct == nil) == (row.test == nil), "\(row.comparison.id) \(row.measure)")
            if let direct, let test = row.test {
                tests += 1
                #expect(close(test.statistic, direct.statistic) && close(test.p, direct.p) && test.df1 == direct.df1 && test.df2 == direct.df2)
                #expect(test.significant == direct.significant)
            }
        }
        #expect(count < 500 || tests > 0)  // positive control: with enough respondents, tests were compared
    }

    @Test("The histogram summary is the summary of the values it counts")
    func histogramSummary() throws {
        let values: [Double] = [1, 1, 2, 5, 5, 5, 7]
        let direct = try #require(SurveyStatistics.summary(values))
        let counted = try #require(SurveyStatistics.summary(histogram: [(1, 2), (2, 1), (5, 3), (7, 1)]))
        #expect(counted.n == 7 && abs(counted.mean - direct.mean) < 1e-12 && abs(counted.sd - direct.sd) < 1e-12)
        #expect(SurveyStatistics.summary(histogram: []) == nil)
        #expect(SurveyStatistics.summary(histogram: [(4, 1)])?.sd == 0)
    }
}
