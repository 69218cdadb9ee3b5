import Foundation

/// The groups an onboarding path is written for (kracht-zonder-tegenkracht 6.4.4, L2607-2615).
public enum OnboardingGroup: String, Codable, CaseIterable, Sendable {
    case newMember, committeeChair, fractieStaff, civilServant
}

/// The onboarding paths as versioned data per organisation (`Resources/Learning/onboarding.json`);
/// a fractie adds its own sections to a group's common path.
public struct OnboardingBook: Codable, Sendable {
    public struct Section: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Sendable {
            case text
            /// The confidential advisors with their contact details, from the organisation model.
            case advisors
        }

        public var id: String
        public var kind: Kind
        public var title: Recommendation.Text
        public var body: Paragraphs
    }

    public struct Paragraphs: Codable, Hashable, Sendable {
        public var nl: [String]
        public var en: [String]

        public func paragraphs(english: Bool) -> [String] { english ? en : nl }
    }

    public struct Path: Codable, Hashable, Sendable {
        public var group: OnboardingGroup
        /// Nil: the organisation's common path; a fractie id: the sections that fractie adds.
        public var fractie: String?
        public var sections: [Section]
    }

    public struct Version: Codable, Sendable, VersionedRules {
        public var organisation: String
        public var validFrom: LocalDate
        public var source: String
        public var paths: [Path]
    }

    public var versions: [Version]

    public init(versions: [Version]) {
        self.versions = versions.sorted { $0.validFrom < $1.validFrom }
    }

    /// The version in force for an organisation on a day ("v<date>"), for the record of what was offered.
    public func version(for organisation: String, on date: LocalDate) -> Version? {
        versions.filter { $0.organisation == organisation && $0.validFrom <= date }.last
    }

    /// The sections someone of a group (in a fractie, if any) goes through: the common path, then
    /// what the fractie adds.
    public func sections(for group: OnboardingGroup, fractie: String?, organisation: String, on date: LocalDate) -> [Section]? {
        guard let version = version(for: organisation, on: date),
              let common = version.paths.first(where: { $0.group == group && $0.fractie == nil }) else { return nil }
        let own = fractie.flatMap { id in version.paths.first { $0.group == group && $0.fractie == id } }
        return common.sections + (own?.sections ?? [])
    }

    public static func load(file: String) throws -> OnboardingBook {
        do {
            return OnboardingBook(versions: try JSONDecoder().decode(OnboardingBook.self, from: Data(contentsOf: URL(fileURLWithPath: file))).versions)
        } catch {
            throw RuleDataError(kind: .learning, file: file, detail: "\(error)")
        }
    }
}

/// The completion rate of a group: offered and completed in a year, hidden below k offers.
public struct CompletionRate: Hashable, Sendable {
    public var offered: Int
    public var completed: Int

    public init(offered: Int, completed: Int) {
        self.offered = offered
        self.completed = completed
    }

    /// Whole per cent, or nil when fewer than k were offered (a rate of two people points at them).
    public func percent(k: Int) -> Double? {
        guard offered >= k, offered > 0 else { return nil }
        return (Double(completed) * 100 / Double(offered)).rounded()
    }
}
