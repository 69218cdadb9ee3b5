import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

// Extending a business trip for private purposes (issue 14; woo-besluit §7 L1766-1840; spec 002
// asked before departure, at most the rules' hours, at the start only where allowed, the
// extra costs paid by the traveller, a partner only for a reason of the work; the line manager
// answers in writing, an approval never after the day of departure. Same reviewer flow, audit
// actions and need-to-know as the gift declarations.

package enum RequestTripExtension {
    @discardableResult
    package static func run(declarantID: String, request: TripExtensionRequest, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws -> UUID {
        var request = request
        request.destination = request.destination.trimmingCharacters(in: .whitespacesAndNewlines)
        request.trip.partnerReason = request.trip.partnerReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let rules = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: request.trip.departure) else {
            throw Refusal("register.error.noRules")
        }
        if let problem = request.problems(under: rules, today: app.today).first { throw Refusal(problem) }
        guard request.destination.count <= 1000, (request.trip.partnerReason ?? "").count <= 2000 else { throw Refusal("portal.error.tooLong") }
        let organisation = try await app.organisationStore.current(on: db)
        guard let manager = organisation?.lineManagers(of: declarantID, on: app.today).first else {
            throw Refusal("register.error.noManager")
        }
        let id = UUID()
        let sealed = try app.keyVault.seal(try JSONEncoder().encode(request), for: .declaration(id))
        let stored = request
        return try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let record = TripExtensionRecord()
            record.id = id
            record.declarantID = declarantID
            record.managerID = manager.id
            record.departure = stored.trip.departure.iso
            record.position = stored.trip.position.rawValue
            record.hours = stored.trip.hours
            record.withPartner = stored.trip.partnerReason != nil
            record.requestSealed = sealed
            record.state = GiftDeclarationState.open
            record.createdAt = now
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .declarationCreate, subject: "trip-extension:\(id)", now: now)
            return id
        }
    }
}

/// The manager named on the request answers, once (one conditional UPDATE); anyone else: not found.
package enum DecideTripExtension {
    package static func run(id: UUID, decision: TripExtensionDecision, deciderID: String, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws {
        guard let record = try await TripExtensionRecord.find(id, on: db), record.managerID == deciderID else { throw NotFound() }
        let vault = try app.keyVault
        let request = try JSONDecoder().decode(TripExtensionRequest.self, from: try vault.open(record.requestSealed, for: .declaration(id)))
        var decision = decision
        decision.reason = decision.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = decision.problems(for: request, today: app.today).first { throw Refusal(problem) }
        guard decision.reason.count <= 4000 else { throw Refusal("portal.error.tooLong") }
        let sealed = try vault.seal(try JSONEncoder().encode(decision), for: .declarationDecision(id))
        let approved = decision.approved
        try await DeclarationDecisionStore.record(
            table: TripExtensionRecord.schema, id: id, subject: "trip-extension:\(id)", sealedDecision: sealed, deciderID: deciderID,
            columns: { $0.set(SQLIdentifier("approved"), to: SQLBind(approved)) }, by: actor, app: app, db: db)
    }
}

/// Need-to-know, as for gifts: the traveller, the manager, and the integrity coordinator. Reads are audited.
package enum TripExtensionRegister {
    package struct Item: Sendable {
        package let id: UUID
        package let declarantID: String
        package let managerID: String
        package let request: TripExtensionRequest
        package let decided: Bool
        package let decision: TripExtensionDecision?
        package let decidedAt: Date?
    }

    package struct View: Sendable {
        package var own: [Item] = []
        package var toDecide: [Item] = []
        package var all: [Item]?
    }

    package static func load(for personID: String, by actor: ActorRef, app: any ServiceContext,
                             db: any Database) async throws -> View {
        let coordinator = try await app.organisationStore.current(on: db)?.keepsIntegrityRegister(personID, on: app.today) == true
        let vault = try app.keyVault
        func items(_ records: [TripExtensionRecord]) throws -> [Item] { try records.map { try item($0, vault: vault) } }
        var view = View()
        view.own = try items(try await TripExtensionRecord.query(on: db).filter(\.$declarantID == personID)
            .sort(\.$createdAt, .descending).limit(GiftRegister.pageSize).all())
        view.toDecide = try items(try await TripExtensionRecord.query(on: db).filter(\.$managerID == personID)
            .sort(\.$state, .descending).sort(\.$createdAt, .descending).limit(GiftRegister.pageSize).all())
        if coordinator {
            view.all = try items(try await TripExtensionRecord.query(on: db).sort(\.$createdAt, .descending)
                .limit(GiftRegister.pageSize).all())
        }
        let scope = DeclarationAccess.scope(coordinator: coordinator, deciding: !view.toDecide.isEmpty)
        try await AuditLog.append(on: db, actor: actor, action: .declarationRegisterView, subject: "trip-extensions:\(scope)", now: app.clock.now)
        return view
    }

    package static func one(_ id: UUID, for personID: String, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws -> Item {
        guard let record = try await TripExtensionRecord.find(id, on: db) else { throw NotFound() }
        guard try await DeclarationAccess.mayRead(declarantID: record.declarantID, managerID: record.managerID, personID: personID,
                                                  app: app, db: db) else { throw NotFound() }
        try await AuditLog.append(on: db, actor: actor, action: .declarationView, subject: "trip-extension:\(id)", now: app.clock.now)
        return try item(record, vault: try app.keyVault)
    }

    static func item(_ record: TripExtensionRecord, vault: KeyVault) throws -> Item {
        let id = try record.requireID()
        let request = try JSONDecoder().decode(TripExtensionRequest.self, from: try vault.open(record.requestSealed, for: .declaration(id)))
        let decision = try record.decisionSealed.map {
            try JSONDecoder().decode(TripExtensionDecision.self, from: try vault.open($0, for: .declarationDecision(id)))
        }
        return Item(id: id, declarantID: record.declarantID, managerID: record.managerID, request: request,
                    decided: record.state == GiftDeclarationState.decided, decision: decision, decidedAt: record.decidedAt)
    }
}
