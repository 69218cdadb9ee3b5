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
                      "2024-02-01T00:00", "", "2024-02-3x", "２０２４-01-01"])
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
}
