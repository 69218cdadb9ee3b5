import Foundation

/// A calendar date without time or time zone ("2021-05-01").
///
/// Regulations speak in dates, not instants: a fractie adopts the Klachtenregeling "per 1 mei 2021",
/// a term ends "op de laatste dag". Keeping dates as plain year-month-day values avoids the
/// off-by-one-day errors that come from converting midnight in Amsterdam to UTC and back.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or nil when the day does not exist (31 April, 29 February 2023).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date made by arithmetic on valid dates: always a real day, only the year may be clamped
    /// (see `init(dayNumber:)`). Not for input.
    init(validated year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The years a date typed by a person or read from a file may have. Terms of months or years
    /// added to such a date stay far inside what the arithmetic handles, so no input can push a
    /// deadline past the end of the calendar (issue 16: a "received 9999-12-31" used to crash).
    public static let supportedYears = 1900...2999

    /// Parses the ISO form `YYYY-MM-DD` within `supportedYears`, and nothing else.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              LocalDate.supportedYears.contains(y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var iso: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public var description: String { iso }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today's date in the given time zone (the organisation's, Europe/Amsterdam by default).
    public static func today(in timeZone: TimeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current,
                             now: Date) -> LocalDate {
        if let known = DayCache.shared.day(containing: now, in: timeZone) { return known }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        // A Gregorian calendar always yields all three components; the fallback is never reached.
        let day = LocalDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? LocalDate(validated: 1970, month: 1, day: 1)
        // The day's own interval: where the clocks spring forward at midnight it starts at 01:00.
        if let interval = calendar.dateInterval(of: .day, for: now) {
            DayCache.shared.remember(day, from: interval.start, until: interval.end, in: timeZone)
        }
        return day
    }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a valid date; write it as YYYY-MM-DD, a year from 1900 to 2999")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// A period of validity: from a date, until (and including) an optional end date.
public struct Validity: Hashable, Sendable, Codable {
    public var from: LocalDate
    public var until: LocalDate?

    public init(from: LocalDate, until: LocalDate? = nil) {
        self.from = from
        self.until = until
    }

    public func contains(_ date: LocalDate) -> Bool {
        date >= from && (until.map { date <= $0 } ?? true)
    }

    public func overlaps(_ other: Validity) -> Bool {
        let startsBeforeOtherEnds = other.until.map { from <= $0 } ?? true
        let otherStartsBeforeThisEnds = until.map { other.from <= $0 } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds
    }

    public var isWellFormed: Bool { until.map { from <= $0 } ?? true }
}

/// The last day asked for, with the moments it starts and ends in its time zone (23 or 25 hours on the
/// days the clocks change). "Today" is asked on every public request; a calendar computation each
/// time showed in the profile (issue 17). Any moment outside the range is computed anew.
final class DayCache: @unchecked Sendable {
    static let shared = DayCache()
    private let lock = NSLock()
    private var known: (day: LocalDate, start: Date, end: Date, zone: String)?

    func day(containing moment: Date, in timeZone: TimeZone) -> LocalDate? {
        lock.lock()
        defer { lock.unlock() }
        guard let known, known.zone == timeZone.identifier, moment >= known.start, moment < known.end else { return nil }
        return known.day
    }

    func remember(_ day: LocalDate, from start: Date, until end: Date, in timeZone: TimeZone) {
        lock.lock()
        known = (day, start, end, timeZone.identifier)
        lock.unlock()
    }
}
