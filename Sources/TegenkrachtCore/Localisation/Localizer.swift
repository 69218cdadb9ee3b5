import Foundation

/// The languages the interface speaks. Dutch (B1) is the default; English is second.
public enum Language: String, CaseIterable, Sendable, Codable {
    case dutch = "nl"
    case english = "en"

    public static let `default` = Language.dutch
}

/// Looks up interface texts by key in the localisation files (`Resources/Localization/<lang>.json`).
///
/// Every text a person sees goes through here. Placeholders are written `{name}`. A key missing from
/// a language falls back to Dutch, and a key missing everywhere shows as the key itself, so a gap is
/// visible rather than blank (and `LocalisationTests` makes sure there is none).
public struct Localizer: Sendable {
    public let language: Language
    private let table: [String: String]
    private let fallback: [String: String]

    public init(language: Language, table: [String: String], fallback: [String: String]) {
        self.language = language
        self.table = table
        self.fallback = fallback
    }

    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        var value = table[key] ?? fallback[key] ?? key
        for (name, replacement) in arguments {
            value = value.replacingOccurrences(of: "{\(name)}", with: replacement)
        }
        return value
    }

    public func has(_ key: String) -> Bool { table[key] != nil }

    /// A date as people write it: "9 december 2026" (texts `date.long` and `date.month.1` … `.12`).
    public func longDate(_ date: LocalDate) -> String {
        text("date.long", ["day": String(date.day), "month": text("date.month.\(date.month)"), "year": String(date.year)])
    }

    /// A number with a fixed count of decimals, with the language's decimal sign ("3,45" in Dutch;
    /// `number.decimalSign`), for pages (CSV files keep the point).
    public func decimal(_ value: Double, places: Int) -> String {
        let formatted = String(format: "%.\(places)f", value)
        let sign = text("number.decimalSign")
        return sign == "." || sign == "number.decimalSign" ? formatted : formatted.replacingOccurrences(of: ".", with: sign)
    }

    /// A stored day ("2026-12-09") in words; anything that is not a day stays as it is.
    public func longDate(iso: String) -> String {
        LocalDate(iso: iso).map(longDate) ?? iso
    }

    /// A moment as people write it, in the given time zone: "9 december 2026, 23:30" (`date.longTime`).
    public func dateTime(_ moment: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute], from: moment)
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        return text("date.longTime", ["date": longDate(LocalDate.today(in: timeZone, now: moment)), "time": time])
    }

    public var keys: Set<String> { Set(table.keys) }
}

/// All languages' tables, loaded once at start-up.
public struct LocalisationCatalog: Sendable {
    public let tables: [Language: [String: String]]

    public init(tables: [Language: [String: String]]) {
        self.tables = tables
    }

    /// Loads `nl.json` and `en.json` from a directory. A file that is missing or not a flat
    /// string-to-string object is an error: the service must not start without its texts.
    public static func load(directory: String) throws -> LocalisationCatalog {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = (directory as NSString).appendingPathComponent("\(language.rawValue).json")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LocalisationError.missingFile(path)
            }
            do {
                tables[language] = try JSONDecoder().decode([String: String].self, from: data)
            } catch {
                throw LocalisationError.malformed(path, "\(error)")
            }
        }
        return LocalisationCatalog(tables: tables)
    }

    public func localizer(_ language: Language) -> Localizer {
        Localizer(language: language, table: tables[language] ?? [:], fallback: tables[.default] ?? [:])
    }
}

public enum LocalisationError: Error, CustomStringConvertible {
    case missingFile(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .missingFile(let path): return "localisation file not found: \(path)"
        case .malformed(let path, let detail): return "localisation file \(path) is not a flat JSON object of strings: \(detail)"
        }
    }
}
