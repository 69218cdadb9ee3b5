import FluentKit
import Foundation
import SQLKit

/// Answers to aftercare check-ins, from the reporter in the portal or recorded by a handler.
package enum AftercareAnswers {
    /// "ja" or "nee" from a form; nil for anything else.
    package static func yesNo(_ value: String?) -> Bool? {
        switch value {
        case "ja": return true
        case "nee": return false
        default: return nil
        }
    }

    /// Stores an answer; false when the check-in was answered meanwhile. The claim is one statement
    /// (`UPDATE … WHERE answered_at IS NULL`), so two answers sent at once are stored once (issue 16).
    package static func store(_ checkIn: AftercareCheckIn, stopped: Bool, wellbeing: String, crypto: ReportCrypto, db: any Database, at now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let claimed = try await sql.update(AftercareCheckIn.schema)
            .set(SQLIdentifier("answered_at"), to: SQLBind(now))
            .where(SQLIdentifier("id"), .equal, SQLBind(try checkIn.requireID()))
            .where(SQLIdentifier("answered_at"), .is, SQLLiteral.null)
            .returning(SQLIdentifier("id"))
            .all()
        guard !claimed.isEmpty else { return false }
        checkIn.answeredAt = now
        checkIn.stopped = stopped
        if !wellbeing.isEmpty {
            checkIn.wellbeingSealed = try crypto.seal(Data(wellbeing.utf8), purpose: .aftercare(try checkIn.requireID()))
        }
        try await checkIn.save(on: db)
        return true
    }
}
