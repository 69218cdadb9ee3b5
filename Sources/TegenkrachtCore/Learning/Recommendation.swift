import Foundation

/// One recommendation of the report's Table 6.1 (kracht-zonder-tegenkracht L2374-2398), as data.
public struct Recommendation: Codable, Hashable, Sendable {
    public enum Category: String, Codable, CaseIterable, Sendable {
        case leadership, competences, workingConditions, policy, reportingSystem, monitoring, sharedResponsibility
    }

    /// "Aanvangstermijn": when the report says to start.
    public enum Term: String, Codable, CaseIterable, Sendable {
        case short, medium, long
    }

    /// "Vooraf gericht op": culture, structure, or (reporting) systems.
    public enum Focus: String, Codable, CaseIterable, Sendable {
        case culture, structure, systems
    }

    public struct Text: Codable, Hashable, Sendable {
        public var nl: String
        public var en: String

        public init(nl: String, en: String) {
            self.nl = nl
            self.en = en
        }

        public func text(english: Bool) -> String { english ? en : nl }
    }

    /// The paragraph number, "6.5.2".
    public var id: String
    public var category: Category
    public var text: Text
    public var terms: [Term]
    public var focus: [Focus]
    /// Where the report has it: the table row and the section that discusses it.
    public var lines: String

    public init(id: String, category: Category, text: Text, terms: [Term], focus: [Focus], lines: String) {
        self.id = id
        self.category = category
        self.text = text
        self.terms = terms
        self.focus = focus
        self.lines = lines
    }
}

/// The versions of the recommendations (`Resources/Learning/recommendations.json`): a later report or
/// an evaluation may add or reword them; an intervention keeps pointing at the id it was linked to.
public struct RecommendationBook: Codable, Sendable {
    public struct Version: Codable, Sendable, VersionedRules {
        public var validFrom: LocalDate
        public var source: String
        public var recommendations: [Recommendation]
    }

    public var versions: [Version]

    public init(versions: [Version]) {
        self.versions = versions.sorted { $0.validFrom < $1.validFrom }
    }

    public func inForce(on date: LocalDate) -> Version? {
        RuleBook.inForce(versions, on: date)
    }

    /// A recommendation by id in the version in force, or in any earlier one (an intervention linked
    /// to a recommendation that a later version dropped still names it).
    public func recommendation(id: String, on date: LocalDate) -> Recommendation? {
        if let current = inForce(on: date)?.recommendations.first(where: { $0.id == id }) { return current }
        return versions.reversed().lazy.compactMap { $0.recommendations.first { $0.id == id } }.first
    }

    public static func load(file: String) throws -> RecommendationBook {
        let book: RecommendationBook
        do {
            book = try JSONDecoder().decode(RecommendationBook.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw RuleDataError(kind: .learning, file: file, detail: "\(error)")
        }
        for version in book.versions {
            let ids = version.recommendations.map(\.id)
            guard !ids.isEmpty, Set(ids).count == ids.count else {
                throw RuleDataError(kind: .learning, file: file, detail: "version \(version.validFrom.iso): no recommendations, or an id twice")
            }
        }
        return RecommendationBook(versions: book.versions)
    }
}
