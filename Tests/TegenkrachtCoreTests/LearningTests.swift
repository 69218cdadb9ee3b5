import Foundation
import Testing
@testable import TegenkrachtCore

/// Issue 18: the recommendations as data, interventions and their measure, indicators' baseline and
/// trend, onboarding paths.
@Suite struct LearningTests {
    static var recommendationsFile: String { CorePaths.root + "/Resources/Learning/recommendations.json" }
    static var onboardingFile: String { CorePaths.root + "/Resources/Learning/onboarding.json" }

    @Test("Table 6.1 (L2374-2398) is data: 21 recommendations, in order, with category, term and focus")
    func tableSixOne() throws {
        let book = try RecommendationBook.load(file: Self.recommendationsFile)
        let version = try #require(book.inForce(on: date("2026-01-01")))
        #expect(version.recommendations.count == 21)
        #expect(version.recommendations.first?.id == "6.1.1" && version.recommendations.last?.id == "6.8.1")
        let reportingSystem = try #require(book.recommendation(id: "6.5.2", on: date("2026-01-01")))
        #expect(reportingSystem.category == .reportingSystem)
        #expect(reportingSystem.terms == [.medium, .long])
        #expect(reportingSystem.focus == [.systems])
        #expect(reportingSystem.text.nl.hasPrefix("Ontwikkel een meldsysteem"))
        let code = try #require(book.recommendation(id: "6.4.1", on: date("2026-01-01")))
        #expect(code.focus == [.culture, .structure])
        #expect(book.recommendation(id: "6.7.1", on: date("2026-01-01")) == nil)
    }

    func intervention(_ indicators: [Indicator], owner: InterventionOwner = .presidium) -> Intervention {
        Intervention(title: "Terugkoppeling binnen drie maanden", recommendations: ["6.5.2"], owner: owner, goal: "Iedere melder hoort binnen drie maanden iets",
                     indicators: indicators, intervalMonths: 6, budgetCents: 1_000_000, involved: [.civilService], starts: date("2025-01-01"))
    }

    @Test("Without a measure an intervention is symbolic; a broken binding is no measure; a manual figure needs its source")
    func symbolicUntilMeasured() throws {
        let none = intervention([])
        #expect(none.status(readings: []) == .symbolic)
        let bound = intervention([.figure("registry.feedbackWithin3Months")])
        #expect(bound.status(readings: [.series(points: [], higherIsBetter: true)]) == .measured)
        #expect(bound.status(readings: [.broken(figure: "registry.gone")]) == .symbolic)
        let organisation = try demoOrganisation()
        let book = try RecommendationBook.load(file: Self.recommendationsFile)
        #expect(bound.problems(in: organisation, recommendations: book, on: date("2026-01-01")).isEmpty)
        let sourceless = intervention([.manual(ManualFigure(name: "Deelnemers intervisie", source: " "))])
        #expect(sourceless.problems(in: organisation, recommendations: book, on: date("2026-01-01")) == ["learning.error.indicator"])
        let stranger = intervention([], owner: .person("niemand"))
        #expect(stranger.problems(in: organisation, recommendations: book, on: date("2026-01-01")) == ["learning.error.owner"])
        var unknown = intervention([])
        unknown.recommendations = ["9.9.9"]
        unknown.intervalMonths = 0
        #expect(unknown.problems(in: organisation, recommendations: book, on: date("2026-01-01")) == ["learning.error.recommendation", "learning.error.interval"])
    }

    @Test("Owners and parts read back from their codes; a code that names nothing is refused")
    func codes() {
        for owner in [InterventionOwner.person("vp-1"), .presidium, .managementTeam, .worksCouncil, .fractie("noordstar")] {
            #expect(InterventionOwner(code: owner.code) == owner)
        }
        #expect(InterventionOwner(code: "persoon:") == nil && InterventionOwner(code: "koning") == nil)
        for part in [InvolvedPart.civilService, .membersOfParliament, .worksCouncil, .fractie("x")] {
            #expect(InvolvedPart(code: part.code) == part)
        }
        #expect(InvolvedPart(code: "fractie:") == nil)
    }

