import Foundation
import TegenkrachtCore
import Testing

@Suite("Monitor: the instrument, its routing and the statistics")
struct MonitorTests {
    let book: InstrumentBook

    init() throws {
        book = try InstrumentBook.load(directory: CorePaths.root + "/Resources/Monitor")
    }

    @Test("Version 1.0 is Bijlage 2 exactly: 8 sections, 48 answerable questions, verbatim Dutch")
    func instrument() throws {
        let v1 = try #require(book.instrument("kzt", version: "1.0"))
        #expect(v1.sections.count == 8)
        #expect(v1.questions.filter { !$0.isInformation }.count == 48)  // 47 numbered plus the consent
        #expect(v1.question("II.5")?.options?.first?.textNl == "Kleinere opmerkingen of commentaar")
        #expect(v1.question("I.1")?.textNl == "Onder welk deel van de Kamerorganisatie valt u?")
        let items = try #require(v1.question("II.1")?.items)
        #expect(items.filter { $0.reverseCoded == true }.map(\.id) == ["1", "3", "4"])
    }

    @Test("Version 1.1 repairs the anomalies of 003b §2.4, keeping every id")
    func repaired() throws {
        let v1 = try #require(book.instrument("kzt", version: "1.0"))
        let v11 = try #require(book.instrument("kzt", version: "1.1"))
        #expect(v11.question("II.5")?.options?.first?.textNl == "Kleinerende opmerkingen of commentaar")
        #expect(v11.question("II.5")?.options?.first { $0.code == "m" }?.textNl.contains("zijn of haar geslacht") == true)
        let channels = try #require(v11.question("III.4")?.options)
        #expect(channels.filter { $0.textNl == "Het bestuur van mijn politieke partij" }.count == 1)
        #expect(channels.contains { $0.textNl == "De klachtencommissie van de Tweede Kamer" })
        #expect(v11.question("III.9")?.textNl.contains("dat u zich") == true)
        // II.5-d asks about others what II.2-d asks about oneself, in full (issue 13).
        let ownSabotage = try #require(v11.question("II.2")?.options?.first { $0.code == "d" }?.textNl)
        #expect(v11.question("II.5")?.options?.first { $0.code == "d" }?.textNl == ownSabotage)
        #expect(ownSabotage.contains("over iemand roddelen"))
        // "Klokkeluiders" is spelled right everywhere in 1.1, and kept as the source has it in 1.0.
        let v11Texts = v11.questions.flatMap { [$0.textNl] + ($0.options ?? []).map(\.textNl) }
        #expect(!v11Texts.contains { $0.contains("Klokkeluiders") })
        #expect(v11.question("III.3")?.options?.contains { $0.textNl == "Het Huis voor Klokkenluiders" } == true)
        #expect(v1.question("III.3")?.options?.contains { $0.textNl == "Het Huis voor Klokkeluiders" } == true)
        #expect(v1.questions.map(\.id) == v11.questions.map(\.id))
    }

    @Test("Version 1.1's closing page says how this system keeps answers: no code linked, no withdrawal by e-mail, no third party (issue 15)")
    func closingPage() throws {
        let v1 = try #require(book.instrument("kzt", version: "1.0"))
        let v11 = try #require(book.instrument("kzt", version: "1.1"))
        let closing = ["VI.1", "VI.CODE", "VI.2", "VI.3", "VI.4", "VI.5", "VI.6", "VI.7"]
        func texts(_ instrument: Instrument) -> String {
            closing.compactMap { instrument.question($0) }.map { "\($0.headingNl ?? "") \($0.textNl) \($0.textEn)" }.joined(separator: " ")
        }
        let new = texts(v11)
        for stale in ["UU.nl", "Universiteit", "university", "gekoppeld aan de gegevens", "interview", "oktober 2022"] {
            #expect(!new.contains(stale), "\(stale)")
        }
        #expect(new.contains("zonder uw code"))
        #expect(v11.question("VI.CODE")?.type == "info")
        #expect(v11.question("VI.3")?.headingNl == "Liever persoonlijk vertellen?")
        // Positive control: 1.0 keeps the 2022 text as it was asked (the same check sees it there).
        #expect(texts(v1).contains("socialeveiligheid@UU.nl") && texts(v1).contains("gekoppeld aan de gegevens"))
        #expect(v1.questions.map(\.id) == v11.questions.map(\.id))
    }

