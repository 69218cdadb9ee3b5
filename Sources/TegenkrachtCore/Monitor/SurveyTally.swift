import Foundation

/// The counts a wave's results are computed from (issue 17: results grow with the questions, not the
/// respondents). Each stored response adds 1 to a few hundred cells; the results read the cells,
/// never the responses. A cell is a count of respondents:
/// - `n`: respondents;
/// - `a|Q`, `o|Q|code`: answered choice question Q; chose option `code` (multiple choice: each);
/// - `s|Q|code`: answered Q with exactly that one option (the response rate per group);
/// - `v|K|value`: gave `value` on scale item K (every integer seen, also outside the scale);
/// - `g|C|i|K|value`: in group i of comparison C, gave `value` on measure K.
/// Histograms of small integers hold everything the statistics need (n, mean, SD, t, F), so the
/// results are those of the responses themselves (`SurveyTallyTests`).
public struct SurveyTally: Sendable, Equatable {
    public private(set) var cells: [String: Int]

    public init(cells: [String: Int] = [:]) {
        self.cells = cells
    }

    public init(instrument: Instrument, responses: [SurveyAnswers]) {
        self.init()
        for response in responses { add(Self.contributions(of: response, instrument: instrument)) }
    }

    public var respondents: Int { cells["n"] ?? 0 }

    public subscript(cell: String) -> Int { cells[cell] ?? 0 }

    public mutating func add(_ contributions: [String: Int]) {
        for (cell, count) in contributions { cells[cell, default: 0] += count }
    }

    /// The cells one response adds to, each by 1.
    public static func contributions(of response: SurveyAnswers, instrument: Instrument) -> [String: Int] {
        var cells: [String: Int] = ["n": 1]
        for question in instrument.questions {
            switch question.type {
            case "single_choice", "multiple_choice":
                guard let values = response[question.id], !values.isEmpty else { continue }
                cells["a|\(question.id)"] = 1
                let known = Set((question.options ?? []).map(\.code))
                for value in Set(values) where known.contains(value) { cells["o|\(question.id)|\(value)"] = 1 }
                if values.count == 1 { cells["s|\(question.id)|\(values[0])"] = 1 }
            case "likert_matrix", "slider_matrix", "slider":
                for key in scaleKeys(question) {
                    if let value = response[key]?.first.flatMap(Int.init) { cells["v|\(key)|\(value)"] = 1 }
                }
            default:
                break
            }
        }
        let measures = instrument.measureKeys
        for comparison in instrument.analysis.comparisons where instrument.question(comparison.question) != nil {
            let answer = response[comparison.question] ?? []
            guard let group = comparison.groups.firstIndex(where: { group in answer.contains(where: group.codes.contains) }) else { continue }
            for key in measures {
                if let value = response[key]?.first.flatMap(Int.init) { cells["g|\(comparison.id)|\(group)|\(key)|\(value)"] = 1 }
            }
        }
        return cells
    }

    static func scaleKeys(_ question: Instrument.Question) -> [String] {
        let items = question.items ?? [Instrument.Item(id: "", textNl: question.textNl, textEn: question.textEn)]
        return items.map { $0.id.isEmpty ? question.id : "\(question.id).\($0.id)" }
    }

    /// Every histogram at once, by its prefix (`v|K|` or `g|C|i|K|`): value → respondents. One pass
    /// over the cells, so the results cost the number of cells, not cells × measures.
    func histograms() -> [Substring: [Int: Int]] {
        var result: [Substring: [Int: Int]] = [:]
        for (cell, count) in cells where cell.hasPrefix("v|") || cell.hasPrefix("g|") {
            guard let bar = cell.lastIndex(of: "|"), let value = Int(cell[cell.index(after: bar)...]) else { continue }
            result[cell[...bar], default: [:]][value, default: 0] += count
        }
        return result
    }
}

extension Instrument {
    /// The keys of every scale item that is a measure (`analysis.scales`), in the instrument's order.
    public var measureKeys: [String] {
        questions.filter { ["likert_matrix", "slider_matrix", "slider"].contains($0.type) && analysis.scales.contains($0.id) }
            .flatMap(SurveyTally.scaleKeys)
    }
}
