import TegenkrachtCore
import TegenkrachtUseCases

/// One page of the questionnaire as the template shows it: every question with its inputs named
/// `a:<key>`, and what was answered before filled in.
struct SurveyPageView: Encodable, Sendable {
    struct Choice: Encodable, Sendable {
        let value: String
        let label: String
        let id: String
        let checked: Bool
    }

    struct Row: Encodable, Sendable {
        let key: String
        let label: String
        let choices: [Choice]
    }

    struct QuestionView: Encodable, Sendable {
        let id: String
        let kind: String
        let text: String
        let heading: String?
        let instruction: String?
        let choices: [Choice]
        let rows: [Row]
        let value: String
        let statements: [String]
        let low: String?
        let high: String?
    }

    let sectionTitle: String?
    let sectionIntro: String?
    let page: Int
    let pageNumber: Int
    let pages: Int
    let first: Bool
    let questions: [QuestionView]
    let errors: [String]

    static func build(flow: SurveyFlow, page index: Int, answers: SurveyAnswers, english: Bool, errors: [String]) -> SurveyPageView {
        let page = flow.pages[index]
        func text(_ nl: String, _ en: String) -> String { english && !en.isEmpty ? en : nl }
        let questions = flow.visibleQuestions(onPage: index, answers: answers).map { q -> QuestionView in
            let options = q.options ?? []
            func choices(for key: String, multi: Bool) -> [Choice] {
                options.map { o in
                    Choice(value: o.code, label: text(o.textNl, o.textEn), id: "q-\(key)-\(o.code)".replacingOccurrences(of: ".", with: "_"),
                           checked: (answers[key] ?? []).contains(o.code))
                }
            }
            func scaleRows(_ items: [Instrument.Item]) -> [Row] {
                let scale = q.scale ?? .init(kind: "slider", min: 1, max: 10)
                return items.map { item in
                    let key = item.id.isEmpty ? q.id : "\(q.id).\(item.id)"
                    return Row(key: key, label: text(item.textNl, item.textEn), choices: (scale.min...scale.max).map { v in
                        Choice(value: String(v), label: String(v), id: "q-\(key)-\(v)".replacingOccurrences(of: ".", with: "_"),
                               checked: answers[key]?.first == String(v))
                    })
                }
            }
            var kind = q.type
            var rows: [Row] = []
            switch q.type {
            case "likert_matrix", "slider_matrix":
                rows = scaleRows(q.items ?? [])
                kind = "matrix"
            case "slider":
                rows = scaleRows([Instrument.Item(id: "", textNl: q.textNl, textEn: q.textEn)])
                kind = "matrix"
            case "per_item_multiple_choice_matrix":
                // One row per behaviour chosen in the question this one follows (II.3 after II.2).
                let source = SurveyCondition.references(q.condition?.expr ?? "").first ?? ""
                let chosen = answers[source] ?? []
                let sourceOptions = flow.instrument.question(source)?.options ?? []
                rows = sourceOptions.filter { chosen.contains($0.code) }.map { o in
                    let key = "\(q.id).\(o.code)"
                    return Row(key: key, label: text(o.textNl, o.textEn), choices: choices(for: key, multi: true))
                }
            default:
                break
            }
            let labels = english ? q.scale?.labelsEn : q.scale?.labelsNl
            return QuestionView(
                id: q.id, kind: kind, text: text(q.textNl, q.textEn), heading: q.headingNl,
                instruction: english ? q.instructionEn : q.instructionNl,
                choices: q.type == "single_choice" || q.type == "multiple_choice" ? choices(for: q.id, multi: q.type == "multiple_choice") : [],
                rows: rows, value: answers[q.id]?.first ?? "",
                statements: (q.statements ?? []).compactMap { english ? ($0.textEn ?? $0.leadEn) : ($0.textNl ?? $0.leadNl) },
                low: labels?[String(q.scale?.min ?? 1)], high: labels?[String(q.scale?.max ?? 10)])
        }
        return SurveyPageView(
            sectionTitle: page.opensSection ? text(page.section.titleNl, page.section.titleEn) : nil,
            sectionIntro: page.opensSection ? page.section.introNl.map { english ? (page.section.introEn ?? $0) : $0 } : nil,
            page: index, pageNumber: index + 1, pages: flow.pages.count, first: index == 0, questions: questions, errors: errors)
    }
}
