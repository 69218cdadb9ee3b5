import FluentKit
import Foundation
import TegenkrachtCore

/// The stored versions of the organisation, and the one in force.
///
/// Parsed documents are cached by version number; the cache is only a shortcut, the database is the
/// truth, so several instances of the service see each other's new versions.
package actor OrganisationStore {
    private var cache: [Int: Organisation] = [:]
    private let timeZone: TimeZone
    private let clock: any WallClock

    package init(timeZone: TimeZone, clock: any WallClock) {
        self.timeZone = timeZone
        self.clock = clock
    }

    /// The version in force today: the newest whose `validFrom` has arrived, else the oldest stored
    /// (an organisation configured ahead of its start date still has to be shown to its administrators).
    package func current(on db: any Database) async throws -> Organisation? {
        try await inForce(on: clock.today(in: timeZone), db: db)?.organisation
    }

    package func inForce(on date: LocalDate, db: any Database) async throws -> (number: Int, organisation: Organisation)? {
        let row = try await OrganisationVersion.query(on: db)
            .filter(\.$validFrom <= date.iso)
            .sort(\.$validFrom, .descending).sort(\.$number, .descending).first()
        let chosen: OrganisationVersion?
        if let row {
            chosen = row
        } else {
            chosen = try await OrganisationVersion.query(on: db).sort(\.$number, .ascending).first()
        }
        guard let chosen else { return nil }
        return (chosen.number, try parsed(chosen))
    }

    package func versions(on db: any Database) async throws -> [(number: Int, validFrom: String, note: String?, createdAt: Date?)] {
        try await OrganisationVersion.query(on: db).sort(\.$number, .descending).all()
            .map { ($0.number, $0.validFrom, $0.note, $0.createdAt) }
    }

    package func document(number: Int, on db: any Database) async throws -> String? {
        try await OrganisationVersion.query(on: db).filter(\.$number == number).first()?.document
    }

    /// Stores a validated organisation as a new version and records it in the audit log.
    @discardableResult
    package func save(_ organisation: Organisation, by actor: ActorRef, userID: UUID?, note: String?,
              on db: any Database) async throws -> Int {
        let document = String(decoding: OrganisationFile.encode(organisation), as: UTF8.self)
        let number = try await db.transaction { tx in
            let last = try await OrganisationVersion.query(on: tx).sort(\.$number, .descending).first()
            let number = (last?.number ?? 0) + 1
            try await OrganisationVersion(number: number, validFrom: organisation.validFrom.iso, document: document,
                                          createdBy: userID, note: note).create(on: tx)
            return number
        }
        cache[number] = organisation
        try await AuditLog.append(on: db, actor: actor, action: .organisationVersionCreate, subject: "organisation:\(number)", now: clock.now)
        return number
    }

    package func hasAnyVersion(on db: any Database) async throws -> Bool {
        try await OrganisationVersion.query(on: db).count() > 0
    }

    private func parsed(_ row: OrganisationVersion) throws -> Organisation {
        if let cached = cache[row.number] { return cached }
        let organisation = try OrganisationFile.parse(Data(row.document.utf8))
        cache[row.number] = organisation
        return organisation
    }
}
