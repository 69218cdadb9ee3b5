import FluentKit
import Foundation
import SQLKit

/// The manager's decision on any employee's declaration (gift, side activity, trip extension,
/// financial interest), stored once (issue 14): one conditional UPDATE from "open" to "decided" with
/// the sealed decision and the declaration's own columns, then whatever else the decision writes,
/// and the audit entry, in one unit of work. Of two decisions sent at once exactly one counts; the
/// other is told it was decided already.
package enum DeclarationDecisionStore {
    /// `columns` sets the declaration's own plain columns on the update (concrete values, bound as such);
    /// `also` writes what goes with the decision in the same transaction (a published line).
    package static func record(table: String, id: UUID, subject: String, sealedDecision: String, deciderID: String,
                               columns: @escaping @Sendable (SQLUpdateBuilder) -> Void,
                               also: (@Sendable (any Database) async throws -> Void)? = nil,
                               by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StoreFault.notSQL }
            let now = app.clock.now
            let update = sql.update(table)
                .set(SQLIdentifier("state"), to: SQLBind(GiftDeclarationState.decided))
                .set(SQLIdentifier("decision_sealed"), to: SQLBind(sealedDecision))
                .set(SQLIdentifier("decided_by"), to: SQLBind(deciderID))
                .set(SQLIdentifier("decided_at"), to: SQLBind(now))
            columns(update)
            let claimed = try await update
                .where(SQLIdentifier("id"), .equal, SQLBind(id))
                .where(SQLIdentifier("state"), .equal, SQLBind(GiftDeclarationState.open))
                .returning(SQLIdentifier("id"))
                .all()
            guard !claimed.isEmpty else { throw Refusal("register.error.decidedAlready") }
            try await also?(tx)
            try await AuditLog.append(on: tx, actor: actor, action: .declarationDecide, subject: subject, now: now)
        }
    }
}
