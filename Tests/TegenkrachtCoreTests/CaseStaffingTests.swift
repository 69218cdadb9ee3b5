import Foundation
import TegenkrachtCore
import Testing

/// The second person (issue 15): where the case rules let the reporter choose (the confidential
/// advisors), the choice stands if the person is eligible; elsewhere the rules decide.
@Suite("Case staffing: the second person")
struct CaseStaffingTests {
    let organisation: Organisation
    let rules: CaseRules
    let today = date("2026-12-09")

    init() throws {
        organisation = try demoOrganisation()
        rules = try #require(try CaseRuleBook.load(directory: CorePaths.root + "/Resources/Cases").rules(on: date("2026-12-09")))
    }

    @Test("At an advisor the reporter chooses among the other advisors; the choice stands")
    func advisorChoice() throws {
        let team = try #require(rules.team(for: .confidentialAdvisor))
        #expect(team.reporterChoosesSecond == true)
        let choice = CaseStaffing.secondChoice(team: team, lead: "vp-extern", parties: .init(), organisation: organisation, on: today)
        #expect(choice.count > 1)
        #expect(!choice.contains("vp-extern"), "the lead is never their own second person")
        let byDefault = CaseStaffing.assign(team: team, chosen: "vp-extern", parties: .init(), organisation: organisation, on: today)
        #expect(byDefault.second == choice.first)
        let other = try #require(choice.last)
        #expect(other != byDefault.second)
        let chosen = CaseStaffing.assign(team: team, chosen: "vp-extern", preferredSecond: other, parties: .init(),
                                         organisation: organisation, on: today)
        #expect(chosen.lead == "vp-extern" && chosen.second == other)
    }

    @Test("A choice that is not on offer is not taken: the lead, someone with a conflict, an outsider")
    func choiceOutsideTheOffer() throws {
        let team = try #require(rules.team(for: .confidentialAdvisor))
        let byDefault = CaseStaffing.assign(team: team, chosen: "vp-extern", parties: .init(), organisation: organisation, on: today)
        let conflicted = try #require(CaseStaffing.secondChoice(team: team, lead: "vp-extern", parties: .init(),
                                                                organisation: organisation, on: today).last)
        let parties = CaseStaffing.Parties(witnesses: [conflicted])
        let withConflict = CaseStaffing.secondChoice(team: team, lead: "vp-extern", parties: parties, organisation: organisation, on: today)
        #expect(!withConflict.contains(conflicted))
        for wrong in ["vp-extern", conflicted, "klachtencommissie-voorzitter", "iemand"] {
            let assignment = CaseStaffing.assign(team: team, chosen: "vp-extern", preferredSecond: wrong, parties: parties,
                                                 organisation: organisation, on: today)
            #expect(assignment.second != wrong, "\(wrong)")
            #expect(assignment.second != nil)
        }
        // Positive control: without the conflict, the same person is taken.
        #expect(CaseStaffing.assign(team: team, chosen: "vp-extern", preferredSecond: conflicted, parties: .init(),
                                    organisation: organisation, on: today).second == conflicted)
        #expect(byDefault.second != conflicted)
    }

    @Test("The central point, the committee and the College name their second person by role: nothing to choose")
    func noChoiceElsewhere() throws {
        for kind in [RecipientKind.centralRoute, .complaintsCommittee, .integrityBoard] {
            let team = try #require(rules.team(for: kind))
            #expect(team.reporterChoosesSecond != true)
            let assignment = CaseStaffing.assign(team: team, chosen: nil, parties: .init(), organisation: organisation, on: today)
            #expect(CaseStaffing.secondChoice(team: team, lead: assignment.lead, parties: .init(), organisation: organisation, on: today).isEmpty)
            let candidates = CaseStaffing.secondCandidates(team: team, lead: assignment.lead, parties: .init(), organisation: organisation, on: today)
            if let other = candidates.last, other != assignment.second {
                let ignored = CaseStaffing.assign(team: team, chosen: nil, preferredSecond: other, parties: .init(),
                                                  organisation: organisation, on: today)
                #expect(ignored.second == assignment.second, "\(kind)")
            }
        }
    }
}
