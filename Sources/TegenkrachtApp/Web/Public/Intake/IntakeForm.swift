import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The intake form as posted (multipart, for the attachments). Everything is optional here so that a
/// half-filled form can be shown again with every answer kept; `IntakeValidator` decides.
struct IntakeForm: Content {
    /// The form's submission key (`SubmissionKey`): a second post of the same form makes no second report.
    var submission: String?
    var kind: String?
    var mode: String?
    var recipient: String?
    var whatHappened: String?
    var when: String?
    var place: [String]?
    var frequency: String?
    var item: [String]?
    var integrity: String?
    var wrongdoing: String?
    var criminal: String?
    var accused0Name: String?
    var accused0Function: String?
    var accused0Unit: String?
    var accused1Name: String?
    var accused1Function: String?
    var accused1Unit: String?
    var witnesses: String?
    var othersAffected: String?
    var impact: String?
    var wish: String?
    var name: String?
    var email: String?
    var phone: String?
    var function: String?
    var postalAddress: String?
    var reporterGroup: String?
    /// A signed-in staff member's choice to reach the report through their account.
    var linkAccount: String?
    var escrow: String?
    /// The second person chosen on the check page, where the case rules allow a choice.
    var secondPerson: String?
    var accusedGroup: String?
    // Attachments are not decoded here: they stream into sealed spool files (`IntakeUpload`).

    var recipientKind: RecipientKind? {
        guard let recipient, !recipient.isEmpty else { return nil }
        if recipient.hasPrefix("vp:") { return .confidentialAdvisor }
        return RecipientKind(rawValue: recipient)
    }

    var advisorPersonID: String? {
        guard let recipient, recipient.hasPrefix("vp:") else { return nil }
        return String(recipient.dropFirst(3))
    }

    var content: ReportContent {
        func text(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let accused = [AccusedPerson(name: text(accused0Name), function: text(accused0Function), unit: text(accused0Unit)),
                       AccusedPerson(name: text(accused1Name), function: text(accused1Function), unit: text(accused1Unit))]
            .filter { !$0.isEmpty }
        return ReportContent(
            whatHappened: text(whatHappened), when: text(when),
            places: (place ?? []).compactMap(Place.init(rawValue:)),
            frequency: frequency.flatMap(Frequency.init(rawValue:)),
            behaviourItems: (item ?? []).filter { BehaviourItem.item(code: $0) != nil },
            integrity: integrity == "on", wrongdoing: wrongdoing == "on", criminal: criminal == "on",
            accused: accused, witnesses: text(witnesses), othersAffected: text(othersAffected),
            impact: text(impact), wish: text(wish),
            reporterGroup: reporterGroup.flatMap { RouteGroup(rawValue: $0)?.rawValue },
            accusedGroup: accusedGroup.flatMap { RouteGroup(rawValue: $0)?.rawValue })
    }

    var identity: ReportIdentity {
        func text(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        return ReportIdentity(name: text(name), email: text(email), phone: text(phone), function: text(function),
                              postalAddress: text(postalAddress))
    }
}
