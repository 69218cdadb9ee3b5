/// Calendar arithmetic on dates, as the Dutch rules count terms.
extension LocalDate {
    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The first and last day the arithmetic produces (0001-01-01 and 9999-12-31). A result beyond
    /// them is clamped instead of trapping; `supportedYears` keeps every real input far from them.
    static let dayNumberRange = -719_162...2_932_896

    public init(dayNumber unclamped: Int) {
        let z0 = min(max(unclamped, Self.dayNumberRange.lowerBound), Self.dayNumberRange.upperBound)
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        // The algorithm only produces real dates, and the clamp keeps the year within 1...9999.
        self.init(validated: y, month: m, day: d)
    }

    public func adding(days: Int) -> LocalDate {
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        return LocalDate(dayNumber: overflow ? (days > 0 ? Int.max : Int.min) : sum)
    }

    /// Calendar months; a day that the target month lacks becomes its last day
    /// (31 January + 1 month = 28 or 29 February).
    public func adding(months: Int) -> LocalDate {
        // Clamped to the calendar's ends like `init(dayNumber:)`: no term can trap.
        let first = 1 * 12, last = 9999 * 12 + 11
        let (sum, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        let total = overflow ? (months > 0 ? last : first) : min(max(sum, first), last)
        let y = total / 12
        let m = total % 12 + 1
        return LocalDate(validated: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y)))
    }

    /// Calendar years; 29 February + 1 year = 28 February.
    public func adding(years: Int) -> LocalDate {
        let (months, overflow) = years.multipliedReportingOverflow(by: 12)
        return adding(months: overflow ? (years > 0 ? Int.max : Int.min) : months)
    }

    /// Days from this date to another (positive when the other is later).
    public func days(until other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        ((dayNumber % 7) + 7 + 3) % 7 + 1
    }

    public var isWeekend: Bool { weekday >= 6 }
}
