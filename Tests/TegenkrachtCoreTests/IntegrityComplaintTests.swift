import TegenkrachtCore
import Testing

@Suite("Complaints about MPs under the Gedragscode (College van onderzoek integriteit)")
struct IntegrityComplaintTests {
    let procedure: ProcedureDefinition

    init() throws {
        let book = try ProcedureBook.load(directory: CorePaths.root + "/Resources/Procedures")
        procedure = try #require(book.definition("gedragscode-coi", on: date("2021-11-06")))
    }

    /// COI.2021.0021 (000c §3.2): two side functions not registered; the MP did not answer; both parts
    /// founded; an instruction and a reprimand recommended; forwarded by the Presidium; adopted by the
    /// House on 15 March 2022; the instruction not followed.
    @Test("The worked case COI.2021.0021 reproduces")
    func workedCase() throws {
        var c = try IntegrityComplaint(reference: "COI.2021.0021", parts: [
            .init(allegation: "Bestuurslid van Forum voor Democratie bv niet geregistreerd"),
            .init(allegation: "Directeur van THPB Media bv niet geregistreerd"),
        ])
        #expect(IntegrityComplaint.refusalReason(aboutMP: true, possiblyCriminal: false, inDebate: false,
                                                 conductOn: date("2021-11-06")) == nil)
        try c.record("ingediend", on: date("2021-11-06"), procedure: procedure)
        try c.record("ontvangstbevestiging", on: date("2021-11-08"), procedure: procedure)
        try c.record("ontvankelijk", on: date("2021-11-12"), procedure: procedure)
        try c.record("vragen-kamerlid", on: date("2021-11-12"), procedure: procedure)
        try c.record("gehoord", on: date("2021-11-24"), procedure: procedure)
        try c.recordRefusalToCooperate()
        try c.find(.founded, forPart: 0)
        try c.find(.founded, forPart: 1)
        try c.record("concept-bevindingen", on: date("2022-02-10"), procedure: procedure)
        try c.report(on: date("2022-02-22"), recommending: [
            .instruction("Beide nevenfuncties laten registreren in het nevenactiviteitenregister"), .reprimand,
        ], procedure: procedure)
        try c.record("doorgeleid", on: date("2022-03-10"), procedure: procedure)
        try c.plenaryDecision(on: date("2022-03-15"), adopted: true, procedure: procedure)
        try c.recordCompliance(.notComplied)

        #expect(c.violationFound)
        #expect(c.refusedToCooperate)
        #expect(c.adoptedSanctions.map(\.code) == ["aanwijzing", "berisping"])
        #expect(c.compliance == .notComplied)
        // The elapsed times the source computes: acknowledged after 2 days, admissibility after 6,
        // hearing after 18, report after 108 and the plenary decision after 129 days.
        #expect(c.daysFromFiling(to: "ontvangstbevestiging") == 2)
        #expect(c.daysFromFiling(to: "ontvankelijk") == 6)
        #expect(c.daysFromFiling(to: "gehoord") == 18)
        #expect(c.daysFromFiling(to: "rapportage") == 108)
        #expect(c.daysFromFiling(to: "besluit-kamer") == 129)
    }

    @Test("Coded refusal reasons follow from the facts", arguments: [
        (false, false, false, "2022-01-01", IntegrityComplaint.RefusalReason.notAnMP),
        (true, true, false, "2022-01-01", .possiblyCriminal),
        (true, false, true, "2022-01-01", .orderOfDebate),
        (true, false, false, "2021-03-31", .beforeApril2021),
    ])
    func refusalReasons(aboutMP: Bool, criminal: Bool, debate: Bool, conduct: String, expected: IntegrityComplaint.RefusalReason) {
        #expect(IntegrityComplaint.refusalReason(aboutMP: aboutMP, possiblyCriminal: criminal, inDebate: debate,
                                                 conductOn: date(conduct)) == expected)
        #expect(IntegrityComplaint.refusalReason(aboutMP: true, possiblyCriminal: false, inDebate: false,
                                                 conductOn: date("2021-04-01")) == nil)
    }

    @Test("A suspension is at most one month and never of the right to vote")
    func suspension() throws {
        try Sanction.suspension(from: date("2022-01-31"), until: date("2022-02-27"), includesVoting: false).validate()
        #expect(throws: IntegrityComplaintError.suspensionTooLong) {
            try Sanction.suspension(from: date("2022-01-31"), until: date("2022-02-28"), includesVoting: false).validate()
        }
        try Sanction.suspension(from: date("2024-02-01"), until: date("2024-02-29"), includesVoting: false).validate()
        #expect(throws: IntegrityComplaintError.suspensionTooLong) {
            try Sanction.suspension(from: date("2024-02-01"), until: date("2024-03-01"), includesVoting: false).validate()
        }
        #expect(throws: IntegrityComplaintError.suspensionOfVoting) {
            try Sanction.suspension(from: date("2022-03-01"), until: date("2022-03-07"), includesVoting: true).validate()
        }
    }

    @Test("The procedure's order is enforced")
    func order() throws {
        var c = try IntegrityComplaint(reference: "COI.2022.0003", parts: [.init(allegation: "Gift niet gemeld")])
        try c.record("ingediend", on: date("2022-05-02"), procedure: procedure)
        #expect(throws: IntegrityComplaintError.notInvestigating) { try c.recordRefusalToCooperate() }
        #expect(throws: IntegrityComplaintError.self) {
            try c.record("ontvankelijk", on: date("2022-05-01"), procedure: procedure)
        }
        try c.record("ontvankelijk", on: date("2022-05-09"), procedure: procedure)
        #expect(throws: IntegrityComplaintError.partsWithoutFinding) {
            try c.report(on: date("2022-07-01"), recommending: [], procedure: procedure)
        }
        try c.find(.unfounded, forPart: 0)
        #expect(throws: IntegrityComplaintError.sanctionWithoutViolation) {
            try c.report(on: date("2022-07-01"), recommending: [.reprimand], procedure: procedure)
        }
        try c.report(on: date("2022-07-01"), recommending: [], procedure: procedure)
        #expect(throws: IntegrityComplaintError.notForwarded) {
            try c.plenaryDecision(on: date("2022-07-05"), adopted: true, procedure: procedure)
        }
        #expect(throws: IntegrityComplaintError.contradictoryAdmissibility) {
            try c.refuse(.manifestlyUnfounded, on: date("2022-05-10"), procedure: procedure)
        }
        #expect(throws: IntegrityComplaintError.badReference("COI-2022-3")) {
            try IntegrityComplaint(reference: "COI-2022-3", parts: [])
        }
    }
}
