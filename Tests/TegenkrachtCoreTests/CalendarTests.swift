import TegenkrachtCore
import Testing

/// Expected values were computed independently (Python's datetime with dateutil's Easter) and by
/// reading the calendar; none is derived from the code under test.
@Suite("Calendar and the Algemene termijnenwet")
struct CalendarTests {
    @Test("Easter, Ascension, Whit Monday and King's Day", arguments: [
        (2019, "2019-04-21", "2019-04-27", "2019-05-30", "2019-06-10"),
        (2024, "2024-03-31", "2024-04-27", "2024-05-09", "2024-05-20"),
        (2025, "2025-04-20", "2025-04-26", "2025-05-29", "2025-06-09"),  // 27 April 2025 is a Sunday
        (2026, "2026-04-05", "2026-04-27", "2026-05-14", "2026-05-25"),
        (2000, "2000-04-23", "2000-04-29", "2000-06-01", "2000-06-12"),  // Queen's Day moved off Sunday 30 April
        (2038, "2038-04-25", "2038-04-27", "2038-06-03", "2038-06-14"),  // latest possible Easter
        (2285, "2285-03-22", "2285-04-27", "2285-04-30", "2285-05-11"),  // earliest possible Easter
    ])
    func movableDays(year: Int, easter: String, kings: String, ascension: String, whitMonday: String) {
        #expect(AlgemeneTermijnenwet.easter(year) == date(easter))
        #expect(AlgemeneTermijnenwet.kingsDay(year) == date(kings))
        #expect(AlgemeneTermijnenwet.holiday(on: date(ascension)) == .ascension)
        #expect(AlgemeneTermijnenwet.holiday(on: date(whitMonday)) == .whitMonday)
        #expect(AlgemeneTermijnenwet.holiday(on: date(easter).adding(days: 1)) == .easterMonday)
    }

    @Test("Fixed holidays; Good Friday is not one")
    func fixedHolidays() {
        #expect(AlgemeneTermijnenwet.holiday(on: date("2026-01-01")) == .newYear)
        #expect(AlgemeneTermijnenwet.holiday(on: date("2026-05-05")) == .liberationDay)
        #expect(AlgemeneTermijnenwet.holiday(on: date("2027-05-05")) == .liberationDay)  // every year, not only every fifth
        #expect(AlgemeneTermijnenwet.holiday(on: date("2026-12-25")) == .christmas)
        #expect(AlgemeneTermijnenwet.holiday(on: date("2026-12-26")) == .boxingDay)
        #expect(AlgemeneTermijnenwet.holiday(on: date("2026-04-03")) == nil)  // Good Friday
        #expect(AlgemeneTermijnenwet.holiday(on: date("2026-12-31")) == nil)
    }

    @Test("Weekdays")
    func weekdays() {
        #expect(date("2026-11-22").weekday == 7)  // Sunday
        #expect(date("2026-11-23").weekday == 1)
        #expect(date("1970-01-01").weekday == 4)
        #expect(date("2024-02-29").weekday == 4)
        #expect(date("1969-12-31").weekday == 3)
    }

    @Test("Months and years clamp to the last day of a shorter month")
    func clamping() {
        #expect(date("2026-01-31").adding(months: 1) == date("2026-02-28"))
        #expect(date("2024-01-31").adding(months: 1) == date("2024-02-29"))
        #expect(date("2024-02-29").adding(years: 1) == date("2025-02-28"))
        #expect(date("2024-02-29").adding(years: 4) == date("2028-02-29"))
        #expect(date("2025-11-30").adding(months: 3) == date("2026-02-28"))
        #expect(date("2026-03-31").adding(months: -1) == date("2026-02-28"))
        #expect(date("2026-12-15").adding(months: 1) == date("2027-01-15"))
        #expect(date("2024-12-31").adding(days: 1) == date("2025-01-01"))
        #expect(date("2024-02-28").adding(days: 1) == date("2024-02-29"))
    }

    @Test("Day numbers round-trip over four centuries")
    func dayNumbers() {
        var day = date("1900-01-01")
        for _ in 0..<(400 * 366) where day.year < 2300 {
            let next = day.adding(days: 1)
            #expect(next.dayNumber == day.dayNumber + 1)
            #expect(LocalDate(dayNumber: day.dayNumber) == day)
            day = next
        }
    }

