import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

// Employees put side activities to their line manager beforehand, with the nine questions; the
// manager allows, allows on conditions or forbids, and sets the day to look again; the integrity
// coordinator sees the whole register (issue 14; woo-besluit §4.5 L1321-1373). The same reviewer
// flow, audit actions and need-to-know as the gift declarations.

package enum DeclareSideActivity {
    @discardableResult
    package static func run(declarantID: String, declaration: SideActivityDeclaration, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws -> UUID {
        var declaration = declaration
        declaration.activity = declaration.activity.trimmingCharacters(in: .whitespacesAndNewlines)
        declaration.organisation = declaration.organisation.trimmingCharacters(in: .whitespacesAndNewlines)
        declaration.explanation = declaration.explanation.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = declaration.problems().first { throw Refusal(problem) }
        guard declaration.activity.count <= 500, declaration.organisation.count <= 500, declaration.explanation.count <= 4000 else {
            throw Refusal("portal.error.tooLong")
        }
        let organisation = try await app.organisationStore.current(on: db)
        guard let manager = organisation?.lineManagers(of: declarantID, on: app.today).first else {
            throw Refusal("register.error.noManager")
        }
        let id = UUID()
        let sealed = try app.keyVault.seal(try JSONEncoder().encode(declaration), for: .declaration(id))
        let stored = declaration
        return try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let record = SideActivityRecord()
            record.id = id
            record.declarantID = declarantID
            record.managerID = manager.id
            record.paid = stored.paid
            record.startDate = stored.startDate.iso
            record.concerns = stored.yes.count
            record.incompatible = stored.incompatibleByLaw
            record.declarationSealed = sealed
            record.state = GiftDeclarationState.open
            record.createdAt = now
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .declarationCreate, subject: "side-activity:\(id)", now: now)
            return id
        }
    }
}

/// The manager named on the declaration decides, once (one conditional UPDATE); anyone else: not found.
package enum DecideSideActivity {
    package static func run(id: UUID, decision: SideActivityDecision, deciderID: String, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws {
        guard let record = try await SideActivityRecord.find(id, on: db), record.managerID == deciderID else { throw NotFound() }
        let vault = try app.keyVault
        let declaration = try JSONDecoder().decode(SideActivityDeclaration.self,
                                                   from: try vault.open(record.declarationSealed, for: .declaration(id)))
        var decision = decision
        decision.reason = decision.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        decision.conditions = decision.conditions.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision.outcome == .forbidden { decision.reassessOn = nil }
        // Conditions belong to "allowed with conditions" only; typed with another choice they are not kept.
        if decision.outcome != .allowedWithConditions { decision.conditions = "" }
        let longest = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: app.today)?.sideActivityReassessmentMaxYears
            ?? SideActivityDecision.longestReassessmentInterval
        if let problem = decision.problems(for: declaration, today: app.today, longestInterval: longest).first {
            throw Refusal(problem, ["years": String(longest)])
        }
        guard decision.reason.count <= 4000, decision.conditions.count <= 4000 else { throw Refusal("portal.error.tooLong") }
        let sealed = try vault.seal(try JSONEncoder().encode(decision), for: .declarationDecision(id))
        let outcome = decision.outcome.rawValue
        let reassessOn = decision.reassessOn?.iso
        // An allowed activity of an official in a designated function is published with the decision (Aw art. 5(1)(c)).
        let designated = decision.outcome == .forbidden ? nil
            : try await app.organisationStore.current(on: db)?.publishedSideActivityFunction(of: record.declarantID, on: app.today)
        let declarantID = record.declarantID
        let today = app.today
        let published: PublishedSideActivity.Fields? = designated.map {
            PublishedSideActivity.Fields(personID: declarantID, functionName: $0.name, activity: declaration.activity,
                                         organisation: declaration.organisation, paid: declaration.paid,
                                         startDate: declaration.startDate.iso, publishedOn: today.iso)
        }
        try await DeclarationDecisionStore.record(
            table: SideActivityRecord.schema, id: id, subject: "side-activity:\(id)", sealedDecision: sealed, deciderID: deciderID,
            columns: { $0.set(SQLIdentifier("outcome"), to: SQLBind(outcome)).set(SQLIdentifier("reassess_on"), to: SQLBind(reassessOn)) },
            also: { tx in try await published?.create(id: id, on: tx) },
            by: actor, app: app, db: db)
    }
}

/// Need-to-know, as for gifts: the declarant, the manager, and the integrity coordinator. Reads are audited.
package enum SideActivityRegister {
    package struct Item: Sendable {
        package let id: UUID
        package let declarantID: String
        package let managerID: String
        package let declaration: SideActivityDeclaration
        package let decided: Bool
        package let decision: SideActivityDecision?
        /// The day to look at it again has come (an allowed activity only).
        package let reassessmentDue: Bool
        package let createdAt: Date
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
        let today = app.today
        func items(_ records: [SideActivityRecord]) throws -> [Item] { try records.map { try item($0, vault: vault, today: today) } }
        var view = View()
        view.own = try items(try await SideActivityRecord.query(on: db).filter(\.$declarantID == personID)
            .sort(\.$createdAt, .descending).limit(GiftRegister.pageSize).all())
        view.toDecide = try items(try await SideActivityRecord.query(on: db).filter(\.$managerID == personID)
            .sort(\.$state, .descending).sort(\.$createdAt, .descending).limit(GiftRegister.pageSize).all())
        if coordinator {
            view.all = try items(try await SideActivityRecord.query(on: db).sort(\.$createdAt, .descending)
                .limit(GiftRegister.pageSize).all())
        }
        let scope = DeclarationAccess.scope(coordinator: coordinator, deciding: !view.toDecide.isEmpty)
        try await AuditLog.append(on: db, actor: actor, action: .declarationRegisterView, subject: "side-activities:\(scope)", now: app.clock.now)
        return view
    }

    package static func one(_ id: UUID, for personID: String, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws -> Item {
        guard let record = try await SideActivityRecord.find(id, on: db) else { throw NotFound() }
        guard try await DeclarationAccess.mayRead(declarantID: record.declarantID, managerID: record.managerID, personID: personID,
                                                  app: app, db: db) else { throw NotFound() }
        try await AuditLog.append(on: db, actor: actor, action: .declarationView, subject: "side-activity:\(id)", now: app.clock.now)
        return try item(record, vault: try app.keyVault, today: app.today)
    }

    static func item(_ record: SideActivityRecord, vault: KeyVault, today: LocalDate) throws -> Item {
        let id = try record.requireID()
        let declaration = try JSONDecoder().decode(SideActivityDeclaration.self,
                                                   from: try vault.open(record.declarationSealed, for: .declaration(id)))
        let decision = try record.decisionSealed.map {
            try JSONDecoder().decode(SideActivityDecision.self, from: try vault.open($0, for: .declarationDecision(id)))
        }
        let due = record.reassessOn.flatMap { LocalDate(iso: $0) }.map { $0 <= today } ?? false
        return Item(id: id, declarantID: record.declarantID, managerID: record.managerID, declaration: declaration,
                    decided: record.state == GiftDeclarationState.decided, decision: decision, reassessmentDue: due,
                    createdAt: record.createdAt)
    }
}
