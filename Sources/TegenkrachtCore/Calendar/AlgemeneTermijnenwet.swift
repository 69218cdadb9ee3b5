/// The Algemene termijnenwet (General Time Limits Act): a term whose last day falls on a Saturday, a
/// Sunday or a generally recognised holiday ends on the next day that is none of these (art. 1).
///
/// The holidays of art. 3: Nieuwjaarsdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, Eerste
/// and Tweede Kerstdag, the King's birthday as celebrated, and 5 May. Christian feasts are computed
/// from the date of Easter, not listed by hand. (Eerste Paas- and Pinksterdag are Sundays, and Good
/// Friday is not in the Act.)
///
/// Art. 2 (a term of at least three days must contain two working days) cannot change a term of a week
/// or more, which all terms here are; it is not applied.
public enum AlgemeneTermijnenwet {
    public enum Holiday: String, CaseIterable, Sendable {
        case newYear = "nieuwjaarsdag"
        case easterMonday = "tweede-paasdag"
        case ascension = "hemelvaartsdag"
        case whitMonday = "tweede-pinksterdag"
        case christmas = "eerste-kerstdag"
        case boxingDay = "tweede-kerstdag"
        case kingsDay = "koningsdag"
        case liberationDay = "bevrijdingsdag"
    }

    /// Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher).
    public static func easter(_ year: Int) -> LocalDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(validated: year, month: month, day: day)
    }

    /// The day the monarch's birthday is celebrated: from 2014 King's Day, 27 April (26 April when the
    /// 27th is a Sunday); before that Queen's Day, 30 April (29 April when the 30th is a Sunday).
    public static func kingsDay(_ year: Int) -> LocalDate {
        if year >= 2014 {
            let day = LocalDate(validated: year, month: 4, day: 27)
            return day.weekday == 7 ? day.adding(days: -1) : day
        }
        let day = LocalDate(validated: year, month: 4, day: 30)
        return day.weekday == 7 ? day.adding(days: -1) : day
    }

    public static func holidays(in year: Int) -> [(date: LocalDate, holiday: Holiday)] {
        let easter = easter(year)
        return [
            (LocalDate(validated: year, month: 1, day: 1), .newYear),
            (easter.adding(days: 1), .easterMonday),
            (kingsDay(year), .kingsDay),
            (LocalDate(validated: year, month: 5, day: 5), .liberationDay),
            (easter.adding(days: 39), .ascension),
            (easter.adding(days: 50), .whitMonday),
            (LocalDate(validated: year, month: 12, day: 25), .christmas),
            (LocalDate(validated: year, month: 12, day: 26), .boxingDay),
        ]
    }

    public static func holiday(on date: LocalDate) -> Holiday? {
        holidays(in: date.year).first { $0.date == date }?.holiday
    }

    /// Whether a term may end on this day.
    public static func isWorkingDay(_ date: LocalDate) -> Bool {
        !date.isWeekend && holiday(on: date) == nil
    }

    /// The day a term that would end on `date` actually ends.
    public static func termEnd(_ date: LocalDate) -> LocalDate {
        var day = date
        // No run of non-working days is longer than four; the bound keeps the clamped last day of
        // the calendar from looping.
        for _ in 0..<14 where !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }
}

/// A term as the regulations write it: days, weeks (7 × n days), months or years (calendar).
public struct Term: Codable, Hashable, Sendable, CustomStringConvertible {
    public var days: Int?
    public var weeks: Int?
    public var months: Int?
    public var years: Int?

    public init(days: Int? = nil, weeks: Int? = nil, months: Int? = nil, years: Int? = nil) {
        self.days = days
        self.weeks = weeks
        self.months = months
        self.years = years
    }

    /// The raw end of the term counted from `date`, before the Algemene termijnenwet.
    public func rawEnd(from date: LocalDate) -> LocalDate {
        var end = date
        if let years { end = end.adding(years: years) }
        if let months { end = end.adding(months: months) }
        if let weeks {
            let (days, overflow) = weeks.multipliedReportingOverflow(by: 7)
            end = end.adding(days: overflow ? (weeks > 0 ? Int.max : Int.min) : days)
        }
        if let days { end = end.adding(days: days) }
        return end
    }

    public var description: String {
        [years.map { "\($0) year(s)" }, months.map { "\($0) month(s)" }, weeks.map { "\($0) week(s)" },
         days.map { "\($0) day(s)" }].compactMap { $0 }.joined(separator: " + ")
    }
}
