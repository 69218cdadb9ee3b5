import FluentKit
import Foundation
import TegenkrachtCore

/// Who reads an employee's declaration (gift, side activity, trip extension), need-to-know: the
/// declarant, the line manager named on it, and the integrity coordinator (issue 14). Anyone else is
/// answered "not found", so a guessed id tells nothing.
package enum DeclarationAccess {
    package static func mayRead(declarantID: String, managerID: String, personID: String,
                                app: any ServiceContext, db: any Database) async throws -> Bool {
        if declarantID == personID || managerID == personID { return true }
        return try await app.organisationStore.current(on: db)?.keepsIntegrityRegister(personID, on: app.today) == true
    }

    /// What a register read covered, for the audit log: all (the coordinator), the manager's, or one's own.
    package static func scope(coordinator: Bool, deciding: Bool) -> String {
        coordinator ? "all" : deciding ? "manager" : "own"
    }
}
