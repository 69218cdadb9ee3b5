/// A date as a person enters it (issue 15): day, month and year in three fields, as the GOV.UK
/// pattern has it, or one field in the ISO form that scripts and older forms post.
public enum DateInput: Equatable, Sendable {
    /// Nothing entered (a date that may be left open).
    case empty
    case date(LocalDate)
    /// Something entered that is not an existing day within `LocalDate.supportedYears`.
    case invalid

    /// Reads the three fields if any of them holds something, else the single ISO field.
    /// Digits only; the year has four of them ("26" would be ambiguous); 31 April is invalid.
    public init(day: String?, month: String?, year: String?, iso: String? = nil) {
        func trimmed(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespaces) }
        let (d, m, y) = (trimmed(day), trimmed(month), trimmed(year))
        if d.isEmpty && m.isEmpty && y.isEmpty {
            let single = trimmed(iso)
            if single.isEmpty { self = .empty; return }
            self = LocalDate(iso: single).map(DateInput.date) ?? .invalid
            return
        }
        func number(_ s: String, digits: ClosedRange<Int>) -> Int? {
            guard digits.contains(s.utf8.count), s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(s)
        }
        guard let dayNumber = number(d, digits: 1...2), let monthNumber = number(m, digits: 1...2), let yearNumber = number(y, digits: 4...4),
              LocalDate.supportedYears.contains(yearNumber),
              let date = LocalDate(year: yearNumber, month: monthNumber, day: dayNumber) else {
            self = .invalid
            return
        }
        self = .date(date)
    }

    /// The date entered, or nil when none or an invalid one was.
    public var value: LocalDate? {
        if case .date(let date) = self { return date }
        return nil
    }
}
