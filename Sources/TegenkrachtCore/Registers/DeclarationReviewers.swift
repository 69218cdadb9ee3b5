import Foundation

/// Who reviews an employee's declaration and who sees the whole register (issue 14): the line
/// manager decides, the integrity coordinator keeps the register (woo-besluit §4.1 L1167-1232: gifts
/// are declared to the manager; spec 002 R-013). Read from the organisation model, never typed in.
extension Organisation {
    /// The declarant's line managers on a day: holders of the line-manager role for the declarant's
    /// employer whose own unit is the declarant's unit (the model has no reporting lines, so the
    /// unit is the line). Never the declarant themselves.
    public func lineManagers(of personID: String, on date: LocalDate) -> [Person] {
        guard let declarant = person(id: personID), let unit = declarant.unit else { return [] }
        return holders(of: .lineManager, on: date)
            .filter { $0.person.id != personID && $0.person.unit == unit
                && ($0.assignment.employer == nil || $0.assignment.employer == declarant.employer) }
            .map(\.person)
    }

    /// Whether a person may read the whole staff register on a day: the integrity coordinator.
    public func keepsIntegrityRegister(_ personID: String, on date: LocalDate) -> Bool {
        roles(of: personID, on: date).contains { $0.role == .integrityCoordinator }
    }

    /// Whether a person keeps the MPs' public registers on a day (the Griffie plenair).
    public func keepsPublicRegisters(_ personID: String, on date: LocalDate) -> Bool {
        roles(of: personID, on: date).contains { $0.role == .registerKeeper }
    }

    /// Whether a person is a member of parliament (a Presidium member is one too).
    public func isMemberOfParliament(_ personID: String) -> Bool {
        guard let category = person(id: personID)?.category else { return false }
        return category == .memberOfParliament || category == .presidiumMember
    }

    /// The members of parliament a person submits register entries for, as their staff.
    public func membersAssisted(by personID: String) -> [Person] {
        (person(id: personID)?.assists ?? []).compactMap { isMemberOfParliament($0) ? person(id: $0) : nil }
    }

    /// Every member of parliament in the model, by name.
    public var membersOfParliament: [Person] {
        people.filter { isMemberOfParliament($0.id) }.sorted { $0.name < $1.name }
    }
}
