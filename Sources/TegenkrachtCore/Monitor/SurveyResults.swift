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
        self.init(instrument: instrument, tally: SurveyTally(instrument: instrument, responses: responses), rule: rule)
    }

    /// The results from the wave's counts (`SurveyTally`): the work is per question and value, however
    /// many responded.
    public init(instrument: Instrument, tally: SurveyTally, rule: GroupRule) {
        respondents = tally.respondents
        shown = rule.shows(respondents)
        guard shown else {
            self.distributions = []
            self.measures = []
            self.comparisons = []
            return
        }
        var distributions: [Distribution] = []
        var measures: [Measure] = []
        let histograms = tally.histograms()
        // Each scale item's histogram, read once (measures and comparisons use them again).
        func scores(_ histogram: [Int: Int], item: Instrument.Item, scale: Instrument.Scale) -> [(value: Double, count: Int)] {
            histogram.sorted { $0.key < $1.key }.map { (SurveyStatistics.score($0.key, item: item, scale: scale), $0.value) }
        }
        for question in instrument.questions {
            switch question.type {
            case "single_choice", "multiple_choice":
                let counts = (question.options ?? []).map { (code: $0.code, count: tally["o|\(question.id)|\($0.code)"]) }
                distributions.append(Distribution(key: question.id, question: question, item: nil, answered: tally["a|\(question.id)"],
                                                  counts: counts, sharesOnly: false))
            case "likert_matrix", "slider_matrix", "slider":
                let scale = question.scale ?? .init(kind: "slider", min: 1, max: 10)
                let items = question.items ?? [Instrument.Item(id: "", textNl: question.textNl, textEn: question.textEn)]
                for item in items {
                    let key = item.id.isEmpty ? question.id : "\(question.id).\(item.id)"
                    let histogram = histograms["v|\(key)|"[...]] ?? [:]
                    let counts = (scale.min...scale.max).map { v in (code: String(v), count: histogram[v] ?? 0) }
                    distributions.append(Distribution(key: key, question: question, item: item,
                                                      answered: histogram.values.reduce(0, +), counts: counts,
                                                      sharesOnly: instrument.analysis.sharesOnly.contains(question.id)))
                    if instrument.analysis.scales.contains(question.id) {
                        measures.append(Measure(key: key, question: question, item: item,
                                                overall: SurveyStatistics.summary(histogram: scores(histogram, item: item, scale: scale))))
                    }
                }
            default:
                break
            }
        }
        self.distributions = distributions
        self.measures = measures
        var results: [GroupResult] = []
        for comparison in instrument.analysis.comparisons where instrument.question(comparison.question) != nil {
            for measure in measures {
                let scale = measure.question.scale ?? .init(kind: "slider", min: 1, max: 10)
                var groups: [(id: String, n: Int, summary: SurveyStatistics.Summary?)] = []
                var shownSummaries: [SurveyStatistics.Summary] = []
                for (g, group) in comparison.groups.enumerated() {
                    let summary = SurveyStatistics.summary(histogram: scores(histograms["g|\(comparison.id)|\(g)|\(measure.key)|"[...]] ?? [:],
                                                                             item: measure.item, scale: scale))
                    let n = summary?.n ?? 0
                    let visible = rule.shows(n)
                    groups.append((group.id, n, visible ? summary : nil))
                    if visible, let summary { shownSummaries.append(summary) }
                }
                let test = shownSummaries.count == 2 ? SurveyStatistics.tTest(shownSummaries[0], shownSummaries[1])
                    : shownSummaries.count > 2 ? SurveyStatistics.anova(summaries: shownSummaries) : nil
                results.append(GroupResult(comparison: comparison, measure: measure.key, groups: groups, test: test))
            }
        }
        self.comparisons = results
    }
}
