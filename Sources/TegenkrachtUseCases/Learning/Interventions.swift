import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// Who may do what with the learning agenda (issue 18): the integrity coordinator keeps it; the
/// Voorzitter (for the Presidium) and the works council read it, and the progress overview is made
/// for them.
package enum LearningAccess {
    package static func mayManage(_ personID: String?, in organisation: Organisation?, on day: LocalDate) -> Bool {
        holds(personID, [.integrityCoordinator], organisation, day)
    }

    /// The Voorzitter approves for the Presidium: the year's lessons, the code's adoption.
    package static func mayApprove(_ personID: String?, in organisation: Organisation?, on day: LocalDate) -> Bool {
        holds(personID, [.houseChair], organisation, day)
    }

    package static func mayRead(_ personID: String?, in organisation: Organisation?, on day: LocalDate) -> Bool {
        holds(personID, [.integrityCoordinator, .houseChair, .worksCouncil], organisation, day)
    }

    package static func holds(_ personID: String?, _ roles: Set<FunctionaryRole>, _ organisation: Organisation?, _ day: LocalDate) -> Bool {
        guard let personID, let organisation else { return false }
        return organisation.roles(of: personID, on: day).contains { roles.contains($0.role) }
    }
}

package enum Interventions {
    /// An intervention as stored, with its id and version.
    package struct Stored: Sendable {
        package let id: UUID
        package let intervention: Intervention
        package let version: Int
        package let createdAt: Date
    }

    /// Records an intervention (the coordinator). Saved without indicators too: the page then labels it
    /// symbolic until it has a measure.
    @discardableResult
    package static func create(_ intervention: Intervention, personID: String?, by actor: ActorRef,
                               app: any ServiceContext, db: any Database) async throws -> UUID {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayManage(personID, in: organisation, on: app.today), let organisation else { throw NotFound() }
        var intervention = intervention
        intervention.title = intervention.title.trimmingCharacters(in: .whitespacesAndNewlines)
        intervention.goal = intervention.goal.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = intervention.problems(in: organisation, recommendations: app.recommendations, on: app.today).first {
            throw Refusal(problem)
        }
        guard intervention.title.count <= 300, intervention.goal.count <= 4000 else { throw Refusal("portal.error.tooLong") }
        let indicators = String(decoding: try JSONEncoder().encode(intervention.indicators), as: UTF8.self)
        let stored = intervention
        let id = UUID()
        guard case .staff(let userID) = actor else { throw NotFound() }
        return try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let record = InterventionRecord()
            record.id = id
            record.title = stored.title
            record.recommendations = stored.recommendations.joined(separator: ",")
            record.owner = stored.owner.code
            record.goal = stored.goal
            record.indicators = indicators
            record.intervalMonths = stored.intervalMonths
            record.budgetCents = stored.budgetCents
            record.involved = stored.involved.map(\.code).joined(separator: ",")
            record.startsOn = stored.starts.iso
            record.createdBy = userID
            record.createdAt = now
            record.version = 1
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .learningInterventionCreate, subject: "intervention:\(id)", now: now)
            return id
        }
    }

    /// Adds a reading to a manual indicator.
    package static func addReading(_ reading: ManualFigure.Reading, indicator index: Int, to id: UUID, version: Int?,
                                   personID: String?, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        guard reading.value.isFinite, abs(reading.value) < 1e9 else { throw Refusal("learning.error.value") }
        guard reading.on <= app.today else { throw Refusal("register.error.futureDate") }
        try await changeIndicators(of: id, version: version, personID: personID, audit: .learningReadingAdd, by: actor, app: app, db: db) { indicators in
            guard indicators.indices.contains(index), case .manual(var figure) = indicators[index] else { throw NotFound() }
            guard figure.readings.count < 500 else { throw Refusal("learning.error.tooMany") }
            figure.readings.append(reading)
            indicators[index] = .manual(figure)
        }
    }

    /// Gives an intervention a further measure: how a symbolic one stops being symbolic.
    package static func addIndicator(_ indicator: Indicator, to id: UUID, version: Int?, known: Set<String>,
                                     personID: String?, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        guard indicator.isComplete else { throw Refusal("learning.error.indicator") }
        // A figure not in the catalogue would be a binding broken from the start.
        if case .figure(let figure) = indicator, !known.contains(figure) { throw Refusal("learning.error.indicator") }
        try await changeIndicators(of: id, version: version, personID: personID, audit: .learningIndicatorAdd, by: actor, app: app, db: db) { indicators in
            guard !indicators.contains(indicator) else { throw Refusal("learning.error.indicatorTwice") }
            guard indicators.count < 20 else { throw Refusal("learning.error.tooMany") }
            indicators.append(indicator)
        }
    }

    /// One conditional UPDATE on the version the page showed, with its audit entry: two people changing
    /// the indicators at once never lose a change; the later one is told to look again.
    private static func changeIndicators(of id: UUID, version: Int?, personID: String?, audit: AuditAction, by actor: ActorRef,
                                         app: any ServiceContext, db: any Database,
                                         _ change: (inout [Indicator]) throws -> Void) async throws {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayManage(personID, in: organisation, on: app.today), let current = try await one(id, db: db) else { throw NotFound() }
        var indicators = current.intervention.indicators
        try change(&indicators)
        let json = String(decoding: try JSONEncoder().encode(indicators), as: UTF8.self)
        let expected = version ?? current.version
        try await UnitOfWork.run(db) { tx in
            let claimed = try await tx.sqlDatabase.update(InterventionRecord.schema)
                .set(SQLIdentifier("indicators"), to: SQLBind(json))
                .set(SQLIdentifier("version"), to: SQLBind(expected + 1))
                .where(SQLIdentifier("id"), .equal, SQLBind(id))
                .where(SQLIdentifier("version"), .equal, SQLBind(expected))
                .claimsRow()
            guard claimed else { throw Refusal("learning.error.stale") }
            try await AuditLog.append(on: tx, actor: actor, action: audit, subject: "intervention:\(id)", now: app.clock.now)
        }
    }

    package static func all(db: any Database) async throws -> [Stored] {
        try await InterventionRecord.query(on: db).sort(\.$createdAt).all().compactMap(stored)
    }

    package static func one(_ id: UUID, db: any Database) async throws -> Stored? {
        try await InterventionRecord.find(id, on: db).flatMap(stored)
    }

    /// A row that no longer reads (an owner code of a later version) is left out, not a 500.
    static func stored(_ record: InterventionRecord) -> Stored? {
        guard let id = record.id, let owner = InterventionOwner(code: record.owner), let starts = LocalDate(iso: record.startsOn),
              let indicators = try? JSONDecoder().decode([Indicator].self, from: Data(record.indicators.utf8)) else { return nil }
        let involved = record.involved.split(separator: ",").compactMap { InvolvedPart(code: String($0)) }
        let intervention = Intervention(title: record.title, recommendations: record.recommendations.split(separator: ",").map(String.init),
                                        owner: owner, goal: record.goal, indicators: indicators, intervalMonths: record.intervalMonths,
                                        budgetCents: record.budgetCents, involved: involved, starts: starts)
        return Stored(id: id, intervention: intervention, version: record.version, createdAt: record.createdAt)
    }
}
