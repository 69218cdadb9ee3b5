import FluentKit
import Foundation
import TegenkrachtCore

/// Who reads an employee's declaration (gift, side activity, trip extension, financial interest),
/// need-to-know: the declarant, the line manager named on it, the integrity coordinator, and for a
/// financial interest declared in a risk function HR of that employer (issue 14). Anyone else is
/// answered "not found", so a guessed id tells nothing.
package enum DeclarationAccess {
    /// `humanResourcesFor`: the employer whose HR may read it too (a financial interest declared in a
    /// risk function, issue 14); nil for every other declaration.
    package static func mayRead(declarantID: String, managerID: String, personID: String, humanResourcesFor employer: String? = nil,
                                app: any ServiceContext, db: any Database) async throws -> Bool {
        if declarantID == personID || managerID == personID { return true }
        guard let organisation = try await app.organisationStore.current(on: db) else { return false }
        if organisation.keepsIntegrityRegister(personID, on: app.today) { return true }
        return employer.map { organisation.isHumanResources(personID, for: $0, on: app.today) } ?? false
    }

    /// What a register read covered, for the audit log: all (the coordinator), the manager's, HR's
    /// (risk functions), or one's own.
    package static func scope(coordinator: Bool, deciding: Bool, humanResources: Bool = false) -> String {
        coordinator ? "all" : humanResources ? "hr" : deciding ? "manager" : "own"
    }
}