    @Test("Baseline: the last value of a period ended by the start; latest: the last ended since; a hidden value or a running year is neither")
    func baselineAndTrend() {
        func year(_ y: Int, _ value: Double?) -> IndicatorPoint {
            IndicatorPoint(period: String(y), starts: date("\(y)-01-01"), ends: date("\(y + 1)-01-01"), value: value)
        }
        let points = [year(2022, 40), year(2023, 50), year(2024, 70), year(2025, nil), year(2026, 90)]
        let today = date("2026-12-03")
        // Started mid-2024: 2024 had not ended, so 2023 is how things stood; 2026 is still running.
        let trend = IndicatorTrend.of(points, starts: date("2024-06-01"), today: today, higherIsBetter: true)
        #expect(trend.baseline?.period == "2023")
        #expect(trend.latest?.period == "2024")
        #expect(trend.change == 20 && trend.direction == .better)
        // Lower is better for "the reporter moved while nothing happened to the accused".
        #expect(IndicatorTrend.of(points, starts: date("2024-06-01"), today: today, higherIsBetter: false).direction == .worse)
        // A year later the running year has ended and is the latest.
        #expect(IndicatorTrend.of(points, starts: date("2024-06-01"), today: date("2027-01-01"), higherIsBetter: true).latest?.period == "2026")
        // Started before any figure: the first value is the baseline.
        #expect(IndicatorTrend.of(points, starts: date("2020-01-01"), today: today, higherIsBetter: true).baseline?.period == "2022")
        // Only one shown value: a baseline, no trend yet.
        let one = IndicatorTrend.of([points[0], points[3]], starts: date("2025-01-01"), today: today, higherIsBetter: true)
        #expect(one.baseline?.period == "2022" && one.latest == nil && one.direction == .unknown)
        #expect(IndicatorTrend.of([], starts: date("2025-01-01"), today: today, higherIsBetter: true).baseline == nil)
        // Readings are moments: one on the start day counts as before.
        let readings = [IndicatorPoint(period: "a", starts: date("2025-03-01"), value: 3), IndicatorPoint(period: "b", starts: date("2025-09-01"), value: 3)]
        let flat = IndicatorTrend.of(readings, starts: date("2025-03-01"), today: today, higherIsBetter: true)
        #expect(flat.baseline?.period == "a" && flat.latest?.period == "b" && flat.direction == .same)
    }

    @Test("Onboarding: every group has a common path with the advisors; a fractie adds its own sections after it")
    func onboardingPaths() throws {
        let book = try OnboardingBook.load(file: Self.onboardingFile)
        for group in OnboardingGroup.allCases {
            let sections = try #require(book.sections(for: group, fractie: nil, organisation: "tweede-kamer", on: date("2026-01-01")))
            #expect(sections.contains { $0.kind == .advisors }, "\(group)")
            #expect(sections.contains { $0.id == "witness" }, "\(group)")
            #expect(sections.allSatisfy { !$0.body.nl.isEmpty && $0.body.nl.count == $0.body.en.count }, "\(group)")
        }
        let common = try #require(book.sections(for: .fractieStaff, fractie: nil, organisation: "tweede-kamer", on: date("2026-01-01")))
        let own = try #require(book.sections(for: .fractieStaff, fractie: "noordstar", organisation: "tweede-kamer", on: date("2026-01-01")))
        #expect(own.count == common.count + 1 && own.last?.id == "noordstar")
        #expect(book.sections(for: .newMember, fractie: nil, organisation: "tweede-kamer", on: date("2023-01-01")) == nil)
        #expect(book.sections(for: .newMember, fractie: nil, organisation: "elders", on: date("2026-01-01")) == nil)
    }

    @Test("Overlapping counts beside a total: a lone hidden count takes the smallest other with it; zero is published")
    func overlapping() {
        #expect(DisclosureControl.suppressOverlapping([6, 2], k: 5) == [nil, nil])
        #expect(DisclosureControl.suppressOverlapping([6, 2, 9, 0], k: 5) == [nil, nil, 9, 0])
        #expect(DisclosureControl.suppressOverlapping([6, 2, 3], k: 5) == [6, nil, nil])
        #expect(DisclosureControl.suppressOverlapping([6, 7], k: 5) == [6, 7])
    }

    @Test("A completion rate of fewer than k offers is not shown")
    func completionRate() {
        #expect(CompletionRate(offered: 4, completed: 4).percent(k: 5) == nil)
        #expect(CompletionRate(offered: 5, completed: 2).percent(k: 5) == 40)
        #expect(CompletionRate(offered: 0, completed: 0).percent(k: 1) == nil)
    }
}
