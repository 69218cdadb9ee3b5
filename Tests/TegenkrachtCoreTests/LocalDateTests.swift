import Foundation
import TegenkrachtCore
import Testing

@Suite("Dates and validity periods")
struct LocalDateTests {
    @Test("Only real dates in YYYY-MM-DD form are accepted",
          arguments: ["2024-02-29", "2023-12-31", "2000-02-29", "2021-04-01"])
    func validDates(text: String) {
        #expect(LocalDate(iso: text)?.iso == text)
    }

    @Test("Impossible or sloppy dates are refused",
          arguments: ["2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-2-1", "24-02-01",
                      "2024-02-01T00:00", "", "2024-02-3x", "２０２４-01-01",
                      // Outside the supported years (issue 16: a deadline past 9999 crashed the process).
                      "9999-12-31", "3000-01-01", "1899-12-31", "0000-01-01", "2024-01-+1"])
    func invalidDates(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test("Dates order by calendar")
    func ordering() {
        #expect(date("2023-12-31") < date("2024-01-01"))
        #expect(date("2024-01-31") < date("2024-02-01"))
        #expect(!(date("2024-02-01") < date("2024-02-01")))
    }

    @Test("A validity period includes both its first and its last day")
    func contains() {
        let v = Validity(from: date("2021-05-01"), until: date("2023-12-05"))
        #expect(v.contains(date("2021-05-01")))
        #expect(v.contains(date("2023-12-05")))
        #expect(!v.contains(date("2021-04-30")))
        #expect(!v.contains(date("2023-12-06")))
        #expect(Validity(from: date("2021-05-01")).contains(date("2099-01-01")))
    }

    @Test("Periods that share one day overlap; back-to-back periods do not")
    func overlaps() {
        let first = Validity(from: date("2021-01-01"), until: date("2023-12-05"))
        #expect(first.overlaps(Validity(from: date("2023-12-05"))))
        #expect(!first.overlaps(Validity(from: date("2023-12-06"))))
        #expect(Validity(from: date("2020-01-01")).overlaps(Validity(from: date("2030-01-01"))))
        #expect(!Validity(from: date("2024-01-01"), until: date("2023-01-01")).isWellFormed)
    }

    @Test("The supported years are accepted at both ends", arguments: ["1900-01-01", "2999-12-31"])
    func supportedEnds(text: String) {
        #expect(LocalDate(iso: text)?.iso == text)
    }

    @Test("Arithmetic never traps: terms past the calendar's ends are clamped to 0001-01-01 and 9999-12-31")
    func arithmeticIsTotal() throws {
        let last = try #require(LocalDate(year: 9999, month: 12, day: 31))
        let first = try #require(LocalDate(year: 1, month: 1, day: 1))
        #expect(last.adding(days: 1) == last)
        #expect(last.adding(months: 3) == last.adding(months: 0).adding(days: 0))
        #expect(last.adding(years: 1).year == 9999)
        #expect(first.adding(days: -1) == first)
        #expect(first.adding(months: -1).year == 1)
        #expect(last.adding(days: Int.max) == last)
        #expect(first.adding(days: Int.min) == first)
        #expect(last.adding(years: Int.max).year == 9999)
        #expect(Term(weeks: Int.max).rawEnd(from: last) == last)
        // Positive control: ordinary arithmetic is untouched.
        #expect(try #require(LocalDate(iso: "2024-02-29")).adding(years: 1).iso == "2025-02-28")
        #expect(try #require(LocalDate(iso: "2999-12-31")).adding(months: 3).iso == "3000-03-31")
    }

    @Test("The end of a term on the calendar's last day ends (no loop)")
    func termEndAtTheEnd() throws {
        let last = try #require(LocalDate(year: 9999, month: 12, day: 31))
        #expect(AlgemeneTermijnenwet.termEnd(last.adding(days: 1)) == last)
    }
}

@Suite("Dates as people enter them (issue 15)")
struct DateInputTests {
    @Test("Day, month and year fields: real days only, four-digit years, digits only")
    func threeFields() {
        #expect(DateInput(day: "9", month: "12", year: "2026") == .date(LocalDate(year: 2026, month: 12, day: 9)!))
        #expect(DateInput(day: " 09 ", month: "01", year: "2027") == .date(LocalDate(year: 2027, month: 1, day: 9)!))
        #expect(DateInput(day: "29", month: "2", year: "2028").value == LocalDate(year: 2028, month: 2, day: 29))
        for (d, m, y) in [("29", "2", "2027"), ("31", "4", "2026"), ("0", "1", "2026"), ("1", "13", "2026"), ("1", "1", "26"),
                          ("1", "1", "9999"), ("1", "", "2026"), ("een", "1", "2026"), ("-1", "1", "2026"), ("1", "1", "２０２６")] {
            #expect(DateInput(day: d, month: m, year: y) == .invalid, "\(d)-\(m)-\(y)")
        }
    }

