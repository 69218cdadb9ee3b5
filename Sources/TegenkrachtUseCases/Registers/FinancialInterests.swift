import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

// Officials declare their financial interests to their line manager, who assesses them with the
// official; a declaration with a sign of harm to the service is flagged for that decision; the
// integrity coordinator sees the whole register and HR of the employer the declarations made in its
// risk functions (issue 14; woo-besluit §4.4 L1300-1317, spec 002 ).

package enum DeclareFinancialInterest {
    @discardableResult
    package static func run(declarantID: String, declaration: FinancialInterestDeclaration, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws -> UUID {
        var declaration = declaration
        declaration.subject = declaration.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        declaration.explanation = declaration.explanation.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = declaration.problems().first { throw Refusal(problem) }
        guard declaration.subject.count <= 500, declaration.explanation.count <= 4000 else { throw Refusal("portal.error.tooLong") }
        let organisation = try await app.organisationStore.current(on: db)
        guard let manager = organisation?.lineManagers(of: declarantID, on: app.today).first else {
            throw Refusal("register.error.noManager")
        }
        let riskFunction = organisation?.riskFunction(of: declarantID, on: app.today)
        let id = UUID()
        let sealed = try app.keyVault.seal(try JSONEncoder().encode(declaration), for: .declaration(id))
        let stored = declaration
        return try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let record = FinancialInterestRecord()
            record.id = id
            record.declarantID = declarantID
            record.managerID = manager.id
            record.riskFunction = riskFunction?.id
            record.employer = riskFunction?.employer
            record.kind = stored.kind.rawValue
            record.holder = stored.holder.rawValue
            record.flagged = stored.flagged
            record.declarationSealed = sealed
            record.state = GiftDeclarationState.open
            record.createdAt = now
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .declarationCreate, subject: "financial-interest:\(id)", now: now)
            return id
        }
    }
}

/// The manager named on the declaration decides, once (one conditional UPDATE); anyone else: not found.
package enum DecideFinancialInterest {
    package static func run(id: UUID, decision: FinancialInterestDecision, deciderID: String, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws {
        guard let record = try await FinancialInterestRecord.find(id, on: db), record.managerID == deciderID else { throw NotFound() }
        var decision = decision
        decision.reason = decision.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        // Measures belong to "allowed with measures" only; typed with another choice they are not kept.
        decision.measures = decision.outcome == .allowedWithMeasures ? decision.measures.trimmingCharacters(in: .whitespacesAndNewlines) : ""
        if let problem = decision.problems().first { throw Refusal(problem) }
        guard decision.reason.count <= 4000, decision.measures.count <= 4000 else { throw Refusal("portal.error.tooLong") }
        let sealed = try app.keyVault.seal(try JSONEncoder().encode(decision), for: .declarationDecision(id))
        let outcome = decision.outcome.rawValue
        try await DeclarationDecisionStore.record(
            table: FinancialInterestRecord.schema, id: id, subject: "financial-interest:\(id)", sealedDecision: sealed, deciderID: deciderID,
            columns: { $0.set(SQLIdentifier("outcome"), to: SQLBind(outcome)) }, by: actor, app: app, db: db)
    }
}

/// Need-to-know: the declarant, the manager, the integrity coordinator, and HR of the employer for
/// what was declared in its risk functions. Reads are audited.
package enum FinancialInterestRegister {
    package struct Item: Sendable {
        package let id: UUID
        package let declarantID: String
        package let managerID: String
        package let riskFunction: String?
        package let declaration: FinancialInterestDeclaration
        package let decided: Bool
        package let decision: FinancialInterestDecision?
        package let createdAt: Date
    }

    package struct View: Sendable {
        package var own: [Item] = []
        package var toDecide: [Item] = []
        /// The coordinator's whole register.
        package var all: [Item]?
        /// HR's: what was declared in the risk functions of the employers it serves.
        package var riskFunctions: [Item]?
    }

    package static func load(for personID: String, by actor: ActorRef, app: any ServiceContext,
                             db: any Database) async throws -> View {
        let organisation = try await app.organisationStore.current(on: db)
        let today = app.today
        let coordinator = organisation?.keepsIntegrityRegister(personID, on: today) == true
        let employers = (organisation?.employers ?? []).map(\.id).filter { organisation?.isHumanResources(personID, for: $0, on: today) == true }
        let vault = try app.keyVault
        func items(_ records: [FinancialInterestRecord]) throws -> [Item] { try records.map { try item($0, vault: vault) } }
        var view = View()
        view.own = try items(try await FinancialInterestRecord.query(on: db).filter(\.$declarantID == personID)
            .sort(\.$createdAt, .descending).limit(GiftRegister.pageSize).all())
        view.toDecide = try items(try await FinancialInterestRecord.query(on: db).filter(\.$managerID == personID)
            .sort(\.$state, .descending).sort(\.$createdAt, .descending).limit(GiftRegister.pageSize).all())
        if coordinator {
            view.all = try items(try await FinancialInterestRecord.query(on: db).sort(\.$createdAt, .descending)
                .limit(GiftRegister.pageSize).all())
        } else if !employers.isEmpty {
            view.riskFunctions = try items(try await FinancialInterestRecord.query(on: db).filter(\.$employer ~~ employers)
                .sort(\.$createdAt, .descending).limit(GiftRegister.pageSize).all())
        }
        let scope = DeclarationAccess.scope(coordinator: coordinator, deciding: !view.toDecide.isEmpty,
                                            humanResources: view.riskFunctions != nil)
        try await AuditLog.append(on: db, actor: actor, action: .declarationRegisterView, subject: "financial-interests:\(scope)", now: app.clock.now)
        return view
    }

    package static func one(_ id: UUID, for personID: String, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws -> Item {
        guard let record = try await FinancialInterestRecord.find(id, on: db) else { throw NotFound() }
        guard try await DeclarationAccess.mayRead(declarantID: record.declarantID, managerID: record.managerID, personID: personID,
                                                  humanResourcesFor: record.employer, app: app, db: db) else { throw NotFound() }
        try await AuditLog.append(on: db, actor: actor, action: .declarationView, subject: "financial-interest:\(id)", now: app.clock.now)
        return try item(record, vault: try app.keyVault)
    }

    static func item(_ record: FinancialInterestRecord, vault: KeyVault) throws -> Item {
        let id = try record.requireID()
        let declaration = try JSONDecoder().decode(FinancialInterestDeclaration.self,
                                                   from: try vault.open(record.declarationSealed, for: .declaration(id)))
        let decision = try record.decisionSealed.map {
            try JSONDecoder().decode(FinancialInterestDecision.self, from: try vault.open($0, for: .declarationDecision(id)))
        }
        return Item(id: id, declarantID: record.declarantID, managerID: record.managerID, riskFunction: record.riskFunction,
                    declaration: declaration, decided: record.state == GiftDeclarationState.decided, decision: decision,
                    createdAt: record.createdAt)
    }
}
