import TegenkrachtCore
import Testing

/// The seeds' rules on which clock a report follows and how the Klachtenregeling's terms move
/// (issue 13). Each test quotes the article; dates were worked out by hand from the calendar.
@Suite("Each procedure's own clock")
struct ProcedureRulesTests {
    let book: ProcedureBook

    init() throws {
        book = try ProcedureBook.load(directory: CorePaths.root + "/Resources/Procedures")
    }

    func progress(_ procedure: String, _ events: [String: String]) throws -> ProcedureProgress {
        let definition = try #require(book.definition(procedure, on: date("2026-01-01")))
        return try ProcedureProgress(definition, events: events.mapValues { date($0) })
    }

    func procedure(_ kind: String, _ recipient: String, wrongdoing: Bool?) -> String? {
        book.definition(forKind: kind, recipient: recipient, wrongdoing: wrongdoing, on: date("2026-06-01"))?.id
    }

    @Test("The Wbk applies to a suspected wrongdoing only: \"het maatschappelijk belang moet in het geding zijn\" (woo-besluit L1972-1976)")
    func wbkOnlyForWrongdoing() throws {
        // A conversation with an advisor about bullying: the advisors' own agreement, not a legal term.
        #expect(procedure("melding", "vertrouwenspersoon", wrongdoing: false) == "vertrouwenspersoon")
        #expect(book.definition("vertrouwenspersoon", on: date("2026-06-01"))?.isStatutory == false)
        // A wrongdoing keeps the Wbk's clocks, also when told to an advisor (statutory wins a tie).
        #expect(procedure("melding", "vertrouwenspersoon", wrongdoing: true) == "wbk")
        #expect(procedure("signaal", "centraal-meldpunt", wrongdoing: true) == "wbk")
        // No wrongdoing at the central point: no procedure with terms at all.
        #expect(procedure("melding", "centraal-meldpunt", wrongdoing: false) == nil)
        // A report from before the question was stored keeps what it was promised then.
        #expect(procedure("melding", "centraal-meldpunt", wrongdoing: nil) == "wbk")
        // Complaints follow their regulation, wrongdoing or not.
        #expect(procedure("klacht", "klachtencommissie", wrongdoing: true) == "klachtenregeling-oo")
        #expect(procedure("klacht", "college-onderzoek-integriteit", wrongdoing: false) == "gedragscode-coi")
    }

    @Test("The College sets no terms: its reporter is never shown a date")
    func collegeHasNoTerms() throws {
        let college = try progress("gedragscode-coi", ["ingediend": "2026-03-02"])
        #expect(!college.setsTerms)
        #expect(college.running.isEmpty && college.nextDate == nil)
        #expect(college.steps.first { $0.isNext }?.step.id == "intake")
    }

    @Test("Art. 10 lid 1: admissibility \"binnen twee weken nadat een klacht compleet is ingediend\"; the repair term only \"desgewenst\" (art. 9 lid 3)")
    func admissibilityClock() throws {
        // Complete when filed: the two weeks run from filing, and no repair step is shown.
        let filed = try progress("klachtenregeling-oo", ["ingediend": "2026-03-02"])
        #expect(filed.nextDate?.step.id == "ontvankelijkheid")
        #expect(filed.nextDate?.due == date("2026-03-16"))
        #expect(!filed.steps.contains { $0.step.id == "stukken-aanvullen" })
        // The committee asks for documents on 4 March: the complainant has until 18 March, and the
        // admissibility clock waits for the complete complaint.
        let asked = try progress("klachtenregeling-oo", ["ingediend": "2026-03-02", "aanvulling-gevraagd": "2026-03-04"])
        #expect(asked.running.map(\.step.id) == ["stukken-aanvullen"])
        #expect(asked.nextDate?.due == date("2026-03-18"))
        // Complete on 13 March: two weeks from then, 27 March.
        let complete = try progress("klachtenregeling-oo", ["ingediend": "2026-03-02", "aanvulling-gevraagd": "2026-03-04",
                                                            "compleet": "2026-03-13"])
        #expect(complete.running.map(\.step.id) == ["ontvankelijkheid"])
        #expect(complete.nextDate?.due == date("2026-03-27"))
    }

