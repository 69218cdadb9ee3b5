import Foundation
import TegenkrachtCore

/// Who may read a report: need-to-know, per report. Today: the chosen confidential advisor; for the
/// central route, its officers; for a complaint, the committee's chair and secretary. Administrators
/// never (they manage the organisation, not cases). Case handling (issue 5) adds the second person
/// and consented sharing.
enum ReportAccess {
    /// The organisation people who handle the report, with their role.
    static func handlers(recipient: RecipientKind, handlerPersonID: String?, organisation: Organisation?,
                         on date: LocalDate) -> [(person: Person, role: FunctionaryRole)] {
        guard let organisation else { return [] }
        switch recipient {
        case .confidentialAdvisor:
            guard let id = handlerPersonID, let person = organisation.person(id: id) else { return [] }
            let role = organisation.roles(of: id, on: date).first { $0.role.isConfidentialAdvisor }?.role
                ?? .confidentialAdvisorUnwantedBehaviour
            return [(person, role)]
        case .centralRoute:
            return organisation.holders(of: .centralReportingOfficer, on: date).map { ($0.person, .centralReportingOfficer) }
        case .integrityBoard:
            return organisation.holders(of: .integrityBoardMember, on: date).map { ($0.person, .integrityBoardMember) }
        case .complaintsCommittee:
            return [FunctionaryRole.complaintsCommitteeChair, .complaintsCommitteeSecretary].flatMap { role in
                organisation.holders(of: role, on: date).map { ($0.person, role) }
            }
        }
    }

    static func canRead(_ staff: SignedInStaff, report: Report, organisation: Organisation?, on date: LocalDate) -> Bool {
        guard staff.role == .functionary, let personID = staff.personID,
              let recipient = RecipientKind(rawValue: report.recipientKind) else { return false }
        return handlers(recipient: recipient, handlerPersonID: report.handlerPersonID, organisation: organisation, on: date)
            .contains { $0.person.id == personID }
    }
}
