import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// Onboarding paths offered and completed (issue 18, 6.4.4). The newcomer needs no account: the
/// offer makes a link with a secret, shown once to who offered it; the link opens the path and
/// completing it is one conditional UPDATE. No test, no score: only that it was completed.
package enum OnboardingOffers {
    package struct Offered: Sendable {
        package let id: UUID
        package let token: String
    }

    package struct Offer: Sendable {
        package let id: UUID
        package let name: String
        package let group: OnboardingGroup
        package let fractie: String?
        package let offeredOn: LocalDate
        package let completedOn: LocalDate?
    }

    /// The employers for whose newcomers this person offers paths and sees the offers: every employer
    /// for the integrity coordinator; for HR and a competent authority (a fractie's board) the employers
    /// of those roles. Empty: not at all.
    package static func employers(of personID: String?, in organisation: Organisation?, on day: LocalDate) -> Set<String> {
        guard let personID, let organisation else { return [] }
        let roles = organisation.roles(of: personID, on: day)
        if roles.contains(where: { $0.role == .integrityCoordinator }) { return Set(organisation.employers.map(\.id)) }
        return Set(roles.filter { $0.role == .humanResources || $0.role == .competentAuthority }.compactMap(\.employer))
    }

    package static func offer(name: String, group: OnboardingGroup, employer requested: String?, fractie: String?, personID: String?, by actor: ActorRef,
                              app: any ServiceContext, db: any Database) async throws -> Offered {
        let organisation = try await app.organisationStore.current(on: db)
        let mine = employers(of: personID, in: organisation, on: app.today)
        guard !mine.isEmpty, case .staff(let userID) = actor else { throw NotFound() }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw Refusal("onboarding.error.name") }
        guard name.count <= 200 else { throw Refusal("portal.error.tooLong") }
        let fractie = fractie.flatMap { $0.isEmpty ? nil : $0 }
        // A fractie's staff are employed by its foundation: the fractie decides the employer.
        let employer: String
        if let fractie {
            guard let found = organisation?.fracties.first(where: { $0.id == fractie }) else { throw Refusal("onboarding.error.fractie") }
            employer = found.employer
        } else {
            guard let chosen = requested.flatMap({ $0.isEmpty ? nil : $0 }) ?? (mine.count == 1 ? mine.first : nil) else {
                throw Refusal("onboarding.error.employer")
            }
            employer = chosen
        }
        guard mine.contains(employer) else { throw Refusal("onboarding.error.notYours") }
        guard let version = app.onboarding.version(for: app.tegenkracht.integrityCode, on: app.today),
              app.onboarding.sections(for: group, fractie: fractie, organisation: app.tegenkracht.integrityCode, on: app.today) != nil else {
            throw Refusal("onboarding.error.noPath")
        }
        let id = UUID()
        let token = randomToken()
        let sealed = try app.keyVault.seal(Data(name.utf8), for: .onboardingName(id))
        let today = app.today
        try await UnitOfWork.run(db) { tx in
            let record = OnboardingOfferRecord()
            record.id = id
            record.tokenHash = sha256Hex(token)
            record.group = group.rawValue
            record.employer = employer
            record.fractie = fractie
            record.pathVersion = version.validFrom.iso
            record.nameSealed = sealed
            record.offeredBy = userID
            record.offeredOn = today.iso
            record.offeredYear = today.year
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .onboardingOffer, subject: "onboarding:\(id)", now: app.clock.now)
        }
        return Offered(id: id, token: token)
    }

    /// What the link opens: the path's sections in the version offered, and whether it was completed.
    package static func open(token: String, app: any ServiceContext, db: any Database)
        async throws -> (record: OnboardingOfferRecord, sections: [OnboardingBook.Section]) {
        guard token.count <= 100, let record = try await OnboardingOfferRecord.query(on: db).filter(\.$tokenHash == sha256Hex(token)).first(),
              let group = OnboardingGroup(rawValue: record.group), let offered = LocalDate(iso: record.pathVersion),
              let sections = app.onboarding.sections(for: group, fractie: record.fractie, organisation: app.tegenkracht.integrityCode, on: offered)
        else { throw NotFound() }
        return (record, sections)
    }

    /// Completes the path once: a second press (or a second tab) changes nothing and says it is done.
    package static func complete(token: String, app: any ServiceContext, db: any Database) async throws {
        let (record, _) = try await open(token: token, app: app, db: db)
        let id = try record.requireID()
        let today = app.today.iso
        try await UnitOfWork.run(db) { tx in
            let claimed = try await tx.sqlDatabase.update(OnboardingOfferRecord.schema)
                .set(SQLIdentifier("completed_on"), to: SQLBind(today))
                .where(SQLIdentifier("id"), .equal, SQLBind(id))
                .where(SQLIdentifier("completed_on"), .is, SQLLiteral.null)
                .claimsRow()
            if claimed {
                try await AuditLog.append(on: tx, actor: .system, action: .onboardingComplete, subject: "onboarding:\(id)", now: app.clock.now)
            }
        }
    }

    /// The offers for these employers, newest first, with the name opened.
    package static func all(employers: Set<String>, app: any ServiceContext, db: any Database) async throws -> [Offer] {
        guard !employers.isEmpty else { return [] }
        let vault = try app.keyVault
        return try await OnboardingOfferRecord.query(on: db).filter(\.$employer ~~ Array(employers)).sort(\.$offeredOn, .descending)
            .limit(500).all().compactMap { record in
            guard let id = record.id, let group = OnboardingGroup(rawValue: record.group), let offered = LocalDate(iso: record.offeredOn) else { return nil }
            let name = String(decoding: try vault.open(record.nameSealed, for: .onboardingName(id)), as: UTF8.self)
            return Offer(id: id, name: name, group: group, fractie: record.fractie, offeredOn: offered,
                         completedOn: record.completedOn.flatMap(LocalDate.init(iso:)))
        }
    }

    /// Offered and completed per group in a year, for these employers.
    package static func rates(year: Int, employers: Set<String>, db: any Database) async throws -> [OnboardingGroup: CompletionRate] {
        guard !employers.isEmpty else { return [:] }
        let binds: [any Encodable & Sendable] = Array(employers)
        struct Row: Decodable {
            let g: String
            let n: Int
            let done: Int?
        }
        let rows = try await db.sqlDatabase.raw("""
            SELECT grp AS g, COUNT(*) AS n, SUM(CASE WHEN completed_on IS NOT NULL THEN 1 ELSE 0 END) AS done
            FROM onboarding_offers WHERE offered_year = \(bind: year) AND employer IN (\(binds: binds)) GROUP BY grp
            """).all(decoding: Row.self)
        var rates: [OnboardingGroup: CompletionRate] = [:]
        for row in rows {
            if let group = OnboardingGroup(rawValue: row.g) { rates[group] = CompletionRate(offered: row.n, completed: row.done ?? 0) }
        }
        return rates
    }
}
