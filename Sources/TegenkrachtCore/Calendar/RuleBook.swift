import Foundation

/// The kinds of rule data Tegenkracht reads from `Resources/` (issue 12: one loader, and an error
/// that says which kind of file was wrong instead of calling every file a procedure definition).
public enum RuleDataKind: String, Sendable, CaseIterable {
    case routeRules = "route rules"
    case procedures = "procedure definition"
    case caseRules = "case rules"
    case reportTemplates = "report template"
    case instruments = "instrument"
    case learning = "learning data"
}

/// A rule data file that could not be read or did not decode.
public struct RuleDataError: Error, CustomStringConvertible, Sendable {
    public let kind: RuleDataKind
    public let file: String
    public let detail: String

    public init(kind: RuleDataKind, file: String, detail: String) {
        self.kind = kind
        self.file = file
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue) \(file): \(detail)" }
}

/// Rule data with a date from which it holds. A new version is a new file, never an edit of the old.
public protocol VersionedRules: Sendable {
    var validFrom: LocalDate { get }
}

public enum RuleBook {
    /// Every `*.json` file of a folder, in name order, decoded as `T` (a file may also hold a list of
    /// them, for templates). A file that cannot be read or decoded stops the start with its name.
    public static func load<T: Decodable>(_ type: T.Type, kind: RuleDataKind, directory: String) throws -> [T] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw RuleDataError(kind: kind, file: directory, detail: "the folder cannot be read")
        }
        return try files.map { file in
            let path = (directory as NSString).appendingPathComponent(file)
            do {
                return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw RuleDataError(kind: kind, file: path, detail: "\(error)")
            }
        }
    }

    /// The one in-force rule for every versioned rule book: the newest version whose `validFrom` has
    /// come. For a date before the first version, the first version: an old report is still handled by
    /// the oldest rules Tegenkracht knows rather than by none. `versions` must be sorted by date.
    public static func inForce<T: VersionedRules>(_ versions: [T], on date: LocalDate) -> T? {
        versions.last { $0.validFrom <= date } ?? versions.first
    }

    /// Sorted by `validFrom`, the order `inForce` needs.
    public static func byDate<T: VersionedRules>(_ versions: [T]) -> [T] {
        versions.sorted { $0.validFrom < $1.validFrom }
    }
}