    @Test("Routing: the branch of I.1, the incident module only after II.2 or II.5, IV.12-20 only after IV.11 = c")
    func routing() throws {
        let flow = SurveyFlow(instrument: try #require(book.instrument("kzt", version: "1.1")))
        var answers: SurveyAnswers = ["I.1": ["b"]]
        let sectionI = try #require(flow.pages.firstIndex { $0.questions.contains { $0.id == "I.2" } })
        #expect(flow.visibleQuestions(onPage: sectionI, answers: answers).map(\.id) == ["I.2", "I.3"])
        #expect(!flow.reaches(section: "IV", answers: answers))
        #expect(flow.reaches(section: "III", answers: answers))
        answers["II.5"] = ["c"]
        #expect(flow.reaches(section: "IV", answers: answers))
        answers["IV.11"] = ["a"]
        let visible = flow.pages.indices.flatMap { flow.visibleQuestions(onPage: $0, answers: answers).map(\.id) }
        #expect(visible.contains("IV.21") && !visible.contains("IV.12"))
        #expect(visible.contains("III.1") && !visible.contains("III.2") && !visible.contains("I.4"))
        // A page never holds a question and the question it depends on.
        for page in flow.pages {
            let ids = Set(page.questions.map(\.id))
            for question in page.questions {
                let referenced = SurveyCondition.references(question.condition.map(\.expr) ?? "")
                #expect(referenced.isDisjoint(with: ids), "\(question.id)")
            }
        }
        // Former members are not asked II.4.
        let former = SurveyFlow(instrument: flow.instrument, respondentType: "former")
        #expect(!former.pages.indices.flatMap { former.visibleQuestions(onPage: $0, answers: answers).map(\.id) }.contains("II.4"))
        // Changing I.1 drops the answers of the other branch.
        let pruned = flow.pruned(["I.1": ["a"], "I.2": ["b"], "I.4": ["a"]])
        #expect(pruned["I.2"] == nil && pruned["I.4"] == ["a"])
    }

    @Test("Nothing is compulsory, but an answer must be one of the options and in range")
    func validation() throws {
        let v11 = try #require(book.instrument("kzt", version: "1.1"))
        let questions = v11.questions
        #expect(SurveyValidator.check([:], questions: questions).isEmpty)
        #expect(SurveyValidator.check(["I.1": ["z"]], questions: questions) == [.unknownOption("I.1")])
        #expect(SurveyValidator.check(["II.1.1": ["8"]], questions: questions) == [.outOfRange("II.1")])
        #expect(SurveyValidator.check(["II.4": ["-1"]], questions: questions) == [.outOfRange("II.4")])
        let v3 = try #require(v11.question("V.3")?.options)
        let prefer = try #require(v3.first { $0.exclusiveSuggested == true }?.code)
        #expect(SurveyValidator.check(["V.3": ["a", prefer]], questions: questions).contains(.exclusive("V.3")))
    }

    struct Fixture: Decodable {
        struct Summary: Decodable { let n: Int; let mean: Double; let sd: Double }
        struct T: Decodable { let t: Double; let p: Double }
        struct F: Decodable { let f: Double; let p: Double }
        let groups: [String: [Double]]
        let summaries: [String: Summary]
        let ttest: T
        let anova: F
    }

    @Test("Means, SDs, the t-test and ANOVA agree with scipy on the fixture (tests/fixtures/survey_stats.py)")
    func againstScipy() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: CorePaths.root + "/Tests/TegenkrachtCoreTests/Fixtures/survey-stats.json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        for (name, values) in fixture.groups {
            let summary = try #require(SurveyStatistics.summary(values))
            let expected = try #require(fixture.summaries[name])
            #expect(summary.n == expected.n)
            #expect(abs(summary.mean - expected.mean) < 1e-9)
            #expect(abs(summary.sd - expected.sd) < 1e-9)
        }
        let t = try #require(SurveyStatistics.tTest(fixture.groups["politiek"]!, fixture.groups["ambtelijk"]!))
        #expect(abs(t.statistic - fixture.ttest.t) < 1e-9)
        #expect(abs(t.p - fixture.ttest.p) < 1e-9)
        #expect(t.significant)
        let f = try #require(SurveyStatistics.anova([fixture.groups["griffiersdiensten"]!, fixture.groups["stafdiensten"]!, fixture.groups["cio"]!]))
        #expect(abs(f.statistic - fixture.anova.f) < 1e-9)
        #expect(abs(f.p - fixture.anova.p) < 1e-9)
    }

    @Test("Reverse-coded items count the other way round")
    func reverse() throws {
        let item = Instrument.Item(id: "1", textNl: "", textEn: "", reverseCoded: true)
        let scale = Instrument.Scale(kind: "likert", min: 1, max: 7)
        #expect(SurveyStatistics.score(2, item: item, scale: scale) == 6)
        #expect(SurveyStatistics.score(2, item: .init(id: "2", textNl: "", textEn: "", reverseCoded: false), scale: scale) == 2)
    }
}
