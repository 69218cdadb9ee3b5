import Crypto
import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

// Asking to be called back without writing down what happened (issue 15: "a person can be reached").

/// The people a call-back can be asked from: the confidential advisors, the committee's secretary and
/// the central point's officer, as the organisation model has them today, and only those with an
/// active staff account (someone without one would never see the request, while the page says they
/// will call).
package enum CallbackRecipients {
    package static let roles: [FunctionaryRole] = [.confidentialAdvisorUnwantedBehaviour, .confidentialAdvisorIntegrity,
                                                   .complaintsCommitteeSecretary, .centralReportingOfficer]

    package static func people(_ organisation: Organisation?, on date: LocalDate,
                               db: any Database) async throws -> [(person: Person, role: FunctionaryRole)] {
        guard let organisation else { return [] }
        let reachable = Set(try await StaffUser.query(on: db).filter(\.$disabledAt == nil).all().compactMap(\.personID))
        var seen: Set<String> = []
        return roles.flatMap { role in organisation.holders(of: role, on: date).map { (person: $0.person, role: role) } }
            .filter { reachable.contains($0.person.id) && seen.insert($0.person.id).inserted }
    }
}

/// The caller's number as a key for limits: a keyed hash (the blind-index key, never stored with the
/// data), of the digits only, with a Dutch country code written as the leading 0, so "06 12345678",
/// "06-12345678" and "+31 6 12345678" are one caller.
package enum CallbackPhone {
    package static func index(_ phone: String, key: SymmetricKey) -> String {
        // "+31 (0)6 …" is written with a 0 that is not dialled.
        var digits = ContactDetails.dialable(phone.replacingOccurrences(of: "(0)", with: ""))
        if digits.hasPrefix("+") { digits = "00" + digits.dropFirst() }
        if digits.hasPrefix("0031") { digits = "0" + digits.dropFirst(4) }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("callback-phone:" + digits).utf8), using: key)
        return Data(mac).base64EncodedString()
    }
}

/// Someone asks to be called back: the request (its details sealed) and the audit entry, in one unit
/// of work. Nothing about what happened is asked or stored.
///
/// The form has no account behind it and everyone in the building shares one address, so the limit
/// rests on the caller's number: one open request per number and person (the database's unique
/// index; the same request again is the one already there, with the same answer as a new one). A
/// person has at most `openLimit` open requests (the page then says to call them directly). There is
/// deliberately no limit on how many people one number asks: its refusal would tell a stranger who
/// knows the number whom its owner asked (the review of issue 15).
package enum RequestCallback {
    package static let openLimit = 50

    @discardableResult
    package static func run(personID: String, details raw: CallbackDetails, app: any ServiceContext, db: any Database) async throws -> UUID {
        let organisation = try await app.organisationStore.current(on: db)
        guard try await CallbackRecipients.people(organisation, on: app.today, db: db).contains(where: { $0.person.id == personID }) else {
            throw Refusal("callback.error.person")
        }
        func clean(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        let details = CallbackDetails(name: clean(raw.name), phone: clean(raw.phone), when: clean(raw.when))
        guard ContactDetails.isPhoneNumber(details.phone) else { throw Refusal("callback.error.phone") }
        guard ContactDetails.isShortText(details.name), ContactDetails.isShortText(details.when) else { throw Refusal("portal.error.tooLong") }
        let id = UUID()
        let sealed = try app.keyVault.seal(try JSONEncoder().encode(details), for: .callback(id))
        let phoneIndex = CallbackPhone.index(details.phone, key: try app.keyVault.blindIndexKey)
        @Sendable func earlier(on db: any Database) async throws -> UUID? {
            try await CallbackRequest.query(on: db).filter(\.$personID == personID).filter(\.$phoneIndex == phoneIndex).first()?.id
        }
        do {
            return try await UnitOfWork.run(db) { tx in
                // The same request again (a double click, a page sent twice) is the one already there.
                if let known = try await earlier(on: tx) { return known }
                guard try await CallbackRequest.query(on: tx).filter(\.$personID == personID).filter(\.$doneAt == nil).count() < openLimit else {
                    throw Refusal("callback.error.full")
                }
                let now = app.clock.now
                let request = CallbackRequest()
                request.id = id
                request.personID = personID
                request.detailsSealed = sealed
                request.phoneIndex = phoneIndex
                request.createdAt = now
                try await request.create(on: tx)
                try await AuditLog.append(on: tx, actor: .reporter, action: .callbackRequest, subject: "callback:\(id)", now: now)
                return id
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Two posts of the same request at once: the unique index let one through; this is it.
            if let known = try await earlier(on: db) { return known }
            throw error
        }
    }
}

/// The open call-back requests addressed to one person, oldest first.
package enum OpenCallbacks {
    package struct Item: Sendable {
        package let id: UUID
        package let details: CallbackDetails
        package let createdAt: Date
    }

    package static func load(for personID: String, app: any ServiceContext, db: any Database) async throws -> [Item] {
        let vault = try app.keyVault
        return try await CallbackRequest.query(on: db).filter(\.$personID == personID).filter(\.$doneAt == nil)
            .sort(\.$createdAt).all().compactMap { request in
                guard let id = request.id, let sealed = request.detailsSealed else { return nil }
                let details = try JSONDecoder().decode(CallbackDetails.self, from: try vault.open(sealed, for: .callback(id)))
                return Item(id: id, details: details, createdAt: request.createdAt)
            }
    }
}

/// The person asked marks the call done: the name and number are erased at once (one statement, so
/// of two clicks one counts), and the audit log says who called back when.
package enum CompleteCallback {
    package static func run(id: UUID, personID: String, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StoreFault.notSQL }
            let now = app.clock.now
            let claimed = try await sql.update(CallbackRequest.schema)
                .set(SQLIdentifier("done_at"), to: SQLBind(now))
                .set(SQLIdentifier("details_sealed"), to: SQLLiteral.null)
                .set(SQLIdentifier("phone_index"), to: SQLLiteral.null)
                .where(SQLIdentifier("id"), .equal, SQLBind(id))
                .where(SQLIdentifier("person_id"), .equal, SQLBind(personID))
                .where(SQLIdentifier("done_at"), .is, SQLLiteral.null)
                .returning(SQLIdentifier("id"))
                .all()
            guard !claimed.isEmpty else {
                // Marked done already by this person (a double click): done; anyone else's: not found.
                let mine = try await CallbackRequest.query(on: tx).filter(\.$id == id).filter(\.$personID == personID)
                    .filter(\.$doneAt != nil).count()
                if mine > 0 { return }
                throw NotFound()
            }
            try await AuditLog.append(on: tx, actor: actor, action: .callbackDone, subject: "callback:\(id)", now: now)
        }
    }
}
