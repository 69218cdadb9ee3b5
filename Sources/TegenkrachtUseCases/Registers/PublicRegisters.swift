import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

// The MPs' public registers (issue 14; woo-besluit L4313-4345; RvO art. 150a): a member, or the
// Griffie on their behalf, submits; the Griffie checks and publishes; every change is a new version
// with its publication day, so the register reads as it stood on any day.

/// What a member (or the Griffie) submits: a new entry, a change to one, or its removal.
package struct RegisterSubmission: Sendable {
    package var memberID: String
    /// The entry changed or removed; nil for a new one.
    package var entryID: UUID?
    package var kind: PublicRegister.Kind
    package var description: String
    package var paid: Bool?
    package var removed: Bool
    /// An income statement for a calendar year (side activities only).
    package var incomeYear: Int?
    package var incomeCents: Int?

    package init(memberID: String, entryID: UUID? = nil, kind: PublicRegister.Kind, description: String, paid: Bool? = nil,
                 removed: Bool = false, incomeYear: Int? = nil, incomeCents: Int? = nil) {
        self.memberID = memberID
        self.entryID = entryID
        self.kind = kind
        self.description = description
        self.paid = paid
        self.removed = removed
        self.incomeYear = incomeYear
        self.incomeCents = incomeCents
    }
}

package enum SubmitRegisterEntry {
    /// Returns the new version's id. Only the member themselves or a keeper of the registers may submit.
    @discardableResult
    package static func run(_ submission: RegisterSubmission, submitterID: String, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws -> UUID {
        let organisation = try await app.organisationStore.current(on: db)
        let today = app.today
        guard let organisation, organisation.isMemberOfParliament(submission.memberID) else { throw Refusal("register.error.member") }
        guard submitterID == submission.memberID || organisation.keepsPublicRegisters(submitterID, on: today)
            || organisation.membersAssisted(by: submitterID).contains(where: { $0.id == submission.memberID }) else { throw NotFound() }
        let description = submission.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.isEmpty && !submission.removed { throw Refusal("register.error.description") }
        guard description.count <= 2000 else { throw Refusal("portal.error.tooLong") }
        var income: IncomeStatement?
        if submission.incomeYear != nil || submission.incomeCents != nil {
            guard let year = submission.incomeYear, let cents = submission.incomeCents,
                  (1900...9999).contains(year) else { throw Refusal("register.error.income") }
            let statement = IncomeStatement(member: submission.memberID, year: year, amountCents: cents, submittedOn: today)
            if let problem = statement.problems().first { throw Refusal(problem) }
            income = statement
        }
        let kind: PublicRegister.Kind
        if let entryID = submission.entryID {
            guard let entry = try await RegisterEntryRecord.find(entryID, on: db), entry.memberID == submission.memberID,
                  let known = PublicRegister.Kind(rawValue: entry.kind) else { throw NotFound() }
            kind = known
        } else if submission.removed {
            throw Refusal("register.error.removeUnknown")
        } else {
            kind = submission.kind
        }
        if income != nil && kind != .sideActivity { throw Refusal("register.error.income") }
        let statement = income
        let entryID = submission.entryID ?? UUID()
        let versionID = UUID()
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            if submission.entryID == nil {
                let entry = RegisterEntryRecord()
                entry.id = entryID
                entry.memberID = submission.memberID
                entry.kind = kind.rawValue
                entry.createdAt = now
                try await entry.create(on: tx)
            }
            let version = RegisterVersionRecord()
            version.id = versionID
            version.entryID = entryID
            version.memberID = submission.memberID
            version.kind = kind.rawValue
            version.description = description
            version.paid = kind == .sideActivity ? submission.paid : nil
            version.incomeYear = statement?.year
            version.incomeCents = statement?.amountCents
            version.incomeLate = statement?.isLate ?? false
            version.removed = submission.removed
            version.submittedBy = submitterID
            version.submittedOn = today.iso
            version.submittedAt = now
            try await version.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .registerSubmit, subject: "register-version:\(versionID)", now: now)
        }
        return versionID
    }
}

