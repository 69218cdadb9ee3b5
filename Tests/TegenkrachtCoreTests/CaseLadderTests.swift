import TegenkrachtCore
import Testing

private let day = LocalDate(iso: "2026-11-23")!

private func consent(_ step: CaseStage) -> Consent {
    Consent(step: step, withWhom: "de leidinggevende", information: "wat er gebeurde, zonder naam", givenOn: day)
}

@Suite("Case handling: the escalation ladder")
struct CaseLadderTests {
    @Test("Beyond listening and advice nothing happens without the reporter's consent")
    func consentGate() throws {
        var ladder = CaseLadder(facts: CaseFacts(serious: false, powerGap: false), lead: "vp-1", second: "coordinator")
        #expect(throws: LadderError.consentRequired(.informalIntervention)) {
            try ladder.transition(TransitionRequest(to: .informalIntervention, by: "vp-1", on: day, reason: "gesprek", mediator: "M. Bemiddelaar"))
        }
        ladder.record(consent(.informalIntervention))
        #expect(throws: LadderError.mediatorRequired) {
            try ladder.transition(TransitionRequest(to: .informalIntervention, by: "vp-1", on: day, reason: "gesprek"))
        }
        try ladder.transition(TransitionRequest(to: .informalIntervention, by: "vp-1", on: day, reason: "gesprek",
                                                mediator: "M. Bemiddelaar"))
        #expect(ladder.stage == .informalIntervention)
        #expect(ladder.history.map(\.to) == [.informalIntervention])
        #expect(ladder.history.first?.by == "vp-1" && ladder.history.first?.reason == "gesprek")
        // A withdrawn consent closes the door again.
        ladder.withdrawConsent(for: .formalComplaint, on: day)
        #expect(throws: LadderError.consentRequired(.formalComplaint)) {
            try ladder.transition(TransitionRequest(to: .formalComplaint, by: "vp-1", on: day, reason: "klacht"))
        }
    }

    @Test("Serious behaviour or a power gap: informal handling needs a recorded justification",
          arguments: [CaseFacts(serious: true, powerGap: false), CaseFacts(serious: false, powerGap: true)])
    func triage(facts: CaseFacts) throws {
        var ladder = CaseLadder(facts: facts, lead: "vp-1", second: "coordinator")
        ladder.record(consent(.informalIntervention))
        #expect(throws: LadderError.justificationRequired) {
            try ladder.transition(TransitionRequest(to: .informalIntervention, by: "vp-1", on: day, reason: "mediation",
                                                    mediator: "M"))
        }
        try ladder.transition(TransitionRequest(to: .informalIntervention, by: "vp-1", on: day, reason: "mediation",
                                                informalJustification: "De melder wil dit uitdrukkelijk, na uitleg van de formele route.",
                                                mediator: "M"))
        #expect(ladder.stage == .informalIntervention)
    }

    @Test("Triage facts follow from the typology and the accused's position")
    func facts() {
        #expect(CaseFacts.from(behaviourItems: ["l"], criminal: false, accusedIsManager: false, accusedGroup: .civilServant).serious)
        #expect(CaseFacts.from(behaviourItems: ["a"], criminal: true, accusedIsManager: false, accusedGroup: nil).serious)
        #expect(!CaseFacts.from(behaviourItems: ["a", "c"], criminal: false, accusedIsManager: false, accusedGroup: .civilServant).serious)
        #expect(CaseFacts.from(behaviourItems: ["a"], criminal: false, accusedIsManager: false, accusedGroup: .memberOfParliament).powerGap)
        #expect(CaseFacts.from(behaviourItems: ["a"], criminal: false, accusedIsManager: true, accusedGroup: .civilServant).powerGap)
    }

    @Test("Fact-finding records who decided, on which criteria, which investigator and mandate")
    func factFinding() throws {
        var ladder = CaseLadder(facts: CaseFacts(serious: false, powerGap: false), lead: "vp-1", second: "coordinator")
        ladder.record(consent(.factFinding))
        #expect(throws: LadderError.factFindingIncomplete) {
            try ladder.transition(TransitionRequest(to: .factFinding, by: "griffier", on: day, reason: "onderzoek",
                                                    factFinding: FactFindingDecision(decidedBy: "Griffier", criteria: "", investigator: "Bureau X", mandate: "m")))
        }
        try ladder.transition(TransitionRequest(to: .factFinding, by: "griffier", on: day, reason: "onderzoek",
            factFinding: FactFindingDecision(decidedBy: "Griffier en Presidium", criteria: "ernst en herhaling",
                                             investigator: "extern onderzoeksbureau", mandate: "feiten vaststellen, geen oordeel")))
        #expect(ladder.factFinding?.investigator == "extern onderzoeksbureau")
    }

    @Test("Closing needs an outcome and both persons' outcomes; closing without action needs a real reason and the second person")
    func closing() throws {
        var ladder = CaseLadder(facts: CaseFacts(serious: false, powerGap: false), lead: "vp-1", second: "coordinator")
        #expect(throws: LadderError.outcomeRequired) {
            try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: day, reason: "klaar"))
        }
        #expect(throws: LadderError.personOutcomesRequired) {
            try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: day, reason: "klaar", outcome: .noAction))
        }
        #expect(throws: LadderError.reasonNotAcceptable) {
            try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: day, reason: "Zo is hij nu eenmaal, niets aan te doen",
                                                    outcome: .noAction, secondPersonApproval: "coordinator",
                                                    reporterOutcome: .stayed, accusedOutcome: .noConsequence))
        }
        let reason = "De melder wil geen vervolg en het gedrag is volgens de melder gestopt."
        #expect(throws: LadderError.secondApprovalRequired) {
            try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: day, reason: reason, outcome: .noAction,
                                                    reporterOutcome: .stayed, accusedOutcome: .noConsequence))
        }
        #expect(throws: LadderError.secondApproverIsLead) {
            try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: day, reason: reason, outcome: .noAction,
                                                    secondPersonApproval: "vp-1", reporterOutcome: .stayed, accusedOutcome: .noConsequence))
        }
        try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: day, reason: reason, outcome: .noAction,
                                                secondPersonApproval: "coordinator", reporterOutcome: .stayed, accusedOutcome: .noConsequence))
        #expect(ladder.stage == .closed && ladder.outcome == .noAction)
        #expect(!ladder.responsibilityShifted)
        #expect(throws: LadderError.closedCase) {
            try ladder.transition(TransitionRequest(to: .listening, by: "vp-1", on: day, reason: "x"))
        }
    }

    @Test("A case where the reporter moved and nothing happened to the accused is flagged")
    func responsibilityShifted() throws {
        var ladder = CaseLadder(facts: CaseFacts(serious: false, powerGap: false), lead: "vp-1", second: "coordinator")
        try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: day, reason: "Opgelost door overplaatsing",
                                                outcome: .resolvedInformally, reporterOutcome: .moved, accusedOutcome: .noConsequence))
        #expect(ladder.responsibilityShifted)
    }

    @Test("The check-ins of the case rules on awkward dates: month ends, a leap day, the turn of the year",
          arguments: [("2027-11-30", ["2027-12-28", "2028-02-29"]), ("2028-02-29", ["2028-03-28", "2028-05-29"]),
                      ("2026-12-31", ["2027-01-28", "2027-03-31"]), ("2029-11-30", ["2029-12-28", "2030-02-28"])])
    func aftercareDates(closed: String, expected: [String]) throws {
        let rules = try #require(try CaseRuleBook.load(directory: CorePaths.root + "/Resources/Cases").rules(on: LocalDate(iso: closed)!))
        #expect(rules.aftercareSchedule.checkIns(closedOn: LocalDate(iso: closed)!).map(\.iso) == expected)
    }

    @Test("\"No, it did not stop\" at aftercare reopens the case; check-ins come at 4 weeks and 3 months")
    func aftercare() throws {
        var ladder = CaseLadder(facts: CaseFacts(serious: false, powerGap: false), lead: "vp-1", second: "coordinator")
        #expect(throws: LadderError.notClosed) { try ladder.reopen(by: "melder", on: day, reason: "x") }
        try ladder.transition(TransitionRequest(to: .closed, by: "vp-1", on: LocalDate(iso: "2026-01-31")!, reason: "opgelost",
                                                outcome: .resolvedInformally, reporterOutcome: .stayed, accusedOutcome: .measureTaken))
        #expect(AftercareSchedule.standard.checkIns(closedOn: LocalDate(iso: "2026-01-31")!).map(\.iso) == ["2026-02-28", "2026-04-30"])
        try ladder.reopen(by: "melder", on: LocalDate(iso: "2026-02-28")!, reason: "Het gedrag is niet gestopt")
        #expect(ladder.stage == .listening && ladder.outcome == nil)
        #expect(ladder.history.last?.from == .closed)
    }

    @Test("Conflict check: the accused, their unit or fractie, witnesses and declared conflicts are excluded")
    func conflicts() {
        let accused = [ConflictCheck.Candidate(personID: "p-accused", unit: "dienst-ict", fractie: nil)]
        func check(_ c: ConflictCheck.Candidate) -> ConflictCheck.Reason? {
            ConflictCheck.exclusion(of: c, accused: accused, witnesses: ["p-witness"], declaredConflicts: ["p-conflict"])
        }
        #expect(check(.init(personID: "p-accused")) == .isAccused)
        #expect(check(.init(personID: "vp-2", unit: "dienst-ict")) == .sameUnitOrFractie)
        #expect(check(.init(personID: "p-witness")) == .isWitness)
        #expect(check(.init(personID: "p-conflict")) == .declaredConflict)
        #expect(check(.init(personID: "vp-extern")) == nil)
        let fractieAccused = [ConflictCheck.Candidate(personID: "kamerlid-1", fractie: "noordstar")]
        #expect(ConflictCheck.exclusion(of: .init(personID: "vp-fractie-1", fractie: "noordstar"), accused: fractieAccused,
                                        witnesses: [], declaredConflicts: []) == .sameUnitOrFractie)
    }
}

