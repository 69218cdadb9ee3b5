import Foundation

/// Whether a fractie's social-safety policy is known, evaluated and based on a current RI&E (issue 18,
/// 6.4.5). Fracties are employers (RvO art. 5.4) and so bound by the Arbowet: a social-safety policy,
/// a risk inventory with "pesten en ongewenst gedrag" in it (000a L1716-1718), and since the RvO's
/// change the duty to publish the policy, which "dient dan wel op effectieve wijze te worden
/// gehandhaafd" (kracht-zonder-tegenkracht L2619-2625). A fractie whose policy is missing or out of
/// date is flagged for the Presidium.
public enum FractiePolicyReview {
    /// How old an evaluation and an RI&E may be. Neither the Arbowet nor the report names a period
    /// ("actueel"); three and four years are this installation's defaults, data in the organisation model.
    public struct Rules: Codable, Hashable, Sendable {
        public var evaluationMaxYears: Int
        public var riskInventoryMaxYears: Int

        public init(evaluationMaxYears: Int = 3, riskInventoryMaxYears: Int = 4) {
            self.evaluationMaxYears = evaluationMaxYears
            self.riskInventoryMaxYears = riskInventoryMaxYears
        }
    }

    public enum Finding: String, Sendable, CaseIterable {
        case policyNotPublished
        case evaluationMissing
        case evaluationOutdated
        case riskInventoryMissing
        case riskInventoryOutdated
    }

    /// What needs the Presidium's attention on a day; empty when all is in order. A date is out of date
    /// from the day its period has passed (an evaluation on 29 February 2024 with three years is due on
    /// 28 February 2027, the calendar's last day of that month).
    public static func findings(for fractie: Fractie, on day: LocalDate, rules: Rules = Rules()) -> [Finding] {
        var findings: [Finding] = []
        if (fractie.policyPublishedAt ?? "").trimmingCharacters(in: .whitespaces).isEmpty { findings.append(.policyNotPublished) }
        if let evaluated = fractie.policyEvaluatedOn {
            if evaluated.adding(years: rules.evaluationMaxYears) <= day { findings.append(.evaluationOutdated) }
        } else {
            findings.append(.evaluationMissing)
        }
        if let inventory = fractie.riskInventoryOn {
            if inventory.adding(years: rules.riskInventoryMaxYears) <= day { findings.append(.riskInventoryOutdated) }
        } else {
            findings.append(.riskInventoryMissing)
        }
        return findings
    }
}
