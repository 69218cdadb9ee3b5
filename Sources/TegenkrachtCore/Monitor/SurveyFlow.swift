import Foundation

/// Answers, uniformly: a key (a question id, or `question.item` for a matrix row) with its values
/// (option codes, a number or a text as a string). Every question is optional (Bijlage 2, L3157).
public typealias SurveyAnswers = [String: [String]]

/// The routing of an instrument (003b §2.2), as pages that work without JavaScript: a question whose
/// condition depends on an answer on the same page starts a new page, so the condition is known when
/// the page is shown. Pages whose questions are all routed away are skipped.
public struct SurveyFlow: Sendable {
    public struct Page: Hashable, Sendable {
        public let section: Instrument.Section
        public let questions: [Instrument.Question]
        /// The section's heading and intro go on its first page only.
        public let opensSection: Bool
    }

    public let instrument: Instrument
    public let pages: [Page]
    /// `current` or `former` (Bijlage 2: two instances; II.4 is asked of current members only).
    public let respondentType: String

    public init(instrument: Instrument, respondentType: String = "current") {
        self.instrument = instrument
        self.respondentType = respondentType
        var pages: [Page] = []
        for section in instrument.sections {
            var current: [Instrument.Question] = []
            var opens = true
            for question in section.questions {
                let referenced = question.condition.map { SurveyCondition.references($0.expr) } ?? []
                if current.contains(where: { referenced.contains($0.id) }) {
                    pages.append(Page(section: section, questions: current, opensSection: opens))
                    current = []
                    opens = false
                }
                current.append(question)
            }
            if !current.isEmpty { pages.append(Page(section: section, questions: current, opensSection: opens)) }
        }
        self.pages = pages
    }

    public func isVisible(_ question: Instrument.Question, in section: Instrument.Section, answers: SurveyAnswers) -> Bool {
        let context = ["respondent_type": respondentType]
        if let condition = section.condition, !SurveyCondition.holds(condition.expr, answers: answers, context: context) { return false }
        if let condition = question.condition, !SurveyCondition.holds(condition.expr, answers: answers, context: context) { return false }
        return true
    }

    public func visibleQuestions(onPage index: Int, answers: SurveyAnswers) -> [Instrument.Question] {
        guard pages.indices.contains(index) else { return [] }
        let page = pages[index]
        return page.questions.filter { isVisible($0, in: page.section, answers: answers) }
    }

    /// The next page after `index` that has something to show, or nil at the end.
    public func nextPage(after index: Int, answers: SurveyAnswers) -> Int? {
        var next = index + 1
        while next < pages.count {
            if !visibleQuestions(onPage: next, answers: answers).isEmpty { return next }
            next += 1
        }
        return nil
    }

    /// Whether the respondent was shown a section (for tests and for counting who reached it).
    public func reaches(section id: String, answers: SurveyAnswers) -> Bool {
        pages.indices.contains { pages[$0].section.id == id && !visibleQuestions(onPage: $0, answers: answers).isEmpty }
    }

    /// Answers routed away by later answers are dropped (a changed I.1 removes the other branch).
    public func pruned(_ answers: SurveyAnswers) -> SurveyAnswers {
        var kept: SurveyAnswers = [:]
        for page in pages {
            for question in page.questions where isVisible(question, in: page.section, answers: answers) {
                for (key, value) in answers where key == question.id || key.hasPrefix(question.id + ".") {
                    kept[key] = value
                }
            }
        }
        return kept
    }
}

/// The small condition language of `questionnaire.json`: `X == 'a'`, `X in ['a','b']`,
/// `count(X) >= 1`, `respondent_type == 'current'`, joined by `or` / `and`.
public enum SurveyCondition {
    public static func references(_ expr: String) -> Set<String> {
        // A constant pattern: it always compiles, and nil would only mean "no references".
        guard let pattern = try? NSRegularExpression(pattern: #"([A-Z]+\.[0-9A-Z]+)"#) else { return [] }
        return Set(pattern.matches(in: expr, range: NSRange(expr.startIndex..., in: expr)).compactMap {
            Range($0.range(at: 1), in: expr).map { String(expr[$0]) }
        })
    }

    public static func holds(_ expr: String, answers: SurveyAnswers, context: [String: String]) -> Bool {
        let alternatives = expr.components(separatedBy: " or ")
        return alternatives.contains { alternative in
            alternative.components(separatedBy: " and ").allSatisfy { term(String($0), answers: answers, context: context) }
        }
    }

    static func term(_ raw: String, answers: SurveyAnswers, context: [String: String]) -> Bool {
        let text = raw.trimmingCharacters(in: .whitespaces)
        func values(_ name: String) -> [String] {
            if let value = context[name] { return [value] }
            return answers[name] ?? []
        }
        if text.hasPrefix("count("), let close = text.firstIndex(of: ")") {
            let name = String(text[text.index(text.startIndex, offsetBy: 6)..<close])
            let rest = text[text.index(after: close)...].trimmingCharacters(in: .whitespaces)
            let parts = rest.split(separator: " ")
            guard parts.count == 2, let bound = Int(parts[1]) else { return false }
            let count = values(name).count
            switch parts[0] {
            case ">=": return count >= bound
            case ">": return count > bound
            case "==": return count == bound
            default: return false
            }
        }
        if let range = text.range(of: " in ") {
            let name = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            let list = text[range.upperBound...].filter { !"[]' ".contains($0) }.split(separator: ",").map(String.init)
            return values(name).contains { list.contains($0) }
        }
        if let range = text.range(of: " == ") {
            let name = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            let value = text[range.upperBound...].filter { $0 != "'" }.trimmingCharacters(in: .whitespaces)
            return values(name) == [value]
        }
        return false
    }
}

/// Checks what a page sends: only known options, numbers in range, texts not too long, and no
/// "prefer not to say" together with another answer. Nothing is compulsory.
public enum SurveyValidator {
    public enum Problem: Hashable, Sendable {
        case unknownOption(String)
        case outOfRange(String)
        case exclusive(String)
        case tooLong(String)
    }

    public static let maxText = 4000

    public static func check(_ answers: SurveyAnswers, questions: [Instrument.Question]) -> [Problem] {
        var problems: [Problem] = []
        for question in questions {
            let codes = Set((question.options ?? []).map(\.code))
            let exclusive = Set((question.options ?? []).filter { $0.exclusiveSuggested == true }.map(\.code))
            for (key, values) in answers where key == question.id || key.hasPrefix(question.id + ".") {
                switch question.type {
                case "single_choice", "multiple_choice", "per_item_multiple_choice_matrix":
                    if values.contains(where: { !codes.contains($0) }) { problems.append(.unknownOption(question.id)) }
                    if values.count > 1, values.contains(where: exclusive.contains) { problems.append(.exclusive(question.id)) }
                    if question.type == "single_choice", values.count > 1 { problems.append(.unknownOption(question.id)) }
                case "likert_matrix", "slider_matrix", "slider":
                    let scale = question.scale ?? .init(kind: "", min: 1, max: 10)
                    if values.contains(where: { Int($0).map { $0 < scale.min || $0 > scale.max } ?? true }) {
                        problems.append(.outOfRange(question.id))
                    }
                case "numeric":
                    let minimum = question.validation?.min ?? 0
                    if values.contains(where: { Int($0).map { $0 < minimum || $0 > 100_000 } ?? true }) { problems.append(.outOfRange(question.id)) }
                case "open_text":
                    if values.contains(where: { $0.count > maxText }) { problems.append(.tooLong(question.id)) }
                default:
                    break
                }
            }
        }
        return problems
    }
}
