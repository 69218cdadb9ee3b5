import FluentKit
import NIOConcurrencyHelpers
import Foundation
import TegenkrachtCore

/// The stored versions of the organisation, and the one in force.
///
/// Every public page needs the version in force, and it changes a few times a year: reading its 31 KB
/// document from the database on every request made the pages cost ten times the bare route (issue
/// 17). So the version in force is kept in memory for a day and checked again at most every
/// `freshness` seconds, by reading only the versions' numbers; the document is read and parsed once
/// per version number. The database stays the truth: a version saved by this instance is seen at
/// once, one saved by another instance (or `tegenkracht organisation import`) within `freshness`.
package actor OrganisationStore {
    private var cache: [Int: Organisation] = [:]
    /// The version in force on `date`, as last checked at `checkedAt`.
    private var inForceCache: (date: LocalDate, number: Int, checkedAt: Date)?
    /// Moved on by every save here: a read that began before a save must not put back what it read
    /// (the actor runs other calls while a read waits on the database).
    private var generation = 0
    /// `inForceCache`'s number, readable without a hop onto the actor: every public page's cache key
    /// needs it, and the hop cost more than the rest of serving a stored page (issue 17).
    private nonisolated let snapshot = NIOLockedValueBox<(date: LocalDate, number: Int, checkedAt: Date)?>(nil)
    private let timeZone: TimeZone
    private let clock: any WallClock
    package nonisolated let freshness: TimeInterval

    package init(timeZone: TimeZone, clock: any WallClock, freshness: TimeInterval = 5) {
        self.timeZone = timeZone
        self.clock = clock
        self.freshness = freshness
    }

    /// The version in force today: the newest whose `validFrom` has arrived, else the oldest stored
    /// (an organisation configured ahead of its start date still has to be shown to its administrators).
    package func current(on db: any Database) async throws -> Organisation? {
        try await inForce(on: clock.today(in: timeZone), db: db)?.organisation
    }

    package func inForce(on date: LocalDate, db: any Database) async throws -> (number: Int, organisation: Organisation)? {
        let now = clock.now
        if let known = inForceCache, known.date == date, let organisation = cache[known.number],
           now >= known.checkedAt, now.timeIntervalSince(known.checkedAt) < freshness {
            return (known.number, organisation)
        }
        let started = generation
        // Only the numbers and dates: the document is read when its number is new to this instance.
        let row = try await OrganisationVersion.query(on: db).field(\.$number).field(\.$validFrom)
            .filter(\.$validFrom <= date.iso)
            .sort(\.$validFrom, .descending).sort(\.$number, .descending).first()
        let chosen: Int?
        if let row {
            chosen = row.number
        } else {
            chosen = try await OrganisationVersion.query(on: db).field(\.$number).sort(\.$number, .ascending).first()?.number
        }
        guard let chosen else { return nil }
        let organisation: Organisation
        if let known = cache[chosen] {
            organisation = known
        } else {
            guard let full = try await OrganisationVersion.query(on: db).filter(\.$number == chosen).first() else { return nil }
            organisation = try parsed(full)
        }
        // `now` is when this read began. A read that began earlier and ends later (another instance
        // saved a version in between) must not put its older answer back over a newer one.
        let newer = inForceCache.map { $0.date != date || $0.checkedAt <= now } ?? true
        if generation == started && newer {
            inForceCache = (date, chosen, now)
            snapshot.withLockedValue { $0 = (date, chosen, now) }
        }
        return (chosen, organisation)
    }

    /// The number of the version in force on `date` when this instance checked it less than
    /// `freshness` ago; nil otherwise (then ask `inForce`, which checks the database).
    package nonisolated func freshNumber(on date: LocalDate) -> Int? {
        let now = clock.now
        return snapshot.withLockedValue { known in
            guard let known, known.date == date, now >= known.checkedAt, now.timeIntervalSince(known.checkedAt) < freshness else { return nil }
            return known.number
        }
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
        let now = clock.now
        // The version and its audit entry: one commit.
        let number = try await UnitOfWork.run(db) { tx in
            let last = try await OrganisationVersion.query(on: tx).field(\.$number).sort(\.$number, .descending).first()
            let number = (last?.number ?? 0) + 1
            try await OrganisationVersion(number: number, validFrom: organisation.validFrom.iso, document: document,
                                          createdBy: userID, note: note).create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .organisationVersionCreate, subject: "organisation:\(number)", now: now)
            return number
        }
        cache[number] = organisation
        // Seen at once by this instance.
        inForceCache = nil
        snapshot.withLockedValue { $0 = nil }
        generation += 1
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