/// The Griffie publishes a submitted version on today's date, once (one statement: of two clicks one counts).
package enum PublishRegisterVersion {
    package static func run(versionID: UUID, keeperID: String, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        let organisation = try await app.organisationStore.current(on: db)
        guard organisation?.keepsPublicRegisters(keeperID, on: app.today) == true else { throw NotFound() }
        try await UnitOfWork.run(db) { tx in
            guard let sql = tx as? any SQLDatabase else { throw StoreFault.notSQL }
            guard let version = try await RegisterVersionRecord.find(versionID, on: tx) else { throw NotFound() }
            // A change submitted before one already published would bring the old text back: refused.
            if version.publishedOn == nil,
               try await RegisterVersionRecord.query(on: tx).filter(\.$entryID == version.entryID).filter(\.$publishedOn != nil)
                .filter(\.$submittedAt > version.submittedAt).count() > 0 {
                throw Refusal("register.error.superseded")
            }
            let now = app.clock.now
            let claimed = try await sql.update(RegisterVersionRecord.schema)
                .set(SQLIdentifier("published_on"), to: SQLBind(app.today.iso))
                .set(SQLIdentifier("published_by"), to: SQLBind(keeperID))
                .set(SQLIdentifier("published_at"), to: SQLBind(now))
                .where(SQLIdentifier("id"), .equal, SQLBind(versionID))
                .where(SQLIdentifier("published_on"), .is, SQLLiteral.null)
                .returning(SQLIdentifier("id"))
                .all()
            guard !claimed.isEmpty else {
                guard try await RegisterVersionRecord.find(versionID, on: tx) != nil else { throw NotFound() }
                throw Refusal("register.error.publishedAlready")
            }
            // Every instance's cache of the published registers reloads on this (`PublishedRegisterCache`).
            try await sql.raw("UPDATE register_generation SET value = value + 1 WHERE id = 1").run()
            try await AuditLog.append(on: tx, actor: actor, action: .registerPublish, subject: "register-version:\(versionID)", now: now)
        }
    }
}

/// Reading the published registers: public, no login, nothing logged about the reader.
package enum PublicRegisterStore {
    /// The published registers (optionally one member's or one register), from memory.
    package static func register(member: String? = nil, kind: PublicRegister.Kind? = nil,
                                 app: any ServiceContext, db: any Database) async throws -> PublicRegister {
        subset(try await app.services.publishedRegisters.current(db: db), member: member, kind: kind)
    }

    /// One member's entries, or one register's, or all, from a snapshot.
    package static func subset(_ snapshot: PublishedRegisterCache.Snapshot, member: String?, kind: PublicRegister.Kind?) -> PublicRegister {
        let entries: [PublicRegister.Entry]
        if let member { entries = snapshot.byMember[member] ?? [] }
        else if let kind { entries = snapshot.byKind[kind] ?? [] }
        else { return snapshot.register }
        return PublicRegister(entries: entries.filter { (member == nil || $0.member == member) && (kind == nil || $0.kind == kind) })
    }

    /// Every published version, in publication order.
    package static func loadPublished(db: any Database) async throws -> PublicRegister {
        register(from: try await RegisterVersionRecord.query(on: db).filter(\.$publishedOn != nil)
            .sort(\.$publishedOn).sort(\.$publishedAt).all())
    }

    package static func register(from rows: [RegisterVersionRecord]) -> PublicRegister {
        var order: [UUID] = []
        var entries: [UUID: PublicRegister.Entry] = [:]
        for row in rows {
            guard let published = row.publishedOn.flatMap(LocalDate.init(iso:)),
                  let kind = PublicRegister.Kind(rawValue: row.kind) else { continue }
            var income: IncomeStatement?
            if let year = row.incomeYear, let cents = row.incomeCents, let submitted = LocalDate(iso: row.submittedOn) {
                income = IncomeStatement(member: row.memberID, year: year, amountCents: cents, submittedOn: submitted)
            }
            let version = PublicRegister.Version(published: published, description: row.description, paid: row.paid,
                                                 removed: row.removed, income: income)
            if entries[row.entryID] == nil {
                order.append(row.entryID)
                entries[row.entryID] = PublicRegister.Entry(id: row.entryID.uuidString.lowercased(), member: row.memberID, kind: kind, versions: [])
            }
            entries[row.entryID]?.versions.append(version)
        }
        return PublicRegister(entries: order.compactMap { entries[$0] })
    }

    /// Something made from the published registers (an open-data answer, a page's ordered lines), made
    /// once per publication and key and shared by every reader until the next publication.
    package static func madeOnce<Value: Sendable>(_ key: String, app: any ServiceContext, db: any Database,
                                                  make: @Sendable (PublishedRegisterCache.Snapshot) throws -> Value) async throws -> Value {
        let cache = try app.services.publishedRegisters
        let snapshot = try await cache.current(db: db)
        if let made = await cache.made(key, generation: snapshot.generation, as: Value.self) { return made }
        let value = try make(snapshot)
        await cache.keep(value, key: key, generation: snapshot.generation)
        return value
    }

    /// Who is late with last year's income statement (`PublicRegister.membersWithoutIncomeStatement`),
    /// counting statements still waiting for the Griffie as sent.
    package static func lateIncomeStatements(year: Int, app: any ServiceContext, db: any Database) async throws -> [String] {
        let register = try await register(kind: .sideActivity, app: app, db: db)
        let submitted = Set(try await pending(db: db).filter { $0.incomeYear == year }.map(\.memberID))
        return register.membersWithoutIncomeStatement(for: year, today: app.today, submitted: submitted)
    }

    /// Versions waiting for the Griffie, oldest first.
    package static func pending(db: any Database) async throws -> [RegisterVersionRecord] {
        try await RegisterVersionRecord.query(on: db).filter(\.$publishedOn == nil).sort(\.$submittedAt).limit(500).all()
    }

    /// Every version of one member's entries, published or not (for the member's own page).
    package static func versions(of member: String, db: any Database) async throws -> [RegisterVersionRecord] {
        try await RegisterVersionRecord.query(on: db).filter(\.$memberID == member).sort(\.$submittedAt, .descending).limit(500).all()
    }
}

