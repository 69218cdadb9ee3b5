import Fluent
import TegenkrachtCore
import Vapor

/// The handler's actions on a case (issue 5): moves on the escalation ladder, consent requests,
/// internal notes, tasks, the rights of the accused, assignment and conflicts. Every form carries the
/// case version: a form made from an older version is refused and its text is given back.
enum CaseController {
    /// Every field any case form sends; each action reads its own.
    struct CaseForm: Content {
        var version: Int?
        var to: String?
        var reason: String?
        var justification: String?
        var mediator: String?
        var ffDecidedBy: String?
        var ffCriteria: String?
        var ffInvestigator: String?
        var ffMandate: String?
        var outcome: String?
        var reporterOutcome: String?
        var accusedOutcome: String?
        var step: String?
        var withWhom: String?
        var information: String?
        var target: String?
        var parts: [String]?
        var consent: String?
        var text: String?
        var owner: String?
        var due: String?
        var informedOn: String?
        var informedBy: String?
        var toldWhat: String?
        var heardOn: String?
        var counsel: String?
        var factsSharedOn: String?
        var correctionsOn: String?
        var support: String?
        var lead: String?
        var second: String?
        var stopped: String?
        var wellbeing: String?

        /// What was typed, to give back with an error (never lose text).
        var draft: [String: String] {
            var d: [String: String] = [:]
            for (key, value) in [("reason", reason), ("justification", justification), ("mediator", mediator),
                                 ("ffDecidedBy", ffDecidedBy), ("ffCriteria", ffCriteria), ("ffInvestigator", ffInvestigator),
                                 ("ffMandate", ffMandate), ("withWhom", withWhom), ("information", information), ("text", text),
                                 ("toldWhat", toldWhat), ("informedBy", informedBy), ("support", support), ("wellbeing", wellbeing)] {
                if let value, !value.isEmpty { d[key] = value }
            }
            return d
        }
    }

