import FluentKit
import Foundation
import TegenkrachtCore

/// Sealed payloads of case records.
package struct TransitionDetails: Codable, Sendable {
    package init(reason: String, informalJustification: String? = nil, mediator: String? = nil, factFinding: FactFindingDecision? = nil,
                 secondPersonApproval: String? = nil, reporterMessage: String? = nil) {
        self.reason = reason
        self.reporterMessage = reporterMessage
        self.informalJustification = informalJustification
        self.mediator = mediator
        self.factFinding = factFinding
        self.secondPersonApproval = secondPersonApproval
    }

    package var reason: String
    package var informalJustification: String?
    package var mediator: String?
    package var factFinding: FactFindingDecision?
    package var secondPersonApproval: String?
    /// On closure: what the reporter is told in the portal about the outcome (issue 15). The reason
    /// above stays internal; older moves have none.
    package var reporterMessage: String?
}

package struct ConsentTerms: Codable, Sendable {
    package init(withWhom: String, information: String, target: String? = nil, parts: [String]? = nil) {
        self.withWhom = withWhom
        self.information = information
        self.target = target
        self.parts = parts
    }

    package var withWhom: String
    package var information: String
    /// For a referral: the target and the dossier parts it may carry.
    package var target: String?
    package var parts: [String]?
}

