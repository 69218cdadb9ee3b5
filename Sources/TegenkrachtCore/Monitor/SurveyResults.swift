import Foundation

/// A group comparison of 003b §4.4: which question splits respondents into which groups. The
/// comparisons of an instrument are data (`instruments.json`, `analysis.comparisons`).
public struct Comparison: Codable, Hashable, Sendable {
    public var id: String
    public var question: String
    public var groups: [Group]

    public struct Group: Codable, Hashable, Sendable {
        public var id: String
        public var codes: [String]
    }
}

/// The results of a wave: distributions for every item, means and SDs for the scales, group
/// comparisons with their test, and nothing about a group smaller than the minimum.
public struct SurveyResults: Sendable {
    public struct Distribution: Sendable {
        public let key: String
        public let question: Instrument.Question
        public let item: Instrument.Item?
        public let answered: Int
        /// Count per option code (or scale value), in the instrument's order.
        public let counts: [(code: String, count: Int)]
        /// Reporting-climate items (III.1, III.2) are shown as shares agree / neutral / disagree only.
        public let sharesOnly: Bool
    }

    public struct Measure: Sendable {
        public let key: String
        public let question: Instrument.Question
        public let item: Instrument.Item
        public let overall: SurveyStatistics.Summary?
    }

    public struct GroupResult: Sendable {
        public let comparison: Comparison
        public let measure: String
        /// Per group: its summary, or nil when the group is smaller than the minimum.
        public let groups: [(id: String, n: Int, summary: SurveyStatistics.Summary?)]
        public let test: SurveyStatistics.TestResult?
    }

    public let respondents: Int
    public let shown: Bool
    public let distributions: [Distribution]
    public let measures: [Measure]
    public let comparisons: [GroupResult]

    public init(instrument: Instrument, responses: [SurveyAnswers], rule: GroupRule) {
        let splits = instrument.analysis.comparisons
        respondents = responses.count
        shown = rule.shows(responses.count)
        var distributions: [Distribution] = []
        var measures: [Measure] = []
        guard shown else {
            self.distributions = []
            self.measures = []
            self.comparisons = []
            return
        }
        for question in instrument.questions {
            switch question.type {
            case "single_choice", "multiple_choice":
                let options = question.options ?? []
                var counts = options.map { (code: $0.code, count: 0) }
                var answered = 0
                for response in responses {
                    guard let values = response[question.id], !values.isEmpty else { continue }
                    answered += 1
                    for value in values { if let i = counts.firstIndex(where: { $0.code == value }) { counts[i].count += 1 } }
                }
                distributions.append(Distribution(key: question.id, question: question, item: nil, answered: answered,
                                                  counts: counts, sharesOnly: false))
            case "likert_matrix", "slider_matrix", "slider":
                let scale = question.scale ?? .init(kind: "slider", min: 1, max: 10)
                let items = question.items ?? [Instrument.Item(id: "", textNl: question.textNl, textEn: question.textEn)]
                for item in items {
                    let key = item.id.isEmpty ? question.id : "\(question.id).\(item.id)"
                    let values = responses.compactMap { $0[key]?.first.flatMap(Int.init) }
                    let counts = (scale.min...scale.max).map { v in (code: String(v), count: values.filter { $0 == v }.count) }
                    distributions.append(Distribution(key: key, question: question, item: item, answered: values.count, counts: counts,
                                                      sharesOnly: instrument.analysis.sharesOnly.contains(question.id)))
                    if instrument.analysis.scales.contains(question.id) {
                        measures.append(Measure(key: key, question: question, item: item,
                                                overall: SurveyStatistics.summary(values.map { SurveyStatistics.score($0, item: item, scale: scale) })))
                    }
                }
            default:
                break
            }
        }
        self.distributions = distributions
        self.measures = measures
        // Every respondent's score on every measure, worked out once (10,000 respondents × 23 measures ×
        // 6 comparisons would otherwise look the same answers up again and again).
        let scores: [[Double?]] = measures.map { measure in
            let scale = measure.question.scale ?? .init(kind: "slider", min: 1, max: 10)
            return responses.map { response in
                response[measure.key]?.first.flatMap(Int.init).map { SurveyStatistics.score($0, item: measure.item, scale: scale) }
            }
        }
        var results: [GroupResult] = []
        for comparison in splits where instrument.question(comparison.question) != nil {
            // Which group each respondent is in for this comparison (the first that matches).
            let membership: [Int?] = responses.map { response in
                let answer = response[comparison.question] ?? []
                return comparison.groups.firstIndex { group in answer.contains(where: group.codes.contains) }
            }
            for (m, measure) in measures.enumerated() {
                var buckets = [[Double]](repeating: [], count: comparison.groups.count)
                for (r, group) in membership.enumerated() {
                    if let group, let score = scores[m][r] { buckets[group].append(score) }
                }
                var groups: [(id: String, n: Int, summary: SurveyStatistics.Summary?)] = []
                var shownValues: [[Double]] = []
                for (g, group) in comparison.groups.enumerated() {
                    let values = buckets[g]
                    let visible = rule.shows(values.count)
                    groups.append((group.id, values.count, visible ? SurveyStatistics.summary(values) : nil))
                    if visible { shownValues.append(values) }
                }
                let test = shownValues.count == 2 ? SurveyStatistics.tTest(shownValues[0], shownValues[1])
                    : shownValues.count > 2 ? SurveyStatistics.anova(shownValues) : nil
                results.append(GroupResult(comparison: comparison, measure: measure.key, groups: groups, test: test))
            }
        }
        self.comparisons = results
    }
}
