import Foundation

/// A House-wide code of conduct (kracht-zonder-tegenkracht 6.4.1, L2579-2593) as versioned data
/// (`Resources/Learning/code-of-conduct.json`): norms for behaviour, each linked to the items of the
/// report's behaviour typology it covers (003a §1.2 A), and procedural agreements for the dilemmas of
/// working together (addressing someone, being addressed, receiving criticism, L2585).
///
/// The file ships a **draft**: only the Presidium can adopt a code. Adoption is recorded in the
/// database (the comment rounds, `CodeOfConductRounds`); a version may also say `adopted` in the file
/// once the House has adopted it.
public struct CodeOfConductBook: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        case draft, adopted
    }

    public struct Norm: Codable, Hashable, Sendable {
        public var id: String
        public var text: Recommendation.Text
        /// The typology codes ("a"…"t") this norm covers; empty for a general norm.
        public var items: [String]
        /// Where the sources have it.
        public var lines: String

        public init(id: String, text: Recommendation.Text, items: [String], lines: String) {
            self.id = id
            self.text = text
            self.items = items
            self.lines = lines
        }
    }

    /// A procedural agreement for a dilemma.
    public struct Agreement: Codable, Hashable, Sendable {
        public var id: String
        public var title: Recommendation.Text
        public var text: Recommendation.Text
        public var lines: String
    }

    public struct Version: Codable, Sendable, VersionedRules {
        /// Stable id, which comment rounds and adoptions point at ("concept-2026-1").
        public var id: String
        public var validFrom: LocalDate
        public var status: Status
        public var source: String
        public var title: Recommendation.Text
        public var intro: Recommendation.Text
        public var norms: [Norm]
        public var agreements: [Agreement]

        /// The norms that the behaviour a person describes breaks: every norm covering one of the
        /// typology items, in the code's own order. Unknown codes are ignored.
        public func norms(for items: some Sequence<String>) -> [Norm] {
            let chosen = Set(items)
            guard !chosen.isEmpty else { return [] }
            return norms.filter { !chosen.isDisjoint(with: $0.items) }
        }

        /// What a comment may be about: a norm, an agreement, or the code as a whole ("algemeen").
        public var commentTopics: [String] { ["algemeen"] + norms.map(\.id) + agreements.map(\.id) }
    }

    /// The version shown, and whether it is adopted (otherwise it is a draft and must say so).
    public struct Shown: Sendable {
        public let version: Version
        public let adopted: Bool

        public init(version: Version, adopted: Bool) {
            self.version = version
            self.adopted = adopted
        }
    }

    public var versions: [Version]

    public init(versions: [Version]) {
        self.versions = RuleBook.byDate(versions)
    }

    public func version(id: String) -> Version? {
        versions.first { $0.id == id }
    }

    /// The code in force: the newest adopted version (in the file, or by a recorded adoption in
    /// `adoptedIDs`) whose date has come; without one, the newest draft whose date has come (or the
    /// first version), shown as a draft.
    public func shown(on date: LocalDate, adoptedIDs: Set<String>) -> Shown? {
        let started = versions.filter { $0.validFrom <= date }
        if let adopted = started.last(where: { $0.status == .adopted || adoptedIDs.contains($0.id) }) {
            return Shown(version: adopted, adopted: true)
        }
        guard let draft = started.last ?? versions.first else { return nil }
        return Shown(version: draft, adopted: adoptedIDs.contains(draft.id) || draft.status == .adopted)
    }

    /// The norms of the code shown that the chosen behaviour items break (`Version.norms(for:)`).
    public func norms(for items: some Sequence<String>, on date: LocalDate, adoptedIDs: Set<String>) -> (norms: [Norm], adopted: Bool) {
        guard let shown = shown(on: date, adoptedIDs: adoptedIDs) else { return ([], false) }
        return (shown.version.norms(for: items), shown.adopted)
    }

    /// Problems with the data: ids twice, a norm covering an item the typology does not have.
    public static func problems(_ book: CodeOfConductBook) -> [String] {
        var problems: [String] = []
        let known = Set(BehaviourItem.all.map(\.code))
        let versionIDs = book.versions.map(\.id)
        if Set(versionIDs).count != versionIDs.count { problems.append("a version id twice") }
        for version in book.versions {
            let ids = version.norms.map(\.id) + version.agreements.map(\.id)
            if version.norms.isEmpty { problems.append("version \(version.id): no norms") }
            if Set(ids).count != ids.count || ids.contains("algemeen") { problems.append("version \(version.id): an id twice") }
            for norm in version.norms where !Set(norm.items).isSubset(of: known) {
                problems.append("version \(version.id), norm \(norm.id): unknown behaviour items \(Set(norm.items).subtracting(known).sorted())")
            }
        }
        return problems
    }

    public static func load(file: String) throws -> CodeOfConductBook {
        let book: CodeOfConductBook
        do {
            book = try JSONDecoder().decode(CodeOfConductBook.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw RuleDataError(kind: .learning, file: file, detail: "\(error)")
        }
        if let problem = problems(book).first {
            throw RuleDataError(kind: .learning, file: file, detail: problem)
        }
        return CodeOfConductBook(versions: book.versions)
    }
}
