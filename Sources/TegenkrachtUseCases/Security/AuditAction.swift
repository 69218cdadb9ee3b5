import Foundation

/// What an audit entry records (issue 12: typed, so that a misspelt action does not compile and the
/// access history, which reads actions back, names the same ones). The stored text is `rawValue`;
/// entries already in the log keep theirs, and the hash chain covers the stored text.
package enum AuditAction: Sendable, Hashable {
    // backup
    case backupCreate
    case backupRestore
    // call-back requests
    case callbackRequest
    case callbackDone
    // integrity registers (issue 14)
    case declarationCreate
    case declarationDecide
    case declarationView
    case declarationRegisterView
    case declarationErase
    case registerSubmit
    case registerPublish
    case registerInstruction
    // the learning organisation (issue 18)
    case learningInterventionCreate
    case learningReadingAdd
    case learningIndicatorAdd
    case onboardingOffer
    case onboardingComplete
    case figuresLessonsWrite
    case figuresLessonsApprove
    case networkCertificateRecord
    case networkTrainingLog
    case networkDoubleRoleDecide
    // case
    case caseAccusedRights
    case caseAftercareAnswer
    case caseAftercareAsk
    case caseAssign
    case caseCategory
    case caseRegisterCite
    case caseClosureApproved
    case caseClosureProposed
    case caseConflictDeclared
    case caseConsentRequest
    case caseEscrowMatch
    case caseEscrowRelease
    case caseHandlerChangeRequest
    case caseIdentityShare
    case caseIdentityShareRefused
    case caseNote
    case caseReaderAgreed
    case caseReaderProposed
    case caseReaderRefused
    case caseReferralAcknowledge
    case caseReferralView
    case caseReopen
    case caseRetaliationReport
    case caseShareReferral
    case caseTask
    case caseTaskDone
    case caseTransition
    // keys
    case keysRemoveOld
    case keysRotate
    // monitor
    case monitorExport
    case monitorResults
    case monitorWaveClose
    case monitorWaveOpen
    // organisation
    case organisationVersionCreate
    case organisationView
    // registry
    case registryAlert
    case registryAlertFollowUp
    case registryAlertsView
    case registryDashboard
    case registryExport
    case registryRegister
    case registryReport
    case registryReportExact
    // report
    case reportAccessDenied
    case reportAcknowledge
    case reportAttachmentDownload
    case reportCreate
    case reportDiscloseIdentity
    case reportMessage
    case reportOralCreate
    case reportPortalLogin
    case reportPortalLoginAccount
    case reportRecordCreate
    case reportSupplement
    case reportView
    case reportWithdraw
    // staff
    case staffCreate
    case staffDisable
    case staffEnable
    case staffLoginDisabled
    case staffLoginFailure
    case staffLoginSuccess
    case staffLoginSSO
    case staffLoginSSORefused
    case staffSSOLink
    case staffPasswordChanged
    case staffPasswordReset
    case staffPasswordResetSelf
    // twofactor
    case twofactorEnrol
    case twofactorRecoveryCode
    case twofactorReset
    // the House-wide code of conduct (issue 18, 6.4.1)
    case codeRoundOpen
    case codeComment
    case codeResponse
    case codeRoundClose
    case codeAdopt
    /// A procedure event recorded on a report (`report.procedure-<event id>`).
    case procedureEvent(String)
    /// A letter made for a report (`report.letter-<letter type>`).
    case letter(String)
    /// A record (meeting report) approved or disputed by the reporter (`report.record-<state>`).
    case recordState(RecordState)
    /// A consent given, refused or withdrawn (`case.consent-<state>`).
    case consentState(ConsentState)

    package var rawValue: String {
        switch self {
        case .backupCreate: "backup.create"
        case .learningInterventionCreate: "learning.intervention-create"
        case .learningReadingAdd: "learning.reading-add"
        case .learningIndicatorAdd: "learning.indicator-add"
        case .onboardingOffer: "onboarding.offer"
        case .onboardingComplete: "onboarding.complete"
        case .figuresLessonsWrite: "figures.lessons-write"
        case .figuresLessonsApprove: "figures.lessons-approve"
        case .networkCertificateRecord: "network.certificate-record"
        case .networkTrainingLog: "network.training-log"
        case .networkDoubleRoleDecide: "network.double-role-decide"
        case .backupRestore: "backup.restore"
        case .caseAccusedRights: "case.accused-rights"
        case .caseAftercareAnswer: "case.aftercare-answer"
        case .caseAftercareAsk: "case.aftercare-ask"
        case .caseAssign: "case.assign"
        case .caseCategory: "case.category"
        case .caseRegisterCite: "case.register-cite"
        case .caseClosureApproved: "case.closure-approved"
        case .caseClosureProposed: "case.closure-proposed"
        case .caseConflictDeclared: "case.conflict-declared"
        case .caseConsentRequest: "case.consent-request"
        case .caseEscrowMatch: "case.escrow-match"
        case .caseEscrowRelease: "case.escrow-release"
        case .caseHandlerChangeRequest: "case.handler-change-request"
        case .caseIdentityShare: "case.identity-share"
        case .caseIdentityShareRefused: "case.identity-share-refused"
        case .caseNote: "case.note"
        case .caseReaderAgreed: "case.reader-agreed"
        case .caseReaderProposed: "case.reader-proposed"
        case .caseReaderRefused: "case.reader-refused"
        case .caseReferralAcknowledge: "case.referral-acknowledge"
        case .caseReferralView: "case.referral-view"
        case .caseReopen: "case.reopen"
        case .caseRetaliationReport: "case.retaliation-report"
        case .caseShareReferral: "case.share-referral"
        case .caseTask: "case.task"
        case .caseTaskDone: "case.task-done"
        case .caseTransition: "case.transition"
        case .keysRemoveOld: "keys.remove-old"
        case .keysRotate: "keys.rotate"
        case .monitorExport: "monitor.export"
        case .monitorResults: "monitor.results"
        case .monitorWaveClose: "monitor.wave-close"
        case .monitorWaveOpen: "monitor.wave-open"
        case .organisationVersionCreate: "organisation.version.create"
        case .organisationView: "organisation.view"
        case .registryAlert: "registry.alert"
        case .registryAlertFollowUp: "registry.alert-follow-up"
        case .registryAlertsView: "registry.alerts-view"
        case .registryDashboard: "registry.dashboard"
        case .registryExport: "registry.export"
        case .registryRegister: "registry.register"
        case .registryReport: "registry.report"
        case .registryReportExact: "registry.report-exact"
        case .reportAccessDenied: "report.access-denied"
        case .reportAcknowledge: "report.acknowledge"
        case .reportAttachmentDownload: "report.attachment-download"
        case .reportCreate: "report.create"
        case .reportDiscloseIdentity: "report.disclose-identity"
        case .reportMessage: "report.message"
        case .reportOralCreate: "report.oral-create"
        case .reportPortalLogin: "report.portal-login"
        case .reportPortalLoginAccount: "report.portal-login-account"
        case .reportRecordCreate: "report.record-create"
        case .reportSupplement: "report.supplement"
        case .reportView: "report.view"
        case .reportWithdraw: "report.withdraw"
        case .declarationCreate: "declaration.create"
        case .declarationDecide: "declaration.decide"
        case .declarationView: "declaration.view"
        case .declarationRegisterView: "declaration.register-view"
        case .declarationErase: "declaration.erase"
        case .registerSubmit: "register.submit"
        case .registerPublish: "register.publish"
        case .registerInstruction: "register.instruction"
        case .callbackRequest: "callback.request"
        case .callbackDone: "callback.done"
        case .staffCreate: "staff.create"
        case .staffDisable: "staff.disable"
        case .staffEnable: "staff.enable"
        case .staffLoginDisabled: "staff.login-disabled"
        case .staffLoginFailure: "staff.login-failure"
        case .staffLoginSuccess: "staff.login-success"
        case .staffLoginSSO: "staff.login-sso"
        case .staffLoginSSORefused: "staff.login-sso-refused"
        case .staffSSOLink: "staff.sso-link"
        case .staffPasswordChanged: "staff.password-changed"
        case .staffPasswordReset: "staff.password-reset"
        case .staffPasswordResetSelf: "staff.password-reset-self"
        case .twofactorEnrol: "twofactor.enrol"
        case .twofactorRecoveryCode: "twofactor.recovery-code"
        case .twofactorReset: "twofactor.reset"
        case .codeRoundOpen: "code.round-open"
        case .codeComment: "code.comment"
        case .codeResponse: "code.response"
        case .codeRoundClose: "code.round-close"
        case .codeAdopt: "code.adopt"
        case .procedureEvent(let event): "report.procedure-\(event)"
        case .letter(let type): "report.letter-\(type)"
        case .recordState(let state): "report.record-\(state.rawValue)"
        case .consentState(let state): "case.consent-\(state.rawValue)"
        }
    }

    /// Every action without a parameter.
    package static let plain: [AuditAction] = [
        .backupCreate, .backupRestore, .learningInterventionCreate, .learningReadingAdd, .learningIndicatorAdd, .onboardingOffer, .onboardingComplete,
        .figuresLessonsWrite, .figuresLessonsApprove, .networkCertificateRecord, .networkTrainingLog, .networkDoubleRoleDecide, .callbackDone, .callbackRequest, .caseAccusedRights, .caseAftercareAnswer, .caseAftercareAsk, .caseAssign, .caseCategory, .caseRegisterCite, .caseClosureApproved, .caseClosureProposed, .caseConflictDeclared, .caseConsentRequest, .caseEscrowMatch, .caseEscrowRelease, .caseHandlerChangeRequest, .caseIdentityShare, .caseIdentityShareRefused, .caseNote, .caseReaderAgreed, .caseReaderProposed, .caseReaderRefused, .caseReferralAcknowledge, .caseReferralView, .caseReopen, .caseRetaliationReport, .caseShareReferral, .caseTask, .caseTaskDone, .caseTransition, .declarationCreate, .declarationDecide, .declarationErase, .declarationRegisterView, .declarationView, .keysRemoveOld, .keysRotate, .monitorExport, .monitorResults, .monitorWaveClose, .monitorWaveOpen, .organisationVersionCreate, .organisationView, .registryAlert, .registryAlertFollowUp, .registryAlertsView, .registryDashboard, .registryExport, .registryRegister, .registryReport, .registerInstruction, .registerPublish, .registerSubmit, .registryReportExact, .reportAccessDenied, .reportAcknowledge, .reportAttachmentDownload, .reportCreate, .reportDiscloseIdentity, .reportMessage, .reportOralCreate, .reportPortalLogin, .reportPortalLoginAccount, .reportRecordCreate, .reportSupplement, .reportView, .reportWithdraw, .staffCreate, .staffDisable, .staffEnable, .staffLoginDisabled, .staffLoginFailure, .staffLoginSuccess, .staffLoginSSO, .staffLoginSSORefused, .staffSSOLink, .staffPasswordChanged, .staffPasswordReset, .staffPasswordResetSelf, .twofactorEnrol, .twofactorRecoveryCode, .twofactorReset,
        .codeRoundOpen, .codeComment, .codeResponse, .codeRoundClose, .codeAdopt,
    ]

    /// The reads of a report by staff that the reporter's access summary counts.
    package static let reportReads: [AuditAction] = [.reportView, .reportAttachmentDownload, .caseReferralView]
}
