import Foundation
import Testing
@testable import TegenkrachtCore

/// Issue 18, 6.4.5: a fractie's policy is published, evaluated and based on a current RI&E, or the
/// Presidium is told (kracht-zonder-tegenkracht L2619-2625; RvO art. 5.4).
@Suite struct FractiePolicyTests {
    func fractie(published: String? = "https://fractie.example/beleid", evaluated: String?, inventory: String?) -> Fractie {
        Fractie(id: "f", name: "F", employer: "stichting-f", seats: 3, validity: Validity(from: date("2023-12-06")),
                klachtenregeling: .notAdopted, policyPublishedAt: published,
                policyEvaluatedOn: evaluated.map(date), riskInventoryOn: inventory.map(date))
    }

    @Test("In order: published, evaluated within three years, RI&E within four")
    func inOrder() {
        #expect(FractiePolicyReview.findings(for: fractie(evaluated: "2025-03-01", inventory: "2024-09-15"), on: date("2026-12-03")).isEmpty)
    }

    @Test("Missing: not published, no evaluation, no RI&E")
    func missing() {
        #expect(FractiePolicyReview.findings(for: fractie(published: " ", evaluated: nil, inventory: nil), on: date("2026-12-03"))
                == [.policyNotPublished, .evaluationMissing, .riskInventoryMissing])
    }

    @Test("Out of date from the day the period has passed; 29 February counts to 28 February")
    func outdated() {
        let leap = fractie(evaluated: "2024-02-29", inventory: "2024-02-29")
        #expect(FractiePolicyReview.findings(for: leap, on: date("2027-02-27")).isEmpty)
        #expect(FractiePolicyReview.findings(for: leap, on: date("2027-02-28")) == [.evaluationOutdated])
        #expect(FractiePolicyReview.findings(for: leap, on: date("2028-02-28")) == [.evaluationOutdated])
        #expect(FractiePolicyReview.findings(for: leap, on: date("2028-02-29")) == [.evaluationOutdated, .riskInventoryOutdated])
        // The organisation model may set other periods.
        let strict = FractiePolicyReview.Rules(evaluationMaxYears: 1, riskInventoryMaxYears: 1)
        #expect(FractiePolicyReview.findings(for: leap, on: date("2025-03-01"), rules: strict) == [.evaluationOutdated, .riskInventoryOutdated])
    }

    @Test("The demo organisation reads its fracties' dates, and flags those without")
    func demo() throws {
        let organisation = try demoOrganisation()
        let noordstar = try #require(organisation.fracties.first { $0.id == "noordstar" })
        #expect(noordstar.policyEvaluatedOn == date("2025-03-01"))
        #expect(FractiePolicyReview.findings(for: noordstar, on: date("2026-12-03")).isEmpty)
        let groen = try #require(organisation.fracties.first { $0.id == "groen-verbond" })
        #expect(FractiePolicyReview.findings(for: groen, on: date("2026-12-03")) == [.evaluationOutdated, .riskInventoryOutdated])
    }
}

extension FractiePolicyTests {
    @Test("A review period of nothing is refused in the organisation model (it would flag every fractie)")
    func periodsValidated() throws {
        var organisation = try demoOrganisation()
        organisation.fractiePolicyReview = FractiePolicyReview.Rules(evaluationMaxYears: 0, riskInventoryMaxYears: 4)
        #expect(problems(organisation).map(\.path) == ["fractiePolicyReview.evaluationMaxYears"])
        organisation.fractiePolicyReview = FractiePolicyReview.Rules(evaluationMaxYears: 2, riskInventoryMaxYears: 5)
        #expect(problems(organisation).isEmpty)
    }
}