    @Test("Nothing entered is empty; the single ISO field is read when the three are empty")
    func fallback() {
        #expect(DateInput(day: nil, month: nil, year: nil) == .empty)
        #expect(DateInput(day: " ", month: "", year: nil, iso: " ") == .empty)
        #expect(DateInput(day: nil, month: nil, year: nil, iso: "2026-12-18").value == LocalDate(year: 2026, month: 12, day: 18))
        #expect(DateInput(day: nil, month: nil, year: nil, iso: "18-12-2026") == .invalid)
        // The three fields win over the single one.
        #expect(DateInput(day: "1", month: "2", year: "2027", iso: "2026-12-18").value == LocalDate(year: 2027, month: 2, day: 1))
    }

    @Test("Today, asked moment after moment (and kept between asks): the right day at each midnight, on the days the clocks change, in two time zones")
    func todayAcrossMidnightsAndClockChanges() throws {
        let amsterdam = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        func at(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }
        // (moment in UTC, day in Amsterdam, day in UTC). 29 March 2026 has 23 hours in Amsterdam, 25 October 25.
        let cases: [(String, String, String)] = [
            ("2026-03-28T22:59:59Z", "2026-03-28", "2026-03-28"),
            ("2026-03-28T23:00:00Z", "2026-03-29", "2026-03-28"),
            ("2026-03-29T00:30:00Z", "2026-03-29", "2026-03-29"),
            ("2026-03-29T21:59:59Z", "2026-03-29", "2026-03-29"),
            ("2026-03-29T22:00:00Z", "2026-03-30", "2026-03-29"),
            ("2026-10-24T21:59:59Z", "2026-10-24", "2026-10-24"),
            ("2026-10-24T22:00:00Z", "2026-10-25", "2026-10-24"),
            ("2026-10-25T22:59:59Z", "2026-10-25", "2026-10-25"),
            ("2026-10-25T23:00:00Z", "2026-10-26", "2026-10-25"),
            ("2026-10-25T22:59:59Z", "2026-10-25", "2026-10-25"),  // back again: not the kept later day
        ]
        for (moment, inAmsterdam, inUTC) in cases {
            let now = try at(moment)
            #expect(LocalDate.today(in: amsterdam, now: now).iso == inAmsterdam, "\(moment) in Amsterdam")
            #expect(LocalDate.today(in: amsterdam, now: now).iso == inAmsterdam, "\(moment) in Amsterdam, kept")
            #expect(LocalDate.today(in: utc, now: now).iso == inUTC, "\(moment) in UTC")
        }
    }

    @Test("Today, kept between asks, is the calendar's day every half hour across the clock changes; also where they change at midnight (Santiago)",
          arguments: ["Europe/Amsterdam", "America/Santiago", "Asia/Beirut", "UTC"])
    func todayKeptEqualsCalendar(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Around both of 2026's changes in each zone's hemisphere: March/April and September/October.
        for start in ["2026-03-27T00:00:00Z", "2026-04-03T00:00:00Z", "2026-09-04T00:00:00Z", "2026-10-23T00:00:00Z"] {
            let first = try #require(ISO8601DateFormatter().date(from: start))
            for step in 0..<(4 * 24 * 2) {
                let now = first.addingTimeInterval(Double(step) * 1800)
                let c = calendar.dateComponents([.year, .month, .day], from: now)
                let expected = try #require(LocalDate(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0))
                #expect(LocalDate.today(in: timeZone, now: now) == expected, "\(zone) \(now)")
            }
        }
    }
}