    /// Runs an action: the version check first, then the action, which returns a refusal in the
    /// reader's language or nil.
    static func act(_ req: Request, anchor: String, _ body: (CaseContext, CaseForm) async throws -> String?) async throws -> Response {
        let context = try await CaseContext.load(req)
        let form = try req.content.decode(CaseForm.self)
        guard form.version == context.caseFile.version else {
            return try await HandlerReportController.render(req, context, error: req.text("case.error.stale"),
                                                            draft: form.draft, status: .conflict)
        }
        if let refusal = try await body(context, form) {
            return try await HandlerReportController.render(req, context, error: refusal, draft: form.draft, status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/meldingen/\(context.reportID)#\(anchor)")
    }

    static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func refusal(_ error: LadderError, _ req: Request) -> String {
        switch error {
        case .consentRequired(let stage): return req.text("ladder.error.consentRequired", ["step": req.text("stage.\(stage.rawValue)")])
        case .sameStage: return req.text("ladder.error.sameStage")
        case .reasonRequired: return req.text("ladder.error.reasonRequired")
        case .justificationRequired: return req.text("ladder.error.justificationRequired")
        case .mediatorRequired: return req.text("ladder.error.mediatorRequired")
        case .factFindingIncomplete: return req.text("ladder.error.factFindingIncomplete")
        case .outcomeRequired: return req.text("ladder.error.outcomeRequired")
        case .secondApprovalRequired: return req.text("ladder.error.secondApprovalRequired")
        case .secondApproverIsLead: return req.text("ladder.error.secondApproverIsLead")
        case .reasonNotAcceptable: return req.text("ladder.error.reasonNotAcceptable")
        case .personOutcomesRequired: return req.text("ladder.error.personOutcomesRequired")
        case .closedCase: return req.text("ladder.error.closedCase")
        case .notClosed: return req.text("ladder.error.notClosed")
        case .accusedNotHeard: return req.text("ladder.error.accusedNotHeard")
        }
    }

    // MARK: The ladder

    /// A move proposed by the lead that waits for the second person (a closure without action).
    struct TransitionProposal: Codable, Sendable {
        var to: CaseStage
        var by: String
        var details: TransitionDetails
        var outcome: CaseOutcome?
        var reporterOutcome: PersonOutcome?
        var accusedOutcome: PersonOutcome?
    }

    @Sendable static func transition(req: Request) async throws -> Response {
        try await act(req, anchor: "ladder") { c, form in
            guard let to = CaseStage(rawValue: form.to ?? "") else { return req.text("ladder.error.noStage") }
            let factFinding = [form.ffDecidedBy, form.ffCriteria, form.ffInvestigator, form.ffMandate].contains { !trimmed($0).isEmpty }
                ? FactFindingDecision(decidedBy: trimmed(form.ffDecidedBy), criteria: trimmed(form.ffCriteria),
                                      investigator: trimmed(form.ffInvestigator), mandate: trimmed(form.ffMandate)) : nil
            let proposal = TransitionProposal(
                to: to, by: c.personID,
                details: TransitionDetails(reason: trimmed(form.reason), informalJustification: form.justification.map { trimmed($0) },
                                           mediator: form.mediator.map { trimmed($0) }, factFinding: factFinding),
                outcome: form.outcome.flatMap(CaseOutcome.init(rawValue:)),
                reporterOutcome: form.reporterOutcome.flatMap(PersonOutcome.init(rawValue:)),
                accusedOutcome: form.accusedOutcome.flatMap(PersonOutcome.init(rawValue:)))
            do {
                try await apply(proposal, approval: nil, c, req)
            } catch LadderError.secondApprovalRequired where c.role != .second {
                // Everything else holds: the closure waits for the second person.
                c.caseFile.pendingClosureSealed = try c.crypto.seal(proposal, purpose: "pending-closure")
                c.caseFile.pendingClosureBy = c.personID
                try await CaseService.touch(c.caseFile, db: req.db)
                try await c.audit("case.closure-proposed", on: req.db)
            } catch let error as LadderError {
                return refusal(error, req)
            }
            return nil
        }
    }

    /// The second person approves a closure without action that the lead proposed.
    @Sendable static func approveClosure(req: Request) async throws -> Response {
        try await act(req, anchor: "ladder") { c, _ in
            guard c.role == .second else { return req.text("case.error.onlySecond") }
            guard let sealed = c.caseFile.pendingClosureSealed else { return req.text("case.error.nothingPending") }
            let proposal = try c.crypto.open(TransitionProposal.self, from: sealed, purpose: "pending-closure")
            do {
                try await apply(proposal, approval: c.personID, c, req)
            } catch let error as LadderError {
                return refusal(error, req)
            }
            try await c.audit("case.closure-approved", on: req.db)
            return nil
        }
    }

    /// Checks the move against the ladder and stores it: the case, the logged transition, the
    /// reporter's timeline and, on closure, the aftercare check-ins.
    static func apply(_ p: TransitionProposal, approval: String?, _ c: CaseContext, _ req: Request) async throws {
        let app = req.application
        let consents = try await CaseService.consents(c.caseFile, crypto: c.crypto, app: app, db: req.db, localizer: req.localizer)
        var ladder = CaseService.ladder(c.caseFile, consents: consents)
        let rights = try CaseService.accusedRights(c.caseFile, crypto: c.crypto)
        let from = ladder.stage
        try ladder.transition(TransitionRequest(
            to: p.to, by: p.by, on: c.today, reason: p.details.reason, informalJustification: p.details.informalJustification,
            mediator: p.details.mediator, factFinding: p.details.factFinding, outcome: p.outcome, secondPersonApproval: approval,
            reporterOutcome: p.reporterOutcome, accusedOutcome: p.accusedOutcome, accusedHeard: rights.heard))
        var details = p.details
        details.secondPersonApproval = approval
        try await record(from: from, ladder: ladder, details: details, by: p.by, c, req)
    }

    static func record(from: CaseStage, ladder: CaseLadder, details: TransitionDetails, by: String,
                       _ c: CaseContext, _ req: Request) async throws {
        try await CaseService.recordMove(from: from, ladder: ladder, details: details, by: by, caseFile: c.caseFile, report: c.report,
                                         crypto: c.crypto, actor: c.actor, today: c.today, app: req.application, db: req.db)
    }

    /// Reopening a closed case, with a reason (also what a "no, it did not stop" does).
    @Sendable static func reopen(req: Request) async throws -> Response {
        try await act(req, anchor: "ladder") { c, form in
            let reason = trimmed(form.reason)
            guard !reason.isEmpty else { return req.text("ladder.error.reasonRequired") }
            do {
                try await reopenCase(c, by: c.personID, reason: reason, req: req)
            } catch let error as LadderError {
                return refusal(error, req)
            }
            return nil
        }
    }

    static func reopenCase(_ c: CaseContext, by: String, reason: String, req: Request) async throws {
        var ladder = CaseService.ladder(c.caseFile, consents: [])
        try ladder.reopen(by: by, on: c.today, reason: reason)
        try await record(from: .closed, ladder: ladder, details: TransitionDetails(reason: reason), by: by, c, req)
    }

    // MARK: Consent, notes, tasks

    @Sendable static func requestConsent(req: Request) async throws -> Response {
        try await act(req, anchor: "consent") { c, form in
            let step = form.step ?? ""
            let isReferral = step == ConsentTerms.referralStep
            guard isReferral || (CaseStage(rawValue: step).map { $0 != .listening && $0 != .closed } ?? false) else {
                return req.text("consent.error.step")
            }
            var terms = ConsentTerms(withWhom: trimmed(form.withWhom), information: trimmed(form.information))
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
            record.state = "gevraagd"
            record.termsSealed = try c.crypto.seal(terms, purpose: "consent:\(try record.requireID())")
            record.requestedBy = c.personID
            record.requestedAt = Date()
            try await record.create(on: req.db)
            try await ReportService.addEvent("toestemming-gevraagd", report: c.report, actor: c.actor, db: req.db)
            try await Notices.queue(for: c.report, db: req.db)
            try await CaseService.touch(c.caseFile, db: req.db)
            try await c.audit("case.consent-request", on: req.db)
            return nil
        }
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        try await act(req, anchor: "notes") { c, form in
            let (text, problem) = ReportService.checkedText(form.text)
            if let problem { return req.text(problem) }
            let note = CaseNote()
            note.id = UUID()
            note.$caseFile.id = c.caseID
            note.author = c.personID
            note.bodySealed = try c.crypto.seal(Data(text.utf8), purpose: "note:\(try note.requireID())")
            note.createdAt = Date()
            try await note.create(on: req.db)
            try await CaseService.touch(c.caseFile, db: req.db)
            try await c.audit("case.note", on: req.db)
            return nil
        }
    }

    @Sendable static func addTask(req: Request) async throws -> Response {
        try await act(req, anchor: "tasks") { c, form in
            let (title, problem) = ReportService.checkedText(form.text)
            if let problem { return req.text(problem) }
            guard let due = LocalDate(iso: trimmed(form.due)) else { return req.text("task.error.due") }
            let owner = trimmed(form.owner)
            guard [c.caseFile.leadPersonID, c.caseFile.secondPersonID].contains(owner) else { return req.text("task.error.owner") }
            let task = CaseTask()
            task.id = UUID()
            task.$caseFile.id = c.caseID
            task.titleSealed = try c.crypto.seal(Data(title.utf8), purpose: "task:\(try task.requireID())")
            task.ownerPersonID = owner
            task.due = due.iso
            task.createdAt = Date()
            try await task.create(on: req.db)
            try await CaseService.touch(c.caseFile, db: req.db)
            try await c.audit("case.task", on: req.db)
            return nil
        }
    }

    @Sendable static func completeTask(req: Request) async throws -> Response {
        try await act(req, anchor: "tasks") { c, _ in
            guard let taskID = req.parameters.get("task", as: UUID.self),
                  let task = try await CaseTask.query(on: req.db).filter(\.$id == taskID).filter(\.$caseFile.$id == c.caseID).first()
            else { throw Abort(.notFound) }
            task.doneAt = Date()
            try await task.save(on: req.db)
            try await CaseService.touch(c.caseFile, db: req.db)
            try await c.audit("case.task-done", on: req.db)
            return nil
        }
    }

    // MARK: The accused, assignment, conflicts

    @Sendable static func accusedRights(req: Request) async throws -> Response {
        try await act(req, anchor: "accused") { c, form in
            func date(_ value: String?) -> (LocalDate?, Bool) {
                let text = trimmed(value)
                if text.isEmpty { return (nil, true) }
                let parsed = LocalDate(iso: text)
                return (parsed, parsed != nil)
            }
            let dates = [form.informedOn, form.heardOn, form.factsSharedOn, form.correctionsOn].map(date)
            guard dates.allSatisfy(\.1) else { return req.text("accused.error.date") }
            let rights = AccusedRights(informedOn: dates[0].0, informedBy: trimmed(form.informedBy), toldWhat: trimmed(form.toldWhat),
                                       heardOn: dates[1].0, counselOffered: form.counsel == "ja", factsSharedOn: dates[2].0,
                                       correctionsOn: dates[3].0, supportOffered: trimmed(form.support))
            if let problem = rights.problem { return req.text("accused.error.\(problem)") }
            c.caseFile.accusedRightsSealed = try c.crypto.seal(rights, purpose: "accused-rights")
            try await CaseService.touch(c.caseFile, db: req.db)
            try await c.audit("case.accused-rights", on: req.db)
            return nil
        }
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        try await act(req, anchor: "people") { c, form in
            let app = req.application
            guard let organisation = c.organisation, let kind = RecipientKind(rawValue: c.caseFile.recipient),
                  let team = app.caseRules.rules(on: c.today)?.team(for: kind) else { return req.text("assign.error.noTeam") }
            let content = try c.crypto.open(ReportContent.self, from: c.report.contentSealed, purpose: "content")
            let parties = CaseStaffing.parties(accused: content.accused, witnesses: content.witnesses, organisation: organisation, on: c.today)
            let lead = trimmed(form.lead), second = trimmed(form.second)
            if let problem = CaseStaffing.check(lead: lead, second: second, team: team, chosen: c.report.handlerPersonID,
                                                parties: parties, declaredConflicts: try await CaseService.declaredConflicts(c.caseFile, db: req.db),
                                                organisation: organisation, on: c.today) {
                switch problem {
                case .samePerson: return req.text("assign.error.samePerson")
                case .notEligible(let id): return req.text("assign.error.notEligible", ["name": c.name(of: id)])
                case .conflict(let id, let reason):
                    return req.text("assign.error.conflict", ["name": c.name(of: id), "reason": req.text("conflict.\(reason.rawValue)")])
                }
            }
            c.caseFile.leadPersonID = lead
            c.caseFile.secondPersonID = second
            c.caseFile.leadConflict = nil
            c.caseFile.handlerChangeRequested = false
            try await CaseService.touch(c.caseFile, db: req.db)
            try await ReportService.addEvent("behandelaar-gewijzigd", report: c.report, actor: c.actor, db: req.db)
            try await c.audit("case.assign", on: req.db)
            return nil
        }
    }

    /// The body classifies the case in its annual report's typology (the main kind only, as the
    /// College counts: "only the main type per complaint").
    @Sendable static func classify(req: Request) async throws -> Response {
        try await act(req, anchor: "category") { c, form in
            let code = trimmed(form.step)
            guard CaseView.categories(for: c.caseFile, app: req.application, localizer: req.localizer).contains(where: { $0.id == code }) else {
                return req.text("case.error.category")
            }
            c.caseFile.category = code
            try await CaseService.touch(c.caseFile, db: req.db)
            try await c.audit("case.category", on: req.db)
            await RegistryService.syncAfterCommit(c.caseFile, report: c.report, app: req.application, db: req.db)
            return nil
        }
    }

    /// A functionary declares a conflict of interest: they leave the case at once (and see it no more).
    @Sendable static func declareConflict(req: Request) async throws -> Response {
        let c = try await CaseContext.load(req)
        let declaration = ConflictDeclaration()
        declaration.$caseFile.id = c.caseID
        declaration.personID = c.personID
        declaration.declaredAt = Date()
        try await declaration.create(on: req.db)
        if c.role != .member {
            c.caseFile.leadConflict = ConflictCheck.Reason.declaredConflict.rawValue
            try await CaseService.touch(c.caseFile, db: req.db)
        }
        try await c.audit("case.conflict-declared", on: req.db)
        return req.redirect(to: "/werkruimte")
    }
}

extension ConsentTerms {
    /// The consent step of a referral (not a ladder stage).
    static let referralStep = "doorverwijzing"
}