    @Test("Art. 10 lid 4: the committee advises inadmissibility, \"het bevoegd gezag beslist over de niet-ontvankelijkheid\"; no advice term runs")
    func inadmissible() throws {
        let advised = try progress("klachtenregeling-oo", ["ingediend": "2026-03-02", "advies-niet-ontvankelijk": "2026-03-10"])
        #expect(advised.endedBy == "advies-niet-ontvankelijk")
        #expect(advised.running.isEmpty)
        #expect(advised.steps.first { $0.isNext }?.step.id == "besluit-niet-ontvankelijk")
        #expect(advised.steps.first { $0.step.id == "ontvankelijkheid" }?.done == date("2026-03-10"))
        let decided = try progress("klachtenregeling-oo", ["ingediend": "2026-03-02", "advies-niet-ontvankelijk": "2026-03-10",
                                                           "niet-ontvankelijk": "2026-03-20"])
        #expect(!decided.steps.contains { $0.isNext })
        // Admissible and inadmissible on one complaint contradict each other, in both procedures.
        #expect(throws: ProcedureInputError.contradictory(event: "ontvankelijk", other: "advies-niet-ontvankelijk")) {
            try progress("klachtenregeling-oo", ["ingediend": "2026-03-02", "advies-niet-ontvankelijk": "2026-03-10",
                                                 "ontvankelijk": "2026-03-11"])
        }
        #expect(throws: ProcedureInputError.contradictory(event: "ontvankelijk", other: "niet-ontvankelijk")) {
            try progress("gedragscode-coi", ["ingediend": "2026-03-02", "ontvankelijk": "2026-03-10", "niet-ontvankelijk": "2026-03-11"])
        }
    }

    @Test("Art. 12 lid 3: a new advice term only \"indien het advies niet binnen deze termijn kan worden uitgebracht\"")
    func newAdviceTermIsLater() throws {
        // Admissible 2 March: eight weeks end on Monday 27 April, King's Day, so Tuesday 28 April.
        #expect(throws: ProcedureInputError.extensionNotLater(event: "nieuwe-adviestermijn", date: date("2026-04-28"),
                                                              statutoryEnd: date("2026-04-28"))) {
            try progress("klachtenregeling-oo", ["ontvankelijk": "2026-03-02", "nieuwe-adviestermijn": "2026-04-28"])
        }
        let later = try progress("klachtenregeling-oo", ["ontvankelijk": "2026-03-02", "nieuwe-adviestermijn": "2026-04-29"])
        #expect(later.running.first { $0.step.id == "advies" }?.due == date("2026-04-29"))
        #expect(later.running.first { $0.step.id == "advies" }?.extended == true)
    }

    @Test("Art. 13 lid 3: the decision term \"kan voor ten hoogste vier weken worden verdaagd\"")
    func decisionExtensionAtMostFourWeeks() throws {
        // Advice 16 April: four weeks end on Ascension Day 14 May, so Friday 15 May; the extension may
        // reach 14 May + four weeks = 11 June, not 12 June.
        #expect(throws: ProcedureInputError.extensionTooLong(event: "verdaagd", date: date("2026-06-12"), latest: date("2026-06-11"))) {
            try progress("klachtenregeling-oo", ["advies": "2026-04-16", "verdaagd": "2026-06-12"])
        }
        #expect(throws: ProcedureInputError.extensionNotLater(event: "verdaagd", date: date("2026-05-15"), statutoryEnd: date("2026-05-15"))) {
            try progress("klachtenregeling-oo", ["advies": "2026-04-16", "verdaagd": "2026-05-15"])
        }
        // An extension of a term that has not started is refused.
        #expect(throws: ProcedureInputError.extensionBeforeTerm(event: "verdaagd", term: "beslissing")) {
            try progress("klachtenregeling-oo", ["ontvankelijk": "2026-03-02", "verdaagd": "2026-06-11"])
        }
    }

    @Test("The advisors' first contact within a week is their agreement, and ends with the acknowledgement")
    func advisorServiceNorm() throws {
        // Received Friday 18 December 2026: seven days end on Friday 25 December (Christmas), so the 28th.
        let open = try progress("vertrouwenspersoon", ["ontvangen": "2026-12-18"])
        #expect(open.nextDate?.due == date("2026-12-28"))
        let answered = try progress("vertrouwenspersoon", ["ontvangen": "2026-12-18", "bevestigd": "2026-12-21"])
        #expect(answered.running.isEmpty)
    }

    @Test("The College: forwarding waits for a pending appeal to the temporary college (L5348, L6931); after the advice of the Adviseur was followed, only a reasoned decision opens the investigation (art. 8 lid 2, L5644)")
    func collegeOrder() throws {
        let base = ["ingediend": "2026-03-02", "ontvankelijk": "2026-03-09", "gehoord": "2026-04-01",
                    "concept-bevindingen": "2026-05-01", "rapportage": "2026-06-01"]
        #expect(throws: ProcedureInputError.blocked(event: "doorgeleid", by: "beroep", until: "beroep-beslist")) {
            try progress("gedragscode-coi", base.merging(["beroep": "2026-06-05", "doorgeleid": "2026-06-10"]) { $1 })
        }
        // Decided before the forwarding: fine; decided after it: still refused.
        _ = try progress("gedragscode-coi", base.merging(["beroep": "2026-06-05", "beroep-beslist": "2026-06-20", "doorgeleid": "2026-06-22"]) { $1 })
        #expect(throws: ProcedureInputError.self) {
            try progress("gedragscode-coi", base.merging(["beroep": "2026-06-05", "beroep-beslist": "2026-06-20", "doorgeleid": "2026-06-10"]) { $1 })
        }
        // Without an appeal the Presidium forwards.
        let forwarded = try progress("gedragscode-coi", base.merging(["doorgeleid": "2026-06-10"]) { $1 })
        #expect(!forwarded.steps.contains { $0.step.id == "tijdelijk-college" })
        // Art. 8 lid 2.
        #expect(throws: ProcedureInputError.blocked(event: "gehoord", by: "advies-opgevolgd", until: "onderzoek-gemotiveerd")) {
            try progress("gedragscode-coi", ["ingediend": "2026-03-02", "ontvankelijk": "2026-03-09", "advies-opgevolgd": "2026-03-20",
                                             "gehoord": "2026-04-01"])
        }
        _ = try progress("gedragscode-coi", ["ingediend": "2026-03-02", "ontvankelijk": "2026-03-09", "advies-opgevolgd": "2026-03-20",
                                             "onderzoek-gemotiveerd": "2026-03-25", "gehoord": "2026-04-01"])
        // Investigated, no report: an outcome of its own, which excludes a report and ends the procedure.
        let closed = try progress("gedragscode-coi", ["ingediend": "2026-03-02", "ontvankelijk": "2026-03-09",
                                                      "onderzocht-geen-rapportage": "2026-05-01"])
        #expect(closed.endedBy == "onderzocht-geen-rapportage")
        #expect(!closed.steps.contains { $0.isNext })
        #expect(throws: ProcedureInputError.contradictory(event: "rapportage", other: "onderzocht-geen-rapportage")) {
            try progress("gedragscode-coi", ["ingediend": "2026-03-02", "ontvankelijk": "2026-03-09",
                                             "onderzocht-geen-rapportage": "2026-05-01", "rapportage": "2026-05-02"])
        }
    }
}
