import Foundation

/// When the Griffie reminds the members of parliament of their registers (issue 14): twice a year to
/// check that their side activities, gifts and foreign trips are registered, and in January about
/// the income statement due on 1 April (RvO art. 150a lid 1; woo-besluit L4313-4319). The days are
/// data (`IntegrityRules.memberReminders`); the sources fix none, so the defaults are 15 January and
/// 15 July for the registers and 15 January for the income statement.
public struct MemberReminderSchedule: Codable, Hashable, Sendable {
    /// A day of the year, as "MM-DD".
    public var registerDays: [String]
    public var incomeStatementDay: String
    /// A reminder not sent on its day (the service was down) is still sent within this many days;
    /// after that it waits for the next one, so a new installation does not send July's in December.
    public var catchUpDays: Int

    public init(registerDays: [String] = ["01-15", "07-15"], incomeStatementDay: String = "01-15", catchUpDays: Int = 30) {
        self.registerDays = registerDays
        self.incomeStatementDay = incomeStatementDay
        self.catchUpDays = catchUpDays
    }

    public enum Kind: String, Codable, Sendable {
        /// Check that the registers are complete.
        case registers = "registers"
        /// State last year's income from side activities by 1 April.
        case incomeStatement = "inkomsten"
    }

    /// One reminder round: what, and a key that names it once (`registers-2027-07-15`, `inkomsten-2026`).
    public struct Round: Hashable, Sendable {
        public let kind: Kind
        public let day: LocalDate
        /// For the income statement: the calendar year it is about.
        public let year: Int?
        public var key: String {
            switch kind {
            case .registers: "\(kind.rawValue)-\(day.iso)"
            case .incomeStatement: "\(kind.rawValue)-\(year ?? day.year - 1)"
            }
        }
    }

    /// The rounds due on a day: those whose day has come no more than `catchUpDays` ago.
    public func due(on today: LocalDate) -> [Round] {
        func day(_ monthDay: String, in year: Int) -> LocalDate? {
            let parts = monthDay.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            return LocalDate(year: year, month: parts[0], day: parts[1])
        }
        // This year's days, and last year's for a catch-up window that crosses New Year.
        var rounds: [Round] = []
        for year in [today.year - 1, today.year] {
            rounds += registerDays.compactMap { day($0, in: year) }.map { Round(kind: .registers, day: $0, year: nil) }
            if let income = day(incomeStatementDay, in: year) {
                rounds.append(Round(kind: .incomeStatement, day: income, year: year - 1))
            }
        }
        return rounds.filter { $0.day <= today && $0.day.days(until: today) <= catchUpDays }
    }

    /// Every day is a day of every year ("MM-DD"), the income statement's before 1 April (it asks
    /// about the year before, due that day), and the catch-up at most half a year.
    public var isValid: Bool {
        func day(_ text: String) -> LocalDate? {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            // 29 February would remind only in leap years.
            return parts.count == 2 ? LocalDate(year: 2023, month: parts[0], day: parts[1]) : nil
        }
        guard registerDays.allSatisfy({ day($0) != nil }), let income = day(incomeStatementDay) else { return false }
        return income.month < 4 && (0...180).contains(catchUpDays)
    }
}
