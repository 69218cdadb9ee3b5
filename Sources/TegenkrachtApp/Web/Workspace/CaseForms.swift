import Vapor

// One form type per case action (issue 12, instead of one 33-field form that every action read from).
// Field names are the HTML form's; every form carries the case version it was made from.

/// A move on the ladder, a closure with its outcomes, or fact-finding.
struct TransitionForm: CaseActionForm {
    var version: Int?
    var to: String?
    var reason: String?
    var justification: String?
    var mediator: String?
    var ffDecidedBy: String?
    var ffCriteria: String?
    var ffInvestigator: String?
    var ffMandate: String?
    var outcome: String?
    var reporterOutcome: String?
    var accusedOutcome: String?
    /// On closure: what the reporter reads in the portal.
    var reporterMessage: String?
}

/// An action that needs nothing but the version (approving a closure, a task done, asking aftercare).
struct VersionOnlyForm: CaseActionForm {
    var version: Int?
}

/// Reopening a closed case.
struct ReopenForm: CaseActionForm {
    var version: Int?
    var reason: String?
}

/// Asking the reporter's consent for a step, or for a referral with its target and dossier parts.
struct ConsentRequestForm: CaseActionForm {
    var version: Int?
    var step: String?
    var withWhom: String?
    var information: String?
    var target: String?
    var parts: [String]?
}

/// An internal note.
struct NoteForm: CaseActionForm {
    var version: Int?
    var text: String?
}

/// A task with its owner and due date.
struct TaskForm: CaseActionForm {
    var version: Int?
    var text: String?
    var owner: String?
    /// The due date in three fields (`DateInput`), or one ISO field.
    var dueDay: String?
    var dueMonth: String?
    var dueYear: String?
    var due: String?
}

/// The rights of the accused: informed, heard, counsel, facts shared, corrections, support.
struct AccusedRightsForm: CaseActionForm {
    var version: Int?
    // Each date in three fields (`DateInput`), or one ISO field.
    var informedOnDay: String?, informedOnMonth: String?, informedOnYear: String?, informedOn: String?
    var informedBy: String?
    var toldWhat: String?
    var heardOnDay: String?, heardOnMonth: String?, heardOnYear: String?, heardOn: String?
    var counsel: String?
    var factsSharedOnDay: String?, factsSharedOnMonth: String?, factsSharedOnYear: String?, factsSharedOn: String?
    var correctionsOnDay: String?, correctionsOnMonth: String?, correctionsOnYear: String?, correctionsOn: String?
    var support: String?
}

/// A new lead or second person, with the reason.
struct AssignForm: CaseActionForm {
    var version: Int?
    var lead: String?
    var second: String?
    var reason: String?
}

/// The case's main kind in its annual report's typology.
struct CategoryForm: CaseActionForm {
    var version: Int?
    var category: String?
}

/// A College case cites a member's registers as they stood on a day (issue 14).
struct RegisterCitationForm: CaseActionForm {
    var version: Int?
    var member: String?
    var asOfDay: String?
    var asOfMonth: String?
    var asOfYear: String?
    var asOf: String?
}

/// Sharing a referral under a consent the reporter gave.
struct ReferralShareForm: CaseActionForm {
    var version: Int?
    var consent: String?
}

/// An aftercare answer recorded for the accused or a manager.
struct AftercareAnswerForm: CaseActionForm {
    var version: Int?
    var stopped: String?
    var wellbeing: String?
}

/// Declaring a conflict of interest: a confirmation and a reason (it carries no version).
struct ConflictForm: Content {
    var confirm: String?
    var reason: String?
}