@Suite("Reassignment rules (issue 16)")
struct CaseReassignmentTests {
    let seats = CaseReassignment.Seats(lead: "lead", second: "second")

    @Test("The second person cannot take the lead's seat, nor hand the case over while the lead can go on")
    func second() {
        #expect(CaseReassignment.refusal(actor: "second", role: .second, current: seats,
                                         proposed: .init(lead: "second", second: "other"), leadCannotGoOn: false) == .onlyTheLead)
        #expect(CaseReassignment.refusal(actor: "second", role: .second, current: seats,
                                         proposed: .init(lead: "second", second: "other"), leadCannotGoOn: true) == .selfAssignment)
        // Positive control: with the lead in conflict, the second person may name someone else.
        #expect(CaseReassignment.refusal(actor: "second", role: .second, current: seats,
                                         proposed: .init(lead: "other", second: "second"), leadCannotGoOn: true) == nil)
    }

    @Test("The lead may hand over, but not move into the second seat; a member never takes a seat")
    func leadAndMember() {
        #expect(CaseReassignment.refusal(actor: "lead", role: .lead, current: seats,
                                         proposed: .init(lead: "other", second: "second"), leadCannotGoOn: false) == nil)
        #expect(CaseReassignment.refusal(actor: "lead", role: .lead, current: seats,
                                         proposed: .init(lead: "second", second: "lead"), leadCannotGoOn: false) == .selfAssignment)
        #expect(CaseReassignment.refusal(actor: "m", role: .member, current: seats,
                                         proposed: .init(lead: "other", second: "m"), leadCannotGoOn: true) == .selfAssignment)
        #expect(CaseReassignment.refusal(actor: "m", role: .member, current: .init(lead: nil, second: "second"),
                                         proposed: .init(lead: "other", second: "second"), leadCannotGoOn: false) == nil)
        #expect(CaseReassignment.refusal(actor: "lead", role: .lead, current: seats, proposed: seats, leadCannotGoOn: false) == .unchanged)
    }

    @Test("A confidential name needs the reporter's consent for any lead but the one they allowed")
    func identity() {
        #expect(CaseReassignment.identityNeedsConsent(confidential: true, newLead: "b", allowedReader: "a"))
        #expect(!CaseReassignment.identityNeedsConsent(confidential: true, newLead: "a", allowedReader: "a"))
        #expect(!CaseReassignment.identityNeedsConsent(confidential: false, newLead: "b", allowedReader: "a"))
    }
}