/// Opening cases, finding them, and deciding who may see them.
package enum CaseService {
    /// A new case for a report, staffed by the case rules in force, and the team members who may not
    /// see it: not yet saved (the caller saves both in the report's transaction, so that an
    /// acknowledged report always has its case). A committee member who is the accused, sits in the
    /// accused's unit or fractie, or is named as a witness, never sees the case, without having to
    /// declare that first (the conflict check held only for lead and second person before).
    package struct Opened {
        package let caseFile: CaseFile
        /// Members who may not see the case: recorded as conflicts.
        package let excludedMembers: [String]
        /// Deputies who step in for them.
        package let deputies: [String]
        /// Whom the reporter may choose between as the second person (empty: nothing to choose).
        package var secondChoice: [String] = []

        /// Saves the case with its conflicts and deputies (inside the caller's unit of work).
        package func create(on db: any Database, at now: Date) async throws {
            try await caseFile.create(on: db)
            let caseID = try caseFile.requireID()
            // Recorded as conflicts, so the case page, the inbox and the deadlines leave them out.
            for member in excludedMembers {
                try await ConflictDeclaration(caseID: caseID, personID: member, at: now).create(on: db)
            }
            for deputy in deputies {
                try await CaseDeputy(caseID: caseID, personID: deputy, at: now).create(on: db)
            }
        }
    }

    /// `preferredSecond` is the reporter's choice of second person, where the rules allow one.
    package static func open(for report: Report, content: ReportContent, app: any ServiceContext, db: any Database,
                     linkedTo parent: CaseFile? = nil, preferredSecond: String? = nil) async throws -> Opened {
        let now = app.clock.now
        let today = ReportService.localDate(now, app: app)
        let organisation = try await app.organisationStore.current(on: db)
        let recipient = RecipientKind(rawValue: report.recipientKind) ?? .centralRoute
        let caseFile = CaseFile()
        var secondChoice: [String] = []
        caseFile.id = UUID()
        caseFile.$report.id = try report.requireID()
        caseFile.recipient = recipient.rawValue
        if let parent {
            // A retaliation case stays with the people who know the first one.
            caseFile.leadPersonID = parent.leadPersonID
            caseFile.secondPersonID = parent.secondPersonID
            caseFile.linkedCaseID = try parent.requireID()
            caseFile.priority = true
        } else if let organisation, let team = app.caseRules.rules(on: today)?.team(for: recipient) {
            let parties = CaseStaffing.parties(accused: content.accused, witnesses: content.witnesses,
                                               organisation: organisation, on: today)
            let assignment = CaseStaffing.assign(team: team, chosen: report.handlerPersonID, preferredSecond: preferredSecond,
                                                 parties: parties, organisation: organisation, on: today)
            secondChoice = CaseStaffing.secondChoice(team: team, lead: assignment.lead, parties: parties,
                                                     organisation: organisation, on: today)
            caseFile.leadPersonID = assignment.lead
            caseFile.secondPersonID = assignment.second
            caseFile.leadConflict = assignment.leadConflict?.rawValue
            caseFile.priority = false
        } else {
            caseFile.leadPersonID = report.handlerPersonID
            caseFile.priority = false
        }
        caseFile.identityReader = caseFile.leadPersonID
        var excluded: [String] = []
        var deputies: [String] = []
        if let parent {
            // A retaliation case is about the same people: whoever was kept out of the first case stays
            // out, and the deputies called to it are on this one too (its own content names nobody).
            excluded = try await declaredConflicts(parent, db: db).sorted()
            deputies = try await self.deputies(parent, db: db).sorted()
        } else if let organisation, let team = app.caseRules.rules(on: today)?.team(for: recipient), !team.members.isEmpty {
            let parties = CaseStaffing.parties(accused: content.accused, witnesses: content.witnesses, organisation: organisation, on: today)
            excluded = CaseStaffing.holders(of: team.members, organisation: organisation, on: today).filter { member in
                member != caseFile.leadPersonID && member != caseFile.secondPersonID
                    && CaseStaffing.exclusion(of: member, parties: parties, declaredConflicts: [], organisation: organisation) != nil
            }
            deputies = CaseStaffing.deputies(for: excluded, team: team, parties: parties, declaredConflicts: [],
                                             organisation: organisation, on: today)
            // A deputy with a conflict of their own is kept out as well.
            excluded += CaseStaffing.holders(of: team.deputies ?? [], organisation: organisation, on: today).filter {
                !excluded.contains($0) && CaseStaffing.exclusion(of: $0, parties: parties, declaredConflicts: [], organisation: organisation) != nil
            }
        }
        let accusedIsManager = organisation.map { org in
            CaseStaffing.parties(accused: content.accused, witnesses: "", organisation: org, on: today).accused.contains { a in
                org.roles(of: a.personID, on: today).contains { $0.role == .lineManager || $0.role == .competentAuthority }
            }
        } ?? false
        let facts = CaseFacts.from(behaviourItems: content.behaviourItems, criminal: content.criminal,
                                   accusedIsManager: accusedIsManager,
                                   accusedGroup: content.accusedGroup.flatMap(RouteGroup.init(rawValue:)))
        caseFile.stage = CaseStage.listening.rawValue
        caseFile.serious = facts.serious
        caseFile.powerGap = facts.powerGap
        caseFile.responsibilityShifted = false
        caseFile.handlerChangeRequested = false
        caseFile.openedAt = now
        caseFile.updatedAt = now
        caseFile.version = 1
        return Opened(caseFile: caseFile, excludedMembers: excluded, deputies: deputies, secondChoice: secondChoice)
    }

    package static func find(reportID: UUID, db: any Database) async throws -> CaseFile? {
        try await CaseFile.query(on: db).filter(\.$report.$id == reportID).first()
    }

    /// The case of a report; a report stored before case handling existed gets its case now.
    package static func caseFile(for report: Report, app: any ServiceContext, db: any Database) async throws -> CaseFile {
        if let existing = try await find(reportID: report.requireID(), db: db) { return existing }
        let content = try ReportService.crypto(for: report, app: app).open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let opened = try await open(for: report, content: content, app: app, db: db)
        try await UnitOfWork.run(db) { tx in try await opened.create(on: tx, at: app.clock.now) }
        return opened.caseFile
    }

    package static func declaredConflicts(_ caseFile: CaseFile, db: any Database) async throws -> Set<String> {
        Set(try await ConflictDeclaration.query(on: db).filter(\.$caseFile.$id == caseFile.requireID()).all().map(\.personID))
    }

    /// Everyone who reads the case now: the lead, the second person, the team's members without a
    /// conflict and the deputies called in. A reassignment to anyone else waits for the reporter's
    /// consent (issue 15).
    package static func readerIDs(_ caseFile: CaseFile, team: CaseRules.Team, organisation: Organisation, declared: Set<String>,
                                  deputies: Set<String>, on date: LocalDate) -> Set<String> {
        let members = CaseStaffing.holders(of: team.members, organisation: organisation, on: date).filter { !declared.contains($0) }
        return Set([caseFile.leadPersonID, caseFile.secondPersonID].compactMap { $0 } + members).union(deputies)
    }

    /// The team roles (the case rules' `members`) of a recipient kind.
    package static func memberRoles(_ recipient: String, app: any ServiceContext, on date: LocalDate) -> [FunctionaryRole] {
        guard let kind = RecipientKind(rawValue: recipient) else { return [] }
        return app.caseRules.rules(on: date)?.team(for: kind)?.members ?? []
    }

    /// What the signed-in staff member is to this case, or nil: then the case does not exist for them.
    /// Administrators manage the organisation, never cases. A declared conflict closes the door.
    package static func role(of staff: SignedInStaff, in caseFile: CaseFile, organisation: Organisation?, declared: Set<String>,
                     deputies: Set<String> = [], app: any ServiceContext, on date: LocalDate) -> CaseRole? {
        guard staff.role == .functionary, let personID = staff.personID, !declared.contains(personID),
              !caseFile.escrowed else { return nil }
        let held = Set(organisation?.roles(of: personID, on: date).map(\.role) ?? [])
        let team = RecipientKind(rawValue: caseFile.recipient).flatMap { app.caseRules.rules(on: date)?.team(for: $0) }
        if caseFile.leadPersonID == personID || caseFile.secondPersonID == personID {
            // Access ends with the role (issue 16): a lead whose advisor role ended in the organisation
            // model no longer reads the case, though the case still names them until it is reassigned.
            if organisation != nil, let team, held.isDisjoint(with: team.handlingRoles) { return nil }
            return caseFile.leadPersonID == personID ? .lead : .second
        }
        if let team, !held.isDisjoint(with: team.members) { return .member }
        // A deputy called to this case, while they still hold the deputy role.
        if let team, deputies.contains(personID), !held.isDisjoint(with: team.deputies ?? []) { return .member }
        return nil
    }

    /// Calls a deputy for a member who declared a conflict, when the team has deputies and one is free.
    package static func callDeputy(for member: String, in caseFile: CaseFile, report: Report, app: any ServiceContext,
                           db: any Database, at now: Date) async throws {
        let today = ReportService.localDate(now, app: app)
        guard let organisation = try await app.organisationStore.current(on: db),
              let kind = RecipientKind(rawValue: caseFile.recipient),
              let team = app.caseRules.rules(on: today)?.team(for: kind), !(team.deputies ?? []).isEmpty,
              !Set(organisation.roles(of: member, on: today).map(\.role)).isDisjoint(with: team.members),
              // The lead and the second person are replaced by reassignment, not by a deputy.
              member != caseFile.leadPersonID, member != caseFile.secondPersonID else { return }
        let content = try ReportService.crypto(for: report, app: app).open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let parties = CaseStaffing.parties(accused: content.accused, witnesses: content.witnesses, organisation: organisation, on: today)
        let called = CaseStaffing.deputies(for: [member], team: team, parties: parties,
                                           declaredConflicts: try await declaredConflicts(caseFile, db: db).union([member]),
                                           alreadyCalled: try await deputies(caseFile, db: db), organisation: organisation, on: today)
        for deputy in called {
            try await CaseDeputy(caseID: try caseFile.requireID(), personID: deputy, at: now).create(on: db)
        }
    }

    /// The persons called as deputies to a case.
    package static func deputies(_ caseFile: CaseFile, db: any Database) async throws -> Set<String> {
        Set(try await CaseDeputy.query(on: db).filter(\.$caseFile.$id == caseFile.requireID()).all().map(\.personID))
    }

    /// The cases a person is called to as a deputy.
    package static func deputyCases(of personID: String, db: any Database) async throws -> Set<UUID> {
        Set(try await CaseDeputy.query(on: db).filter(\.$personID == personID).all().map { $0.$caseFile.id })
    }

    /// The recipient kinds whose team this person belongs to on the date (for the inbox's team part).
    package static func teams(of personID: String, organisation: Organisation?, app: any ServiceContext, on date: LocalDate) -> [String] {
        guard let organisation, let rules = app.caseRules.rules(on: date) else { return [] }
        let held = Set(organisation.roles(of: personID, on: date).map(\.role))
        return rules.teams.filter { !held.isDisjoint(with: $0.members) }.map(\.recipient)
    }

    /// The cases a person leads, is second on, or sees as a member of the team (index look-ups).
    package static func casesQuery(for personID: String, teams: [String], deputyCases: Set<UUID> = [], db: any Database) -> QueryBuilder<CaseFile> {
        CaseFile.query(on: db).group(.or) { or in
            or.filter(\.$leadPersonID == personID).filter(\.$secondPersonID == personID)
            if !teams.isEmpty { or.filter(\.$recipient ~~ teams) }
            if !deputyCases.isEmpty { or.filter(\.$id ~~ Array(deputyCases)) }
        }.group(.or) { or in
            // Escrowed cases (matching escrow) stay sealed until a match.
            or.filter(\.$escrowedFlag == nil).filter(\.$escrowedFlag == false)
        }
    }

    /// The newest-changed cases of a person: one index range scan per part (lead, second person, each
    /// team), each already in order and limited, merged here. One query with OR would have to sort
    /// every matching case first (measured: docs/performance.md).
    package static func newestCases(for personID: String, teams: [String], deputyCases: Set<UUID> = [], limit: Int,
                            db: any Database) async throws -> [CaseFile] {
        func part(_ filter: (QueryBuilder<CaseFile>) -> QueryBuilder<CaseFile>) async throws -> [CaseFile] {
            try await filter(CaseFile.query(on: db)).group(.or) { or in
                or.filter(\.$escrowedFlag == nil).filter(\.$escrowedFlag == false)
            }.sort(\.$updatedAt, .descending).limit(limit).all()
        }
        var found = try await part { $0.filter(\.$leadPersonID == personID) }
        found += try await part { $0.filter(\.$secondPersonID == personID) }
        for team in teams { found += try await part { $0.filter(\.$recipient == team) } }
        if !deputyCases.isEmpty { found += try await part { $0.filter(\.$id ~~ Array(deputyCases)) } }
        var seen: Set<UUID> = []
        let merged = found.sorted { $0.updatedAt > $1.updatedAt }.filter { $0.id.map { seen.insert($0).inserted } ?? false }
        return Array(merged.prefix(limit))
    }

    /// The ladder as stored, with the consents in force.
    package static func ladder(_ caseFile: CaseFile, consents: [ConsentView]) -> CaseLadder {
        CaseLadder(facts: CaseFacts(serious: caseFile.serious, powerGap: caseFile.powerGap),
                   lead: caseFile.leadPersonID ?? "", second: caseFile.secondPersonID ?? "",
                   stage: CaseStage(rawValue: caseFile.stage) ?? .listening,
                   consents: consents.compactMap(\.consent),
                   outcome: caseFile.outcome.flatMap(CaseOutcome.init(rawValue:)),
                   reporterOutcome: caseFile.reporterOutcome.flatMap(PersonOutcome.init(rawValue:)),
                   accusedOutcome: caseFile.accusedOutcome.flatMap(PersonOutcome.init(rawValue:)))
    }

    package struct ConsentView: Encodable, Sendable {
        package let id: String
        package let step: String
        package let stepLabel: String
        package let state: String
        package let stateLabel: String
        package let withWhom: String
        package let information: String
        package let requestedAt: String
        package let decidedAt: String?
        /// The core's consent, when it is in force.
        package let consent: Consent?

        package var consentState: ConsentState? { ConsentState(rawValue: state) }
    }

    package static func consents(_ caseFile: CaseFile, crypto: ReportCrypto, app: any ServiceContext, db: any Database,
                         localizer t: Localizer) async throws -> [ConsentView] {
        try await CaseConsentRecord.query(on: db).filter(\.$caseFile.$id == caseFile.requireID()).sort(\.$requestedAt).all().map { record in
            let id = try record.requireID()
            let terms = try crypto.open(ConsentTerms.self, from: record.termsSealed, purpose: .consent(id))
            let given = record.consentState == .given
            let consent = given ? CaseStage(rawValue: record.step).map {
                Consent(step: $0, withWhom: terms.withWhom, information: terms.information,
                        givenOn: ReportService.localDate(record.decidedAt ?? record.requestedAt, app: app))
            } : nil
            return ConsentView(id: id.uuidString, step: record.step, stepLabel: t.text("consent.step.\(record.step)"),
                               state: record.state, stateLabel: t.text("consent.state.\(record.state)"),
                               withWhom: terms.withWhom, information: terms.information,
                               requestedAt: ReportService.formatDateTime(record.requestedAt, app: app, localizer: t),
                               decidedAt: record.decidedAt.map { ReportService.formatDateTime($0, app: app, localizer: t) }, consent: consent)
        }
    }

    package static func accusedRights(_ caseFile: CaseFile, crypto: ReportCrypto) throws -> AccusedRights {
        try caseFile.accusedRightsSealed.map { try crypto.open(AccusedRights.self, from: $0, purpose: .accusedRights) } ?? AccusedRights()
    }

    /// Stores a move on the ladder that `CaseLadder` allowed: the case, the logged transition (sealed
    /// why), the reporter's timeline and, on closure, the aftercare check-ins; then the notice, the
    /// audit entry and the registry. One path for every move, whoever makes it (a handler, or the
    /// reporter's "no, it did not stop").
    package static func recordMove(from: CaseStage, ladder: CaseLadder, details: TransitionDetails, by: String, caseFile: CaseFile,
                           report: Report, crypto: ReportCrypto, actor: ActorRef, event: ReportEventName? = nil, auditAction: AuditAction = .caseTransition,
                           notifyReporter: Bool = true, today: LocalDate, app: any ServiceContext, db: any Database) async throws {
        caseFile.stage = ladder.stage.rawValue
        caseFile.outcome = ladder.outcome?.rawValue
        caseFile.reporterOutcome = ladder.reporterOutcome?.rawValue
        caseFile.accusedOutcome = ladder.accusedOutcome?.rawValue
        caseFile.responsibilityShifted = ladder.responsibilityShifted
        caseFile.pendingClosureSealed = nil
        caseFile.pendingClosureBy = nil
        let closing = ladder.stage == .closed
        caseFile.closedAt = closing ? app.clock.now : nil
        let caseID = try caseFile.requireID()
        try await UnitOfWork.run(db) { tx in
            let transition = CaseTransitionRecord()
            transition.id = UUID()
            transition.$caseFile.id = caseID
            transition.fromStage = from.rawValue
            transition.toStage = ladder.stage.rawValue
            transition.actor = by
            transition.occurredAt = app.clock.now
            transition.detailsSealed = try crypto.seal(details, purpose: .transition(try transition.requireID()))
            try await transition.create(on: tx)
            try await touch(caseFile, db: tx, now: app.clock.now)
            report.status = closing ? ReportStatus.closed.rawValue : ReportStatus.inProgress.rawValue
            try await report.save(on: tx)
            try await ReportService.addEvent(event ?? .stage(ladder.stage), report: report, actor: actor, db: tx, at: app.clock.now)
            if closing { try await scheduleAftercare(caseFile, closedOn: today, app: app, db: tx) }
            if notifyReporter { try await Notices.queue(for: report, db: tx, at: app.clock.now) }
            try await AuditLog.append(on: tx, actor: actor, action: auditAction, subject: "report:\(try report.requireID())", now: app.clock.now)
            try await Outbox.enqueue(.registrySync(caseID: caseID), db: tx, now: app.clock.now)
        }
        if !db.inTransaction { await Outbox.deliverPending(subject: caseID.uuidString, app: app) }
    }

    /// Saves a change to the case if nobody else changed it since it was read (issue 12): the version
    /// is claimed with `UPDATE … SET version = read + 1 WHERE id = ? AND version = read`, and a
    /// version that moved on throws `StaleVersion`, which rolls back the action's transaction. Two
    /// forms posted from the same version: exactly one goes through.
    package static func touch(_ caseFile: CaseFile, db: any Database, now: Date) async throws {
        let read = caseFile.version
        let claimed = try await VersionClaim.claim(table: CaseFile.schema, id: try caseFile.requireID(), read: read, db: db)
        guard claimed else { throw StaleVersion() }
        caseFile.version = read + 1
        caseFile.updatedAt = now
        try await caseFile.save(on: db)
    }

    /// Schedules the aftercare check-ins of the case rules, for the reporter (in the portal), and
    /// offered to the accused and the managers involved (recorded by the handler).
    package static func scheduleAftercare(_ caseFile: CaseFile, closedOn date: LocalDate, app: any ServiceContext, db: any Database) async throws {
        let schedule = app.caseRules.rules(on: date)?.aftercareSchedule ?? .standard
        for due in schedule.checkIns(closedOn: date) {
            for party in AftercareParty.allCases.map(\.rawValue) {
                let checkIn = AftercareCheckIn()
                checkIn.$caseFile.id = try caseFile.requireID()
                checkIn.party = party
                checkIn.due = due.iso
                checkIn.createdAt = app.clock.now
                try await checkIn.create(on: db)
            }
        }
    }
}