/// The published registers in memory (issue 14: 20,000 versions are read on every public page
/// otherwise). Every publication raises the one-row `register_generation` in its transaction, so one
/// primary-key read per request tells whether this instance, or another one on the same database,
/// has published since; then it reloads. Open-data answers are kept per generation, address and day,
/// so a download costs its bytes.
package actor PublishedRegisterCache {
    package struct Snapshot: Sendable {
        package let generation: Int
        package let register: PublicRegister
        /// The same entries by member and by register, so a page reads only its own.
        package let byMember: [String: [PublicRegister.Entry]]
        package let byKind: [PublicRegister.Kind: [PublicRegister.Entry]]

        init(generation: Int, register: PublicRegister) {
            self.generation = generation
            self.register = register
            byMember = Dictionary(grouping: register.entries, by: \.member)
            byKind = Dictionary(grouping: register.entries, by: \.kind)
        }
    }

    /// Entries in force on a day, each with its version, in a page's order.
    package typealias Lines = [(entry: PublicRegister.Entry, version: PublicRegister.Version)]

    private var snapshot: Snapshot?
    /// What was made from this snapshot, by key (`PublicRegisterStore.madeOnce`).
    private var made: [String: any Sendable] = [:]
    private static let madeLimit = 128

    package init() {}

    package func current(db: any Database) async throws -> Snapshot {
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        let row = try await sql.raw("SELECT value FROM register_generation WHERE id = 1").first()
        let generation = try row?.decode(column: "value", as: Int.self) ?? 0
        if let snapshot, snapshot.generation == generation { return snapshot }
        let loaded = Snapshot(generation: generation, register: try await PublicRegisterStore.loadPublished(db: db))
        // Another request may have loaded a newer one meanwhile; keep the newest.
        if let snapshot, snapshot.generation > generation { return snapshot }
        snapshot = loaded
        made = [:]
        return loaded
    }

    /// What was made for this generation and key, if it was made as this type.
    package func made<Value: Sendable>(_ key: String, generation: Int, as: Value.Type) -> Value? {
        made["\(generation)|\(key)"] as? Value
    }

    /// Keeps what was made (outside the actor, so a slow one holds up no other reader).
    package func keep<Value: Sendable>(_ value: Value, key: String, generation: Int) {
        guard generation == snapshot?.generation else { return }
        if made.count >= Self.madeLimit { made = [:] }
        made["\(generation)|\(key)"] = value
    }
}
