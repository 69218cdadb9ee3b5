import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The handler's actions on a case (issue 5): moves on the escalation ladder, consent requests,
/// internal notes, tasks, the rights of the accused, assignment and conflicts. Every form carries the
/// case version: a form made from an older version is refused and its text is given back.
enum CaseController {
    // MARK: The ladder

    @Sendable static func transition(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "ladder", TransitionForm.self) { c, form in
            guard let to = CaseStage(rawValue: form.to ?? "") else { return req.text("ladder.error.noStage") }
            let factFinding = [form.ffDecidedBy, form.ffCriteria, form.ffInvestigator, form.ffMandate].contains { !CaseActions.trimmed($0).isEmpty }
                ? FactFindingDecision(decidedBy: CaseActions.trimmed(form.ffDecidedBy), criteria: CaseActions.trimmed(form.ffCriteria),
                                      investigator: CaseActions.trimmed(form.ffInvestigator), mandate: CaseActions.trimmed(form.ffMandate)) : nil
            let proposal = TransitionProposal(
                to: to, by: c.personID,
                details: TransitionDetails(reason: CaseActions.trimmed(form.reason), informalJustification: form.justification.map { CaseActions.trimmed($0) },
                                           mediator: form.mediator.map { CaseActions.trimmed($0) }, factFinding: factFinding),
                outcome: form.outcome.flatMap(CaseOutcome.init(rawValue:)),
                reporterOutcome: form.reporterOutcome.flatMap(PersonOutcome.init(rawValue:)),
                accusedOutcome: form.accusedOutcome.flatMap(PersonOutcome.init(rawValue:)))
            do {
                try await apply(proposal, approval: nil, c, req)
            } catch LadderError.secondApprovalRequired where c.role != .second {
                // Everything else holds: the closure waits for the second person.
                c.caseFile.pendingClosureSealed = try c.crypto.seal(proposal, purpose: .pendingClosure)
                c.caseFile.pendingClosureBy = c.personID
                try await c.finish(audit: .caseClosureProposed)
            } catch let error as LadderError {
                return CaseActions.refusal(error, req)
            }
            return nil
        }
    }

    /// The second person approves a closure without action that the lead proposed.
    @Sendable static func approveClosure(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "ladder", VersionOnlyForm.self) { c, _ in
            guard c.role == .second else { return req.text("case.error.onlySecond") }
            guard let sealed = c.caseFile.pendingClosureSealed else { return req.text("case.error.nothingPending") }
            let proposal = try c.crypto.open(TransitionProposal.self, from: sealed, purpose: .pendingClosure)
            do {
                try await apply(proposal, approval: c.personID, c, req)
            } catch let error as LadderError {
                return CaseActions.refusal(error, req)
            }
            try await c.audit(.caseClosureApproved, on: c.db)
            return nil
        }
    }

    /// Checks the move against the ladder and stores it: the case, the logged transition, the
    /// reporter's timeline and, on closure, the aftercare check-ins.
    static func apply(_ p: TransitionProposal, approval: String?, _ c: CaseContext, _ req: Request) async throws {
        let app = req.application
        let consents = try await CaseService.consents(c.caseFile, crypto: c.crypto, app: app, db: c.db, localizer: req.localizer)
        var ladder = CaseService.ladder(c.caseFile, consents: consents)
        let rights = try CaseService.accusedRights(c.caseFile, crypto: c.crypto)
        let from = ladder.stage
        try ladder.transition(TransitionRequest(
            to: p.to, by: p.by, on: c.today, reason: p.details.reason, informalJustification: p.details.informalJustification,
            mediator: p.details.mediator, factFinding: p.details.factFinding, outcome: p.outcome, secondPersonApproval: approval,
            reporterOutcome: p.reporterOutcome, accusedOutcome: p.accusedOutcome, accusedHeard: rights.heard))
        var details = p.details
        details.secondPersonApproval = approval
        try await CaseActions.recordMove(from: from, ladder: ladder, details: details, by: p.by, c, req)
    }

    /// Reopening a closed case, with a reason (also what a "no, it did not stop" does).
    @Sendable static func reopen(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "ladder", ReopenForm.self) { c, form in
            let reason = CaseActions.trimmed(form.reason)
            guard !reason.isEmpty else { return req.text("ladder.error.reasonRequired") }
            do {
                try await CaseActions.reopen(c, by: c.personID, reason: reason, req: req)
            } catch let error as LadderError {
                return CaseActions.refusal(error, req)
            }
            return nil
        }
    }

    // MARK: Consent, notes, tasks

    @Sendable static func requestConsent(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "consent", ConsentRequestForm.self) { c, form in
            let step = form.step ?? ""
            let isReferral = step == ConsentTerms.referralStep
            guard isReferral || (CaseStage(rawValue: step).map { $0 != .listening && $0 != .closed } ?? false) else {
                return req.text("consent.error.step")
            }
            var terms = ConsentTerms(withWhom: CaseActions.trimmed(form.withWhom), information: CaseActions.trimmed(form.information))
            if isReferral {
                let rules = req.application.caseRules.rules(on: c.today)
                guard let target = rules?.referralTarget(id: form.target ?? "") else { return req.text("referral.error.target") }
                let parts = (form.parts ?? []).compactMap(DossierPart.init(rawValue:))
                terms.target = target.id
                terms.parts = parts.map(\.rawValue)
                if terms.withWhom.isEmpty { terms.withWhom = req.text("referral.target.\(target.id)") }
            }
            guard !terms.withWhom.isEmpty, !terms.information.isEmpty || isReferral else { return req.text("consent.error.terms") }
            guard terms.withWhom.count <= IntakeValidator.maxShortLength, terms.information.count <= IntakeValidator.maxTextLength else {
                return req.text("portal.error.tooLong")
            }
            let record = CaseConsentRecord()
            record.id = UUID()
            record.$caseFile.id = c.caseID
            record.step = step
            record.state = ConsentState.requested.rawValue
            record.termsSealed = try c.crypto.seal(terms, purpose: .consent(try record.requireID()))
            record.requestedBy = c.personID
            record.requestedAt = c.now
            try await record.create(on: c.db)
            try await c.finish(event: .consent(.requested), notify: true, audit: .caseConsentRequest)
            return nil
        }
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "notes", NoteForm.self) { c, form in
            let (text, problem) = ReportService.checkedText(form.text)
            if let problem { return req.text(problem) }
            try await CaseActions.addNote(text, to: c, on: c.db)
            try await c.finish(audit: .caseNote)
            return nil
        }
    }

    @Sendable static func addTask(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "tasks", TaskForm.self) { c, form in
            let (title, problem) = ReportService.checkedText(form.text)
            if let problem { return req.text(problem) }
            guard let due = LocalDate(iso: CaseActions.trimmed(form.due)) else { return req.text("task.error.due") }
            let owner = CaseActions.trimmed(form.owner)
            guard [c.caseFile.leadPersonID, c.caseFile.secondPersonID].contains(owner) else { return req.text("task.error.owner") }
            let task = CaseTask()
            task.id = UUID()
            task.$caseFile.id = c.caseID
            task.titleSealed = try c.crypto.seal(Data(title.utf8), purpose: .task(try task.requireID()))
            task.ownerPersonID = owner
            task.due = due.iso
            task.createdAt = c.now
            try await task.create(on: c.db)
            try await c.finish(audit: .caseTask)
            return nil
        }
    }

    @Sendable static func completeTask(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "tasks", VersionOnlyForm.self) { c, _ in
            guard let taskID = req.parameters.get("task", as: UUID.self),
                  let task = try await CaseTask.query(on: c.db).filter(\.$id == taskID).filter(\.$caseFile.$id == c.caseID).first()
            else { throw Abort(.notFound) }
            task.doneAt = c.now
            try await task.save(on: c.db)
            try await c.finish(audit: .caseTaskDone)
            return nil
        }
    }

    // MARK: The accused, assignment, conflicts

    @Sendable static func accusedRights(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "accused", AccusedRightsForm.self) { c, form in
            func date(_ value: String?) -> (LocalDate?, Bool) {
                let text = CaseActions.trimmed(value)
                if text.isEmpty { return (nil, true) }
                let parsed = LocalDate(iso: text)
                return (parsed, parsed != nil)
            }
            let dates = [form.informedOn, form.heardOn, form.factsSharedOn, form.correctionsOn].map(date)
            guard dates.allSatisfy(\.1) else { return req.text("accused.error.date") }
            let rights = AccusedRights(informedOn: dates[0].0, informedBy: CaseActions.trimmed(form.informedBy), toldWhat: CaseActions.trimmed(form.toldWhat),
                                       heardOn: dates[1].0, counselOffered: form.counsel == "ja", factsSharedOn: dates[2].0,
                                       correctionsOn: dates[3].0, supportOffered: CaseActions.trimmed(form.support))
            if let problem = rights.problem { return req.text("accused.error.\(problem)") }
            c.caseFile.accusedRightsSealed = try c.crypto.seal(rights, purpose: .accusedRights)
            try await c.finish(audit: .caseAccusedRights)
            return nil
        }
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "people", AssignForm.self) { c, form in
            let app = req.application
            guard let organisation = c.organisation, let kind = RecipientKind(rawValue: c.caseFile.recipient),
                  let team = app.caseRules.rules(on: c.today)?.team(for: kind) else { return req.text("assign.error.noTeam") }
            let content = try c.crypto.open(ReportContent.self, from: c.report.contentSealed, purpose: .content)
            let parties = CaseStaffing.parties(accused: content.accused, witnesses: content.witnesses, organisation: organisation, on: c.today)
            let result = try await ReassignCase.run(
                ReassignCase.Input(lead: CaseActions.trimmed(form.lead), second: CaseActions.trimmed(form.second), reason: CaseActions.trimmed(form.reason)),
                by: ReassignCase.Actor(personID: c.personID, role: c.role, auditName: c.actor, now: c.now),
                caseFile: c.caseFile, report: c.report, team: team, parties: parties,
                declaredConflicts: try await CaseService.declaredConflicts(c.caseFile, db: c.db),
                organisation: organisation, today: c.today, crypto: c.crypto, db: c.db)
            switch result {
            case .success: return nil
            case .failure(.reasonMissing): return req.text("assign.error.reason")
            case .failure(.policy(let refusal)): return req.text("assign.error.\(refusal.rawValue)")
            case .failure(.staffing(.samePerson)): return req.text("assign.error.samePerson")
            case .failure(.staffing(.notEligible(let id))): return req.text("assign.error.notEligible", ["name": c.name(of: id)])
            case .failure(.staffing(.conflict(let id, let reason))):
                return req.text("assign.error.conflict", ["name": c.name(of: id), "reason": req.text("conflict.\(reason.rawValue)")])
            }
        }
    }

    /// The body classifies the case in its annual report's typology (the main kind only, as the
    /// College counts: "only the main type per complaint").
    @Sendable static func classify(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "category", CategoryForm.self) { c, form in
            let code = CaseActions.trimmed(form.category)
            guard CaseView.categories(for: c.caseFile, app: req.application, localizer: req.localizer).contains(where: { $0.id == code }) else {
                return req.text("case.error.category")
            }
            c.caseFile.category = code
            try await c.finish(audit: .caseCategory)
            try await Outbox.enqueue(.registrySync(caseID: c.caseID), db: c.db, now: c.now)
            return nil
        }
    }

    /// A functionary declares a conflict of interest: they leave the case at once (and see it no more).
    /// One unit of work; a declaration never fails for a form that went stale meanwhile (it carries
    /// no form): the case is read again and the declaration made on what is current.
    @Sendable static func declareConflict(req: Request) async throws -> Response {
        // Leaving a case cannot be undone by the one who leaves: it asks for a confirmation and a reason,
        // which the others on the case read as an internal note (issue 15).
        let form = try req.content.decode(ConflictForm.self)
        let (reason, problem) = ReportService.checkedText(form.reason)
        if form.confirm != "ja" || problem != nil {
            let context = try await CaseContext.load(req)
            return try await CasePage.render(
                req, context, error: req.text(form.confirm != "ja" ? "conflict.error.confirm" : problem ?? "conflict.error.confirm"),
                draft: ["conflictReason": form.reason ?? ""], status: .unprocessableEntity)
        }
        for attempt in 1...3 {
            let context: CaseContext
            do {
                context = try await CaseContext.load(req)
            } catch let error as any AbortError where error.status == .notFound && attempt > 1 {
                // The same declaration, sent twice at once, went through first: it is done.
                break
            }
            do {
                try await UnitOfWork.run(req.db) { tx in
                    var c = context
                    c.db = tx
                    // Every declaration claims the case's version first, so that two at once (a double
                    // click, or two members) run one after the other: the second finds the first done,
                    // and the same deputy is never called twice.
                    if c.role != .member {
                        c.caseFile.leadConflict = ConflictCheck.Reason.declaredConflict.rawValue
                    }
                    try await CaseService.touch(c.caseFile, db: tx, now: c.now)
                    try await ConflictDeclaration(caseID: c.caseID, personID: c.personID, at: c.now).create(on: tx)
                    try await CaseActions.addNote(req.text("conflict.note", ["reason": reason]), to: c, on: tx)
                    // A deputy steps in for a member who leaves (issue 13).
                    try await CaseService.callDeputy(for: c.personID, in: c.caseFile, report: c.report, app: req.application, db: tx, at: c.now)
                    try await c.audit(.caseConflictDeclared, on: tx)
                }
                break
            } catch is StaleVersion {
                // Someone changed the case meanwhile: read it again and declare on what is current.
                if attempt == 3 { throw Abort(.conflict) }
                continue
            }
        }
        return req.redirect(to: "/werkruimte")
    }
}

extension ConsentTerms {
    /// The consent step of a referral (not a ladder stage).
    static let referralStep = "doorverwijzing"
}
