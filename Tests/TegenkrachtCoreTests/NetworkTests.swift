import Foundation
import Testing
@testable import TegenkrachtCore

/// Issue 18, 6.5.1: the network of functionaries as rules: who is in it, who needs a certificate and
/// when its reminders are due, which double roles to review and when a decision is due again.
@Suite struct NetworkTests {
    @Test("The roster is everyone with a role in social safety, from the organisation model, each person once, the coordinator first")
    func roster() throws {
        let organisation = try demoOrganisation()
        let roster = FunctionaryNetwork.roster(organisation, on: date("2026-06-01"))
        let ids = roster.map(\.person.id)
        #expect(ids.first == "integriteitscoordinator")
        #expect(Set(ids).count == ids.count)
        for id in ["vp-extern", "vp-fractie-1", "hr-1", "manager-ict"] { #expect(ids.contains(id), "\(id)") }
        // Every role of the network is there; roles outside it (the register keeper, the College) are not.
        let roles = Set(roster.flatMap(\.assignments).map(\.role))
        for role: FunctionaryRole in [.confidentialAdvisorUnwantedBehaviour, .companySocialWorker, .humanResources, .lineManager,
                                      .worksCouncil, .integrityCoordinator, .complaintsCommitteeChair, .competentAuthority] {
            #expect(roles.contains(role), "\(role)")
        }
        #expect(!roles.contains(.registerKeeper) && !roles.contains(.integrityBoardMember))
        // Noordstar's advisor is in it once, with both roles, and needs a certificate; HR does not.
        let noordstar = try #require(roster.first { $0.person.id == "vp-fractie-1" })
        #expect(noordstar.assignments.map(\.role) == [.confidentialAdvisorUnwantedBehaviour, .lineManager])
        #expect(noordstar.needsCertificate)
        #expect(roster.first { $0.person.id == "hr-1" }?.needsCertificate == false)
        // A fractie's board is its foundation's bevoegd gezag.
        let noordstarBoard = roster.first { $0.person.id == "secretaris-noordstar" }
        #expect(noordstarBoard?.assignments.map(\.role) == [.competentAuthority] && noordstarBoard?.assignments.first?.fractie == "noordstar")
    }

    @Test("Certification: the longest-running certificate counts; expired and missing are told apart")
    func certification() {
        let old = FunctionaryNetwork.Certificate(id: "a", person: "vp-1", what: "LVV", validUntil: date("2025-12-31"))
        let renewed = FunctionaryNetwork.Certificate(id: "b", person: "vp-1", what: "LVV", validUntil: date("2028-12-31"))
        let other = FunctionaryNetwork.Certificate(id: "c", person: "vp-2", what: "LVV", validUntil: date("2026-01-31"))
        #expect(FunctionaryNetwork.status(of: "vp-1", certificates: [old], on: date("2025-12-31")) == .valid(until: date("2025-12-31")))
        #expect(FunctionaryNetwork.status(of: "vp-1", certificates: [old], on: date("2026-01-01")) == .expired(on: date("2025-12-31")))
        #expect(FunctionaryNetwork.status(of: "vp-1", certificates: [old, renewed], on: date("2026-01-01")) == .valid(until: date("2028-12-31")))
        #expect(FunctionaryNetwork.status(of: "vp-3", certificates: [old, other], on: date("2026-01-01")) == FunctionaryNetwork.CertificateStatus.none)
        #expect(FunctionaryNetwork.current([renewed, old, other]).map(\.id) == ["b", "c"])
        #expect(FunctionaryNetwork.requiresCertificate(.confidentialAdvisorIntegrity))
        #expect(!FunctionaryNetwork.requiresCertificate(.humanResources))
    }

    @Test("Reminder moments: 90 and 30 days before, once expired; only the latest moment that has come; 29 February; an old expiry reminds no one")
    func reminderMoments() {
        let schedule = CertificateReminderSchedule.standard
        #expect(schedule.daysBefore == [90, 30])
        // An expiry on 29 February 2028 (a leap day): 90 days before is 1 December 2027, 30 days before 30 January.
        let leap = date("2028-02-29")
        #expect(schedule.day(of: .before(days: 90), validUntil: leap) == date("2027-12-01"))
        #expect(schedule.day(of: .before(days: 30), validUntil: leap) == date("2028-01-30"))
        #expect(schedule.day(of: .expired, validUntil: leap) == date("2028-03-01"))
        #expect(schedule.due(validUntil: leap, on: date("2027-11-30")) == nil)
        #expect(schedule.due(validUntil: leap, on: date("2027-12-01")) == .before(days: 90))
        #expect(schedule.due(validUntil: leap, on: date("2028-01-29")) == .before(days: 90))
        #expect(schedule.due(validUntil: leap, on: date("2028-01-30")) == .before(days: 30))
        #expect(schedule.due(validUntil: leap, on: leap) == .before(days: 30), "still valid on its last day")
        #expect(schedule.due(validUntil: leap, on: date("2028-03-01")) == .expired)
        #expect(schedule.due(validUntil: leap, on: date("2028-03-31")) == .expired)
        #expect(schedule.due(validUntil: leap, on: date("2028-04-01")) == nil)
        // Recorded ten days before its end: the 30-day reminder at once, never the 90-day one.
        #expect(schedule.due(validUntil: date("2026-06-10"), on: date("2026-05-31")) == .before(days: 30))
        // Already expired long ago (recorded as history): no reminder at all.
        #expect(schedule.due(validUntil: date("2020-01-01"), on: date("2026-06-01")) == nil)
        // Across New Year.
        #expect(schedule.due(validUntil: date("2027-01-15"), on: date("2026-12-16")) == .before(days: 30))
        #expect([CertificateReminderSchedule.Moment.before(days: 90), .before(days: 30), .expired].map(\.key) == ["90", "30", "verlopen"])
        // The rule as data: odd input is cleaned, not trusted.
        #expect(CertificateReminderSchedule(daysBefore: [30, 0, -5, 90], expiredCatchUpDays: -1).daysBefore == [90, 30])
    }

    @Test("Double roles: an advisor or social worker who is also a manager, HR or the board, or two seats the regulations keep apart")
    func doubleRoleRule() {
        #expect(DoubleRoleReview.mustEvaluate(.confidentialAdvisorUnwantedBehaviour, .lineManager))
        #expect(DoubleRoleReview.mustEvaluate(.humanResources, .confidentialAdvisorIntegrity))
        #expect(DoubleRoleReview.mustEvaluate(.companySocialWorker, .competentAuthority))
        #expect(DoubleRoleReview.mustEvaluate(.confidentialAdvisorUnwantedBehaviour, .complaintsCommitteeMemberForFracties), "RoleIncompatibility")
        #expect(!DoubleRoleReview.mustEvaluate(.confidentialAdvisorUnwantedBehaviour, .confidentialAdvisorIntegrity))
        #expect(!DoubleRoleReview.mustEvaluate(.humanResources, .lineManager))
        #expect(!DoubleRoleReview.mustEvaluate(.lineManager, .lineManager))
        #expect(!DoubleRoleReview.mustEvaluate(.integrityCoordinator, .humanResources))
    }

    @Test("The demo's review finds Noordstar's advisor who is also a manager, from the day the second role began")
    func demoFindings() throws {
        let organisation = try demoOrganisation()
        let findings = DoubleRoleReview.findings(organisation, on: date("2026-06-01"))
        let noordstar = try #require(findings.first { $0.person == "vp-fractie-1" })
        #expect(noordstar.key == "leidinggevende+vertrouwenspersoon-ongewenst")
        #expect(Set(findings.map(\.key)).count >= 1)
        #expect(!DoubleRoleReview.findings(organisation, on: date("2023-12-05")).contains { $0.person == "vp-fractie-1" })
        // One person with three roles gives each pair to review once.
        var three = organisation
        three.roles.append(RoleAssignment(person: "vp-fractie-1", role: .humanResources, affiliation: .fractie, fractie: "noordstar",
                                          employer: "stichting-noordstar", validity: Validity(from: date("2024-01-01"))))
        let keys = DoubleRoleReview.findings(three, on: date("2026-06-01")).filter { $0.person == "vp-fractie-1" }.map(\.key)
        #expect(keys == ["hr+vertrouwenspersoon-ongewenst", "leidinggevende+vertrouwenspersoon-ongewenst"])
    }

    @Test("A decision holds 12 months (this installation's choice), then is due again; 29 February gives 28 February")
    func due() {
        #expect(DoubleRoleReview.periodMonths == 12)
        #expect(DoubleRoleReview.state(lastDecision: nil, on: date("2026-06-01")) == .undecided)
        #expect(DoubleRoleReview.isDue(lastDecision: nil, on: date("2026-06-01")))
        #expect(DoubleRoleReview.state(lastDecision: date("2026-03-01"), on: date("2027-02-28"))
                == .decided(on: date("2026-03-01"), dueAgain: date("2027-03-01")))
        #expect(!DoubleRoleReview.isDue(lastDecision: date("2026-03-01"), on: date("2027-02-28")))
        #expect(DoubleRoleReview.state(lastDecision: date("2026-03-01"), on: date("2027-03-01")) == .dueAgain(decidedOn: date("2026-03-01")))
        #expect(DoubleRoleReview.dueAgain(after: date("2028-02-29")) == date("2029-02-28"))
        #expect(DoubleRoleReview.isDue(lastDecision: date("2028-02-29"), on: date("2029-02-28")))
        #expect(!DoubleRoleReview.isDue(lastDecision: date("2028-02-29"), on: date("2029-02-27")))
    }
}
