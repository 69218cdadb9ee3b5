import Foundation

/// When repeated signals about the same person or unit call for an alert (003a §3 step 9: "more than
/// three signals" to management; issue 7: configurable, default more than three within 24 months).
/// The report sets no window ("meer dan drie signalen"); 24 months is this organisation's setting, and
/// no window at all (`nil`) is allowed too (issue 13).
public struct PatternRule: Hashable, Sendable, Codable {
    /// An alert when the count is greater than this.
    public var moreThan: Int
    /// The window in months; nil: every signal counts, however old.
    public var windowMonths: Int?

    public static let standard = PatternRule(moreThan: 3, windowMonths: 24)

    public init(moreThan: Int, windowMonths: Int?) {
        self.moreThan = moreThan
        self.windowMonths = windowMonths
    }

    /// A signal about the subject: when, and through which case or recipient it came, so that the same
    /// case counted twice does not make a pattern.
    public struct Signal: Hashable, Sendable {
        public let date: LocalDate
        public let source: String

        public init(date: LocalDate, source: String) {
            self.date = date
            self.source = source
        }
    }

    /// The signals that count on a date: within the window (the window's first day included), one per
    /// source.
    public func counting(_ signals: [Signal], on date: LocalDate) -> [Signal] {
        let start = windowMonths.map { date.adding(months: -$0) }
        var seen: Set<String> = []
        return signals.filter { signal in start.map { signal.date > $0 } ?? true && signal.date <= date }
            .sorted { ($0.date, $0.source) < ($1.date, $1.source) }
            .filter { seen.insert($0.source).inserted }
    }

    public func alerts(_ signals: [Signal], on date: LocalDate) -> Bool {
        counting(signals, on: date).count > moreThan
    }

    /// The signals of the fullest window anywhere among these (one per source, at its first date),
    /// whatever order they were entered in (issue 13: a backlog typed newest first raised no alert,
    /// because each new entry only looked back from its own date). A window ends on a signal's date
    /// and reaches back `windowMonths`, as `counting(_:on:)` does.
    public func fullestWindow(_ signals: [Signal]) -> [Signal] {
        var seen: Set<String> = []
        let distinct = signals.sorted { ($0.date, $0.source) < ($1.date, $1.source) }.filter { seen.insert($0.source).inserted }
        guard let months = windowMonths else { return distinct }
        var best: ArraySlice<Signal> = []
        var first = 0
        for last in distinct.indices {
            let start = distinct[last].date.adding(months: -months)
            while distinct[first].date <= start { first += 1 }
            if last - first + 1 > best.count { best = distinct[first...last] }
        }
        return Array(best)
    }
}

/// Normalises free-text names so that spelling variants of one name meet in the blind index:
/// lower case, no accents, no titles or initials' dots, single spaces; and a second variant of
/// first initial plus surname ("J. de Vries" and "Jan de Vries" both give "j de vries").
public enum NameNormalizer {
    static let titles: Set<String> = ["mr", "mw", "mevr", "dhr", "dr", "drs", "ir", "ing", "prof", "ds", "bc", "ma", "msc", "phd"]
    static let particles: Set<String> = ["van", "de", "der", "den", "het", "ter", "ten", "te", "in", "t", "la", "le", "du", "el", "al"]

    public static func variants(_ name: String) -> [String] {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let tokens = folded.split { !$0.isLetter && $0 != "-" }.map(String.init).filter { !titles.contains($0) }
        guard !tokens.isEmpty else { return [] }
        let full = tokens.joined(separator: " ")
        guard let firstIndex = tokens.firstIndex(where: { !particles.contains($0) }), tokens.count > 1,
              let first = tokens[firstIndex].first else { return [full] }
        let rest = tokens[(firstIndex + 1)...].joined(separator: " ")
        guard !rest.isEmpty else { return [full] }
        let initialVariant = "\(first) \(rest)"
        return full == initialVariant ? [full] : [full, initialVariant]
    }
}
