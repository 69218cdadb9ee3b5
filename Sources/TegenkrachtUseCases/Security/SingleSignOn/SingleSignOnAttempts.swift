import Crypto
import FluentKit
import Foundation
import SQLKit

/// The logins sent to the identity provider (issue 17). Each carries a state (bound to the browser by
/// a cookie), a nonce (bound into the ID token) and a PKCE verifier (RFC 7636, S256); each is
/// claimed once, atomically in the database, so a replayed answer or one arriving at another
/// instance twice is refused.
package enum SingleSignOnAttempts {
    /// How long the person may take at the provider.
    package static let lifetime: TimeInterval = 10 * 60

    package struct Started: Sendable {
        package var state: String
        package var nonce: String
        package var codeChallenge: String
    }

    package struct Claimed: Sendable {
        package var nonce: String
        package var codeVerifier: String
    }

    /// Logins under way at once, at most; more means someone is filling the table (`begin` gives nil).
    package static let openLimit = 5_000

    package static func begin(db: any Database, now: Date) async throws -> Started? {
        let state = randomToken()
        let nonce = randomToken()
        let verifier = randomToken()  // 43 characters of the unreserved set, as RFC 7636 §4.1 asks
        let attempt = SingleSignOnAttempt()
        attempt.stateHash = sha256Hex(state)
        attempt.nonce = nonce
        attempt.codeVerifier = verifier
        attempt.createdAt = now
        let made = try await db.transaction { tx -> Bool in
            // Attempts never finished are no use after their lifetime; the table stays small.
            try await SingleSignOnAttempt.query(on: tx).filter(\.$createdAt < now.addingTimeInterval(-lifetime)).delete()
            guard try await SingleSignOnAttempt.query(on: tx).count() < openLimit else { return false }
            try await attempt.create(on: tx)
            return true
        }
        guard made else { return nil }
        return Started(state: state, nonce: nonce, codeChallenge: codeChallenge(for: verifier))
    }

    /// The attempt with this state if it is unused and recent, marked used; nil otherwise (also for the
    /// second of two requests that arrive at once).
    package static func claim(state: String, db: any Database, now: Date) async throws -> Claimed? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let rows = try await sql.update(SingleSignOnAttempt.schema)
            .set(SQLIdentifier("used_at"), to: SQLBind(now))
            .where(SQLIdentifier("state_hash"), .equal, SQLBind(sha256Hex(state)))
            .where(SQLIdentifier("used_at"), .is, SQLLiteral.null)
            .where(SQLIdentifier("created_at"), .greaterThan, SQLBind(now.addingTimeInterval(-lifetime)))
            .returning(SQLIdentifier("nonce"), SQLIdentifier("code_verifier"))
            .all()
        guard rows.count == 1 else { return nil }
        return Claimed(nonce: try rows[0].decode(column: "nonce", as: String.self),
                       codeVerifier: try rows[0].decode(column: "code_verifier", as: String.self))
    }

    /// RFC 7636 §4.2: base64url(SHA-256(verifier)).
    package static func codeChallenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
    }

    /// The account linked to the provider's subject; nil when there is none (no account is made).
    package static func account(issuer: String, subject: String, db: any Database) async throws -> StaffUser? {
        try await StaffSSOLink.query(on: db).filter(\.$issuer == issuer).filter(\.$subject == subject)
            .with(\.$user).first()?.user
    }

    /// Links an account to a subject, replacing the account's earlier link; audited.
    package static func link(_ user: StaffUser, issuer: String, subject: String, db: any Database, now: Date) async throws {
        let userID = try user.requireID()
        try await db.transaction { tx in
            try await StaffSSOLink.query(on: tx).filter(\.$user.$id == userID).delete()
            try await StaffSSOLink.query(on: tx).filter(\.$issuer == issuer).filter(\.$subject == subject).delete()
            try await StaffSSOLink(userID: userID, issuer: issuer, subject: subject, now: now).create(on: tx)
            try await AuditLog.append(on: tx, actor: .system, action: .staffSSOLink, subject: "staff:\(userID)", now: now)
        }
    }
}
