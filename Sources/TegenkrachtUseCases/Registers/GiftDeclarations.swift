import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

// Employees declare gifts, services, discounts and invitations; their line manager decides; the
// integrity coordinator sees the whole register (issue 14; woo-besluit §4.1 L1167-1232).

/// An employee declares: checked against the rules in force on the day of the gift, sent to their
/// line manager from the organisation model, stored with its audit entry in one unit of work.
package enum DeclareGift {
    @discardableResult
    package static func run(declarantID: String, declaration: GiftDeclaration, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws -> UUID {
        var declaration = declaration
        declaration.giver = declaration.giver.trimmingCharacters(in: .whitespacesAndNewlines)
        declaration.occasion = declaration.occasion.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = declaration.problems(today: app.today).first { throw Refusal(problem) }
        guard declaration.giver.count <= 500, declaration.occasion.count <= 2000 else { throw Refusal("portal.error.tooLong") }
        guard let rules = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: declaration.date) else {
            throw Refusal("register.error.noRules")
        }
        let organisation = try await app.organisationStore.current(on: db)
        guard let manager = organisation?.lineManagers(of: declarantID, on: app.today).first else {
            throw Refusal("register.error.noManager")
        }
        let id = UUID()
        let sealed = try app.keyVault.seal(try JSONEncoder().encode(declaration), for: .declaration(id))
        let flags = declaration.flags(under: rules).map(\.rawValue).joined(separator: ",")
        let stored = declaration
        return try await UnitOfWork.run(db) { tx in
            let declaration = stored
            let now = app.clock.now
            let record = GiftDeclarationRecord()
            record.id = id
            record.declarantID = declarantID
            record.managerID = manager.id
            record.kind = declaration.kind.rawValue
            record.valueCents = declaration.valueCents
            record.giftDate = declaration.date.iso
            record.timing = declaration.timing.rawValue
            record.flags = flags
            record.declarationSealed = sealed
            record.state = GiftDeclarationState.open
            record.createdAt = now
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .declarationCreate, subject: "declaration:\(id)", now: now)
            return id
        }
    }
}

package enum GiftDeclarationState {
    package static let open = "open"
    package static let decided = "besloten"
}

/// The manager named on the declaration decides, once: the state changes in one statement, so of
/// two decisions sent at once exactly one counts; anyone else is answered "not found".
package enum DecideGift {
    package static func run(id: UUID, decision: GiftDecision, deciderID: String, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws {
        guard let record = try await GiftDeclarationRecord.find(id, on: db), record.managerID == deciderID else { throw NotFound() }
        let vault = try app.keyVault
        let declaration = try JSONDecoder().decode(GiftDeclaration.self, from: try vault.open(record.declarationSealed, for: .declaration(id)))
        guard let rules = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: declaration.date) else {
            throw Refusal("register.error.noRules")
        }
        var decision = decision
        decision.reason = decision.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        decision.conditions = decision.conditions.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = decision.problems(for: declaration, under: rules).first { throw Refusal(problem) }
        guard decision.reason.count <= 4000, decision.conditions.count <= 4000 else { throw Refusal("portal.error.tooLong") }
        let sealed = try vault.seal(try JSONEncoder().encode(decision), for: .declarationDecision(id))
        let outcome = decision.outcome.rawValue
        let surrender = decision.surrender?.rawValue
        try await DeclarationDecisionStore.record(
            table: GiftDeclarationRecord.schema, id: id, subject: "declaration:\(id)", sealedDecision: sealed, deciderID: deciderID,
            columns: { $0.set(SQLIdentifier("outcome"), to: SQLBind(outcome)).set(SQLIdentifier("surrender"), to: SQLBind(surrender)) },
            by: actor, app: app, db: db)
    }
}

/// What a person may read of the staff register, need-to-know: their own declarations, those they
/// decide on as line manager, and (the integrity coordinator) all of them. Every read is audited.
package enum GiftRegister {
    package struct Item: Sendable {
        package let id: UUID
        package let declarantID: String
        package let managerID: String
        package let declaration: GiftDeclaration
        package let flags: [GiftDeclaration.Flag]
        package let decided: Bool
        package let decision: GiftDecision?
        package let createdAt: Date
    }

    package struct View: Sendable {
        package var own: [Item] = []
        package var toDecide: [Item] = []
        /// Only for the integrity coordinator: nil for everyone else.
        package var all: [Item]?
    }

    package static let pageSize = 200

    package static func load(for personID: String, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws -> View {
        let organisation = try await app.organisationStore.current(on: db)
        let coordinator = organisation?.keepsIntegrityRegister(personID, on: app.today) == true
        let vault = try app.keyVault
        func items(_ records: [GiftDeclarationRecord]) throws -> [Item] { try records.map { try item($0, vault: vault) } }
        var view = View()
        view.own = try items(try await GiftDeclarationRecord.query(on: db).filter(\.$declarantID == personID)
            .sort(\.$createdAt, .descending).limit(pageSize).all())
        view.toDecide = try items(try await GiftDeclarationRecord.query(on: db).filter(\.$managerID == personID)
            .sort(\.$state, .descending).sort(\.$createdAt, .descending).limit(pageSize).all())
        if coordinator {
            view.all = try items(try await GiftDeclarationRecord.query(on: db).sort(\.$createdAt, .descending).limit(pageSize).all())
        }
        let scope = DeclarationAccess.scope(coordinator: coordinator, deciding: !view.toDecide.isEmpty)
        try await AuditLog.append(on: db, actor: actor, action: .declarationRegisterView, subject: "declarations:\(scope)", now: app.clock.now)
        return view
    }

    /// One declaration, for its declarant, its manager or the coordinator; anyone else: not found.
    package static func one(_ id: UUID, for personID: String, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws -> Item {
        guard let record = try await GiftDeclarationRecord.find(id, on: db) else { throw NotFound() }
        guard try await DeclarationAccess.mayRead(declarantID: record.declarantID, managerID: record.managerID, personID: personID,
                                                  app: app, db: db) else { throw NotFound() }
        try await AuditLog.append(on: db, actor: actor, action: .declarationView, subject: "declaration:\(id)", now: app.clock.now)
        return try item(record, vault: try app.keyVault)
    }

    static func item(_ record: GiftDeclarationRecord, vault: KeyVault) throws -> Item {
        let id = try record.requireID()
        let declaration = try JSONDecoder().decode(GiftDeclaration.self, from: try vault.open(record.declarationSealed, for: .declaration(id)))
        let decision = try record.decisionSealed.map {
            try JSONDecoder().decode(GiftDecision.self, from: try vault.open($0, for: .declarationDecision(id)))
        }
        return Item(id: id, declarantID: record.declarantID, managerID: record.managerID, declaration: declaration,
                    flags: record.flags.split(separator: ",").compactMap { GiftDeclaration.Flag(rawValue: String($0)) },
                    decided: record.state == GiftDeclarationState.decided, decision: decision, createdAt: record.createdAt)
    }
}
