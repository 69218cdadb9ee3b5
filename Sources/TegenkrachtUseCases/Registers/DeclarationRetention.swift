import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// Erases staff declarations whose retention period has passed (issue 14: "retention periods are
/// data"): `declarationRetentionYears` after the manager's decision for a gift or a trip extension,
/// and for a side activity or a financial interest that was not allowed; one that was allowed goes on
/// until an end is recorded, so it is kept. A declaration still waiting for a decision is never erased. Run daily by the `declaration-retention` job; each table's erasure and its audit entry
/// (how many, never whose) commit together.
package enum DeclarationRetention {
    package struct Erased: Sendable, Equatable {
        package var gifts = 0
        package var sideActivities = 0
        package var tripExtensions = 0
        package var financialInterests = 0
        package var total: Int { gifts + sideActivities + tripExtensions + financialInterests }
    }

    @discardableResult
    package static func run(app: any ServiceContext, db: any Database) async throws -> Erased {
        guard let years = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: app.today)?.declarationRetentionYears else {
            return Erased()
        }
        // Decided before this moment: kept long enough (calendar years back from now).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = app.tegenkracht.timeZone
        guard let cutoff = calendar.date(byAdding: .year, value: -years, to: app.clock.now) else { return Erased() }
        var erased = Erased()
        erased.gifts = try await erase(GiftDeclarationRecord.schema, "gifts", decidedBefore: cutoff, app: app, db: db)
        erased.tripExtensions = try await erase(TripExtensionRecord.schema, "trip-extensions", decidedBefore: cutoff, app: app, db: db)
        // An allowed side activity or financial interest goes on until an end is recorded (not yet built):
        // it is kept, however old. A ban ends the matter on the day it is decided.
        let onlyBans: @Sendable (SQLPredicateGroupBuilder) -> SQLPredicateGroupBuilder = {
            $0.where(SQLIdentifier("outcome"), .equal, SQLBind(SideActivityDecision.Outcome.forbidden.rawValue))
        }
        erased.financialInterests = try await erase(FinancialInterestRecord.schema, "financial-interests", decidedBefore: cutoff,
                                                    app: app, db: db, also: onlyBans)
        erased.sideActivities = try await erase(SideActivityRecord.schema, "side-activities", decidedBefore: cutoff, app: app, db: db,
                                                also: onlyBans)
        return erased
    }

    private static func erase(_ table: String, _ name: String, decidedBefore cutoff: Date, app: any ServiceContext, db: any Database,
                              also: (@Sendable (SQLPredicateGroupBuilder) -> SQLPredicateGroupBuilder)? = nil) async throws -> Int {
        try await UnitOfWork.run(db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StoreFault.notSQL }
            var delete = sql.delete(from: table)
                .where(SQLIdentifier("state"), .equal, SQLBind(GiftDeclarationState.decided))
                .where(SQLIdentifier("decided_at"), .lessThan, SQLBind(cutoff))
            if let also { delete = delete.where(group: also) }
            let rows = try await delete.returning(SQLIdentifier("id")).all()
            if !rows.isEmpty {
                try await AuditLog.append(on: tx, actor: .system, action: .declarationErase, subject: "\(name):\(rows.count)", now: app.clock.now)
            }
            return rows.count
        }
    }
}