    @Test("A term ending on a weekend or holiday ends on the next working day", arguments: [
        ("2026-04-28", "2026-04-28"),  // an ordinary Tuesday
        ("2026-04-27", "2026-04-28"),  // King's Day, a Monday
        ("2026-12-25", "2026-12-28"),  // Christmas, Boxing Day, then the weekend
        ("2027-01-01", "2027-01-04"),  // New Year on a Friday
        ("2026-05-05", "2026-05-06"),  // Liberation Day
        ("2026-05-14", "2026-05-15"),  // Ascension
        ("2026-05-25", "2026-05-26"),  // Whit Monday
        ("2025-04-26", "2025-04-28"),  // King's Day moved to Saturday, then Sunday
        ("2026-02-28", "2026-03-02"),  // a Saturday
        ("2026-04-04", "2026-04-07"),  // Saturday, Easter Sunday, Easter Monday
    ])
    func termEnd(raw: String, expected: String) {
        #expect(AlgemeneTermijnenwet.termEnd(date(raw)) == date(expected))
    }
}

@Suite("Deadlines of the procedures")
struct DeadlineTests {
    let book: ProcedureBook

    init() throws {
        book = try ProcedureBook.load(directory: CorePaths.root + "/Resources/Procedures")
    }

    func due(_ procedure: String, _ events: [String: String]) throws -> [String: String] {
        let definition = try #require(book.definition(procedure, on: date("2026-01-01")))
        let parsed = events.mapValues { date($0) }
        return Dictionary(uniqueKeysWithValues: try DeadlineCalculator.deadlines(definition, events: parsed).map { ($0.id, $0.due.iso) })
    }

    @Test("Klachtenregeling: every term, including the awkward days")
    func klachtenregeling() throws {
        // 1 year from the behaviour; 29 February + 1 year = 28 February (a Friday).
        #expect(try due("klachtenregeling-oo", ["gedraging": "2024-02-29"])["indienen"] == "2025-02-28")
        // 26 April 2026 is a Sunday and the 27th King's Day: the term ends on Tuesday the 28th.
        #expect(try due("klachtenregeling-oo", ["gedraging": "2025-04-26"])["indienen"] == "2026-04-28")
        // 2 weeks for missing documents, when the committee sets them, ending on 5 May.
        #expect(try due("klachtenregeling-oo", ["aanvulling-gevraagd": "2026-04-21"])["aanvullen"] == "2026-05-06")
        // Admissibility 2 weeks after complete, ending on Whit Monday.
        #expect(try due("klachtenregeling-oo", ["compleet": "2026-05-11"])["ontvankelijkheid"] == "2026-05-26")
        // Advice 8 weeks after admissibility, ending on King's Day.
        #expect(try due("klachtenregeling-oo", ["ontvankelijk": "2026-03-02"])["advies"] == "2026-04-28")
        // Decision 4 weeks after the advice, ending on Ascension Day …
        #expect(try due("klachtenregeling-oo", ["advies": "2026-04-16"])["beslissing"] == "2026-05-15")
        // … and at most 4 weeks more when extended once: the extension's date is its new last day.
        #expect(try due("klachtenregeling-oo", ["advies": "2026-04-16", "verdaagd": "2026-06-11"])["beslissing"] == "2026-06-11")
        #expect(try due("klachtenregeling-oo", ["advies": "2026-04-16", "verdaagd": "2026-05-29"])["beslissing"] == "2026-05-29")
        // Over New Year.
        #expect(try due("klachtenregeling-oo", ["compleet": "2026-12-18"])["ontvankelijkheid"] == "2027-01-04")
    }

    @Test("A deadline appears only when the events it depends on are given")
    func onlyKnownDeadlines() throws {
        let result = try due("klachtenregeling-oo", ["ingediend": "2026-03-02", "compleet": "2026-03-09"])
        #expect(result == ["ontvankelijkheid": "2026-03-23"])
        #expect(try due("klachtenregeling-oo", [:]).isEmpty)
    }

