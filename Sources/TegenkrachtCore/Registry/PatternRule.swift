import Foundation

/// When repeated signals about the same person or unit call for an alert (003a §3 step 9: "more than
/// three signals" to management; issue 7: configurable, default more than three within 24 months).
public struct PatternRule: Hashable, Sendable, Codable {
    /// An alert when the count is greater than this.
    public var moreThan: Int
    public var windowMonths: Int

    public static let standard = PatternRule(moreThan: 3, windowMonths: 24)

    public init(moreThan: Int, windowMonths: Int) {
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
        let start = date.adding(months: -windowMonths)
        var seen: Set<String> = []
        return signals.filter { $0.date > start && $0.date <= date }
            .sorted { $0.date < $1.date }
            .filter { seen.insert($0.source).inserted }
    }

    public func alerts(_ signals: [Signal], on date: LocalDate) -> Bool {
        counting(signals, on: date).count > moreThan
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
