import Foundation
import TegenkrachtCore

/// Who a report goes to when it is made (shown at intake, before its case exists): the chosen
/// confidential advisor; for the central route, its officers; for a complaint, the committee's chair
/// and secretary. Who may read a report afterwards is its case's business (`CaseService.role`).
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
}