    @Test("The committee may announce a reasonable new term for its advice (art. 12 lid 3)")
    func newAdviceTerm() throws {
        let result = try due("klachtenregeling-oo", ["ontvankelijk": "2026-03-02", "nieuwe-adviestermijn": "2026-06-13"])
        #expect(result["advies"] == "2026-06-15")  // 13 June 2026 is a Saturday
    }

    @Test("Wbk: acknowledge within 7 days, feedback within 3 months", arguments: [
        (["ontvangen": "2026-12-18"], "ontvangstbevestiging", "2026-12-28"),
        (["ontvangen": "2025-04-19"], "ontvangstbevestiging", "2025-04-28"),
        (["ontvangen": "2026-01-20", "bevestigd": "2026-01-31"], "terugkoppeling", "2026-04-30"),
        (["ontvangen": "2025-11-25", "bevestigd": "2025-11-30"], "terugkoppeling", "2026-03-02"),
        // Without an acknowledgement: 3 months from the end of the 7-day period.
        (["ontvangen": "2025-11-23"], "terugkoppeling", "2026-03-02"),
        (["ontvangen": "2023-11-22"], "terugkoppeling", "2024-02-29"),
    ])
    func wbk(events: [String: String], deadline: String, expected: String) throws {
        #expect(try due("wbk", events)[deadline] == expected)
    }

    @Test("Unknown events and events out of order are refused, naming the problem")
    func badInput() throws {
        let definition = try #require(book.definition("klachtenregeling-oo", on: date("2026-01-01")))
        #expect(throws: ProcedureInputError.unknownEvent("hoorzittingg", valid: definition.events.map(\.id))) {
            try DeadlineCalculator.deadlines(definition, events: ["hoorzittingg": date("2026-01-01")])
        }
        #expect(throws: ProcedureInputError.outOfOrder(event: "advies", date: date("2026-02-01"), before: "ontvankelijk",
                                                       beforeDate: date("2026-03-01"))) {
            try DeadlineCalculator.deadlines(definition, events: ["ontvankelijk": date("2026-03-01"), "advies": date("2026-02-01")])
        }
        #expect(throws: ProcedureInputError.badDate(event: "advies", value: "2026-02-30")) {
            try ProcedureInputError.parseEvents([("advies", "2026-02-30")])
        }
    }

    @Test("Every procedure's deadlines and steps refer to events it has")
    func definitionsConsistent() {
        for definition in book.definitions {
            let events = Set(definition.events.map(\.id))
            for rule in definition.deadlines {
                #expect(events.contains(rule.from), "\(definition.id): \(rule.id)")
                if let fallback = rule.fallback { #expect(events.contains(fallback.from)) }
                if let ext = rule.extension_ { #expect(events.contains(ext.event)) }
                for other in rule.fallback?.unless ?? [] { #expect(events.contains(other)) }
                #expect(!rule.basis.isEmpty)
            }
            for step in definition.steps {
                if let done = step.completedBy { #expect(events.contains(done), "\(definition.id): \(step.id)") }
                if let deadline = step.deadline { #expect(definition.deadlines.contains { $0.id == deadline }) }
                for other in (step.alsoCompletedBy ?? []) + [step.startedBy].compactMap({ $0 }) { #expect(events.contains(other)) }
            }
            for event in definition.events {
                for earlier in (event.after ?? []) + (event.requires ?? []) + (event.excludes ?? []) { #expect(events.contains(earlier)) }
            }
        }
        #expect(book.procedureIDs == ["gedragscode-coi", "klachtenregeling-oo", "vertrouwenspersoon", "wbk"])
    }

    @Test("A case follows the version in force when it started")
    func versions() {
        let old = ProcedureDefinition(id: "x", version: "1", validFrom: date("2020-01-01"), regulation: "", events: [], deadlines: [], steps: [])
        var new = old
        new.version = "2"
        new.validFrom = date("2025-01-01")
        let book = ProcedureBook(definitions: [new, old])
        #expect(book.definition("x", on: date("2024-12-31"))?.version == "1")
        #expect(book.definition("x", on: date("2025-01-01"))?.version == "2")
        #expect(book.definition("x", on: date("2019-01-01"))?.version == "1")
    }
}
