import Foundation

/// The numbers of an organisation's integrity code, as data with the day they apply from (issue 14):
/// the Tweede Kamer's civil-service code and the Eerste Kamer's code run on one installation, each
/// with its own values. Sources: woo-besluit §4.1 L1167-1232 (gifts), §7 L1766-1840 (travel);
/// spec 002, T-01, T-19.
public struct IntegrityRules: Codable, Hashable, Sendable {
    /// Gifts worth *more than* this are in principle not accepted ("meer dan € 50,-", R-012).
    public var giftThresholdCents: Int
    /// Where custom requires acceptance (foreign relations), a gift over the threshold is accepted as
    /// the organisation's property and its fate decided with the manager.
    public var foreignRelationsException: Bool
    /// A business trip may be extended for private reasons by at most this many hours (R-136, T-19).
    public var tripExtensionMaxHours: Int
    /// Whether the extension may come at the start of the trip ("aan het begin … mag het niet altijd").
    public var tripExtensionAtStartAllowed: Bool
    /// Who must declare financial interests: holders of a risk function, or every official (000a I-13).
    public var financialInterestDuty: FinancialInterestDuty
    /// The longest time, in years, until a side activity is looked at again (the code says
    /// "regelmatig", T-07; three years is this installation's choice, docs/registers.md).
    public var sideActivityReassessmentMaxYears: Int
    /// How many years a staff declaration is kept after the manager decided it: a gift, a trip
    /// extension, a side activity or financial interest that was not allowed; then the
    /// `declaration-retention` job erases it. An allowed side activity or interest, and one that waits
    /// for a decision, is never erased by age.
    /// The code names no period; seven years is this installation's choice (docs/registers.md).
    public var declarationRetentionYears: Int
    /// When the members of parliament are reminded of their registers and income statement.
    public var memberReminders: MemberReminderSchedule
    /// Where each value comes from, for the page that explains a decision.
    public var sources: [String: String]

    public init(giftThresholdCents: Int, foreignRelationsException: Bool, tripExtensionMaxHours: Int,
                tripExtensionAtStartAllowed: Bool, financialInterestDuty: FinancialInterestDuty = .riskFunctions,
                sideActivityReassessmentMaxYears: Int = 3, declarationRetentionYears: Int = 7,
                memberReminders: MemberReminderSchedule = MemberReminderSchedule(), sources: [String: String] = [:]) {
        self.giftThresholdCents = giftThresholdCents
        self.foreignRelationsException = foreignRelationsException
        self.tripExtensionMaxHours = tripExtensionMaxHours
        self.tripExtensionAtStartAllowed = tripExtensionAtStartAllowed
        self.financialInterestDuty = financialInterestDuty
        self.sideActivityReassessmentMaxYears = sideActivityReassessmentMaxYears
        self.declarationRetentionYears = declarationRetentionYears
        self.memberReminders = memberReminders
        self.sources = sources
    }

    private enum CodingKeys: String, CodingKey {
        case giftThresholdCents, foreignRelationsException, tripExtensionMaxHours, tripExtensionAtStartAllowed
        case financialInterestDuty, sideActivityReassessmentMaxYears, declarationRetentionYears, memberReminders, sources
    }

    /// A version written before a value existed reads with the value's default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(giftThresholdCents: try c.decode(Int.self, forKey: .giftThresholdCents),
                  foreignRelationsException: try c.decode(Bool.self, forKey: .foreignRelationsException),
                  tripExtensionMaxHours: try c.decode(Int.self, forKey: .tripExtensionMaxHours),
                  tripExtensionAtStartAllowed: try c.decode(Bool.self, forKey: .tripExtensionAtStartAllowed),
                  financialInterestDuty: try c.decodeIfPresent(FinancialInterestDuty.self, forKey: .financialInterestDuty) ?? .riskFunctions,
                  sideActivityReassessmentMaxYears: try c.decodeIfPresent(Int.self, forKey: .sideActivityReassessmentMaxYears) ?? 3,
                  declarationRetentionYears: try c.decodeIfPresent(Int.self, forKey: .declarationRetentionYears) ?? 7,
                  memberReminders: try c.decodeIfPresent(MemberReminderSchedule.self, forKey: .memberReminders) ?? MemberReminderSchedule(),
                  sources: try c.decodeIfPresent([String: String].self, forKey: .sources) ?? [:])
    }
}

/// Every organisation's versions of its integrity rules (`Resources/Registers/integrity-rules.json`).
public struct IntegrityRuleBook: Codable, Sendable {
    public struct Version: Codable, Hashable, Sendable {
        public var organisation: String
        public var validFrom: LocalDate
        public var rules: IntegrityRules
    }

    public var versions: [Version]

    public init(versions: [Version]) {
        self.versions = versions
    }

    /// The rules in force for an organisation on a day: the latest version that started on or before it.
    public func rules(for organisation: String, on date: LocalDate) -> IntegrityRules? {
        versions.filter { $0.organisation == organisation && $0.validFrom <= date }.max { $0.validFrom < $1.validFrom }?.rules
    }

    public static func load(file: String) throws -> IntegrityRuleBook {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let book = try JSONDecoder().decode(IntegrityRuleBook.self, from: data)
        for version in book.versions where version.rules.giftThresholdCents < 0 || version.rules.tripExtensionMaxHours <= 0
            || version.rules.sideActivityReassessmentMaxYears <= 0 || version.rules.declarationRetentionYears <= 0
            || !version.rules.memberReminders.isValid {
            throw InvalidIntegrityRules(file: file, version: "\(version.organisation) \(version.validFrom.iso)")
        }
        return book
    }
}

public struct InvalidIntegrityRules: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let version: String
    public var description: String { "\(file): \(version): a threshold below zero; a trip extension, reassessment interval or retention period of nothing; or a reminder day that is not a day (\"MM-DD\")" }
}
