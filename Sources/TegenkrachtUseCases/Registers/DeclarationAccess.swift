import FluentKit
import Foundation
import SQLKit
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

/// The manager's decision on any employee's declaration, stored once (issue 14): one conditional
/// UPDATE from "open" to "decided" with the decision's own columns, and its audit entry, in one unit
/// of work. Of two decisions sent at once exactly one counts; the other is told it was decided already.
package enum DeclarationDecisionStore {
    package static func record(table: String, id: UUID, subject: String, sealedDecision: String,
                               columns: [(String, any Encodable & Sendable)], deciderID: String, by actor: ActorRef,
                               app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StoreFault.notSQL }
            let now = app.clock.now
            var update = sql.update(table)
                .set(SQLIdentifier("state"), to: SQLBind(GiftDeclarationState.decided))
                .set(SQLIdentifier("decision_sealed"), to: SQLBind(sealedDecision))
                .set(SQLIdentifier("decided_by"), to: SQLBind(deciderID))
                .set(SQLIdentifier("decided_at"), to: SQLBind(now))
            for (column, value) in columns { update = update.set(SQLIdentifier(column), to: SQLBind(value)) }
            let claimed = try await update
                .where(SQLIdentifier("id"), .equal, SQLBind(id))
                .where(SQLIdentifier("state"), .equal, SQLBind(GiftDeclarationState.open))
                .returning(SQLIdentifier("id"))
                .all()
            guard !claimed.isEmpty else { throw Refusal("register.error.decidedAlready") }
            try await AuditLog.append(on: tx, actor: actor, action: .declarationDecide, subject: subject, now: now)
        }
    }
}
