import Foundation

/// Every value sealed directly with the key-encryption key, and the associated data it is bound to.
/// The context strings are stored nowhere, but they are part of every sealed value: changing one
/// makes existing data unreadable, so they are written here once and nowhere else.
package enum KeySealPurpose: Hashable, Sendable {
    /// A report's data key (everything else of a report is sealed with that data key).
    case reportKey(UUID)
    /// A staff member's TOTP secret, enrolled or pending.
    case totp(UUID)
    /// A named staff reporter's list of their own reports.
    case ownReports(UUID)
    case alertLabel(UUID)
    case alertFollowUp(UUID)
    /// Survey answers in progress (not bound to a row: the draft is found by its token).
    case surveyDraft
    case surveyOpenAnswers(UUID)
    /// Who asks to be called back, and where and when (issue 15).
    case callback(UUID)
    /// An employee's gift declaration, and the manager's decision on it (issue 14).
    case declaration(UUID)
    case declarationDecision(UUID)
    /// The name of someone offered an onboarding path (issue 18).
    case onboardingName(UUID)

    package var context: String {
        switch self {
        case .reportKey(let id): return "report-key:\(id.uuidString)"
        case .totp(let id): return "totp:\(id.uuidString)"
        case .ownReports(let id): return "own-reports:\(id.uuidString)"
        case .alertLabel(let id): return "alert-label:\(id.uuidString)"
        case .alertFollowUp(let id): return "alert-follow-up:\(id.uuidString)"
        case .surveyDraft: return "survey-draft"
        case .surveyOpenAnswers(let id): return "survey-open:\(id.uuidString)"
        case .callback(let id): return "callback:\(id.uuidString)"
        case .declaration(let id): return "declaration:\(id.uuidString)"
        case .declarationDecision(let id): return "declaration-decision:\(id.uuidString)"
        case .onboardingName(let id): return "onboarding-name:\(id.uuidString)"
        }
    }
}

/// A column that holds values sealed with the key-encryption key. Key rotation re-wraps exactly
/// these; a test checks that every `KeySealPurpose` has its column here, so a new sealed column
/// cannot be forgotten (issue 16: rotation used to miss alerts and survey data).
package struct KeySealedColumn: Sendable {
    package let table: String
    package let column: String
    package let purpose: @Sendable (UUID) -> KeySealPurpose

    package static let all: [KeySealedColumn] = [
        KeySealedColumn(table: Report.schema, column: "wrapped_key") { .reportKey($0) },
        KeySealedColumn(table: StaffUser.schema, column: "totp_secret") { .totp($0) },
        KeySealedColumn(table: StaffUser.schema, column: "pending_totp_secret") { .totp($0) },
        KeySealedColumn(table: StaffUser.schema, column: "own_reports_sealed") { .ownReports($0) },
        KeySealedColumn(table: RegistryAlert.schema, column: "subject_label_sealed") { .alertLabel($0) },
        KeySealedColumn(table: RegistryAlert.schema, column: "follow_up_sealed") { .alertFollowUp($0) },
        KeySealedColumn(table: SurveyDraft.schema, column: "answers_sealed") { _ in .surveyDraft },
        KeySealedColumn(table: SurveyResponse.schema, column: "open_sealed") { .surveyOpenAnswers($0) },
        KeySealedColumn(table: CallbackRequest.schema, column: "details_sealed") { .callback($0) },
        KeySealedColumn(table: OnboardingOfferRecord.schema, column: "name_sealed") { .onboardingName($0) },
        KeySealedColumn(table: GiftDeclarationRecord.schema, column: "declaration_sealed") { .declaration($0) },
        KeySealedColumn(table: GiftDeclarationRecord.schema, column: "decision_sealed") { .declarationDecision($0) },
        KeySealedColumn(table: SideActivityRecord.schema, column: "declaration_sealed") { .declaration($0) },
        KeySealedColumn(table: SideActivityRecord.schema, column: "decision_sealed") { .declarationDecision($0) },
        KeySealedColumn(table: TripExtensionRecord.schema, column: "request_sealed") { .declaration($0) },
        KeySealedColumn(table: TripExtensionRecord.schema, column: "decision_sealed") { .declarationDecision($0) },
        KeySealedColumn(table: FinancialInterestRecord.schema, column: "declaration_sealed") { .declaration($0) },
        KeySealedColumn(table: FinancialInterestRecord.schema, column: "decision_sealed") { .declarationDecision($0) },
    ]

    package var name: String { "\(table).\(column)" }
}
