import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The handler's actions on a case (issue 5): moves on the escalation ladder, consent requests,
/// internal notes, tasks, the rights of the accused, assignment and conflicts. Each reads its form
/// and runs its use case (`UseCases/`); every form carries the case version it was made from.
enum CaseController {
    // MARK: The ladder

    @Sendable static func transition(req: Request) async throws -> Response {
        // A closure that waits for the second person says so, not "recorded".
        try await CaseActions.run(req, anchor: "ladder", TransitionForm.self, done: { (result: MoveOnLadder.Result) in result == .proposed ? "ladder-proposed" : "ladder" }) { c, form in
            let factFinding = [form.ffDecidedBy, form.ffCriteria, form.ffInvestigator, form.ffMandate].contains { !CaseActions.trimmed($0).isEmpty }
                ? FactFindingDecision(decidedBy: CaseActions.trimmed(form.ffDecidedBy), criteria: CaseActions.trimmed(form.ffCriteria),
                                      investigator: CaseActions.trimmed(form.ffInvestigator), mandate: CaseActions.trimmed(form.ffMandate)) : nil
            return try await MoveOnLadder.run(
                to: CaseStage(rawValue: form.to ?? ""),
                details: TransitionDetails(reason: CaseActions.trimmed(form.reason), informalJustification: form.justification.map { CaseActions.trimmed($0) },
                                           mediator: form.mediator.map { CaseActions.trimmed($0) }, factFinding: factFinding,
                                           reporterMessage: form.reporterMessage.map { CaseActions.trimmed($0) }.flatMap { $0.isEmpty ? nil : $0 }),
                outcome: form.outcome.flatMap(CaseOutcome.init(rawValue:)),
                reporterOutcome: form.reporterOutcome.flatMap(PersonOutcome.init(rawValue:)),
                accusedOutcome: form.accusedOutcome.flatMap(PersonOutcome.init(rawValue:)),
                version: form.version, on: c)
        }
    }

    /// The second person approves a closure without action that the lead proposed.
    @Sendable static func approveClosure(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "ladder", VersionOnlyForm.self) { c, form in
            try await ApproveClosure.run(version: form.version, on: c)
        }
    }

    /// Reopening a closed case, with a reason.
    @Sendable static func reopen(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "ladder", ReopenForm.self) { c, form in
            try await ReopenCase.run(reason: CaseActions.trimmed(form.reason), version: form.version, on: c)
        }
    }

    // MARK: Consent, notes, tasks

    @Sendable static func requestConsent(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "consent", ConsentRequestForm.self) { c, form in
            try await RequestConsent.run(step: form.step ?? "", withWhom: CaseActions.trimmed(form.withWhom),
                                         information: CaseActions.trimmed(form.information), target: form.target,
                                         parts: (form.parts ?? []).compactMap(DossierPart.init(rawValue:)), version: form.version, on: c)
        }
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "notes", NoteForm.self) { c, form in
            try await AddCaseNote.run(text: form.text, version: form.version, on: c)
        }
    }

    @Sendable static func addTask(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "tasks", TaskForm.self) { c, form in
            try await AddCaseTask.run(title: form.text, owner: CaseActions.trimmed(form.owner),
                                      due: DateInput(day: form.dueDay, month: form.dueMonth, year: form.dueYear, iso: form.due).value,
                                      version: form.version, on: c)
        }
    }

    @Sendable static func completeTask(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "tasks", VersionOnlyForm.self) { c, form in
            guard let taskID = req.parameters.get("task", as: UUID.self) else { throw Abort(.notFound) }
            try await CompleteCaseTask.run(taskID: taskID, version: form.version, on: c)
        }
    }

    // MARK: The accused, assignment, conflicts

    @Sendable static func accusedRights(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "accused", AccusedRightsForm.self) { c, form in
            let dates = [DateInput(day: form.informedOnDay, month: form.informedOnMonth, year: form.informedOnYear, iso: form.informedOn),
                         DateInput(day: form.heardOnDay, month: form.heardOnMonth, year: form.heardOnYear, iso: form.heardOn),
                         DateInput(day: form.factsSharedOnDay, month: form.factsSharedOnMonth, year: form.factsSharedOnYear, iso: form.factsSharedOn),
                         DateInput(day: form.correctionsOnDay, month: form.correctionsOnMonth, year: form.correctionsOnYear, iso: form.correctionsOn)]
            guard !dates.contains(.invalid) else { throw Refusal("accused.error.date") }
            let rights = AccusedRights(informedOn: dates[0].value, informedBy: CaseActions.trimmed(form.informedBy), toldWhat: CaseActions.trimmed(form.toldWhat),
                                       heardOn: dates[1].value, counselOffered: form.counsel == "ja", factsSharedOn: dates[2].value,
                                       correctionsOn: dates[3].value, supportOffered: CaseActions.trimmed(form.support))
            try await RecordAccusedRights.run(rights, version: form.version, on: c)
        }
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "people", AssignForm.self,
                                  done: { (waits: Bool) in waits ? "people-asked" : "people" }) { c, form in
            guard let organisation = c.organisation, let kind = RecipientKind(rawValue: c.caseFile.recipient),
                  let team = req.application.caseRules.rules(on: c.today)?.team(for: kind) else { throw Refusal("assign.error.noTeam") }
            return try await c.perform(version: form.version) { c in
                let content = try c.crypto.open(ReportContent.self, from: c.report.contentSealed, purpose: .content)
                let parties = CaseStaffing.parties(accused: content.accused, witnesses: content.witnesses, organisation: organisation, on: c.today)
                let result = try await ReassignCase.run(
                    ReassignCase.Input(lead: CaseActions.trimmed(form.lead), second: CaseActions.trimmed(form.second), reason: CaseActions.trimmed(form.reason)),
                    by: ReassignCase.Actor(personID: c.personID, role: c.role, auditName: c.actor, now: c.now),
                    caseFile: c.caseFile, report: c.report, team: team, parties: parties,
                    declaredConflicts: try await CaseService.declaredConflicts(c.caseFile, db: c.db),
                    deputies: try await CaseService.deputies(c.caseFile, db: c.db),
                    organisation: organisation, today: c.today, crypto: c.crypto, db: c.db)
                // A refusal thrown here rolls back whatever the reassignment wrote.
                switch result {
                case .success(let done): return done.waitsForReporter
                case .failure(.reasonMissing): throw Refusal("assign.error.reason")
                case .failure(.policy(let refusal)): throw Refusal("assign.error.\(refusal.rawValue)")
                case .failure(.staffing(.samePerson)): throw Refusal("assign.error.samePerson")
                case .failure(.staffing(.notEligible(let id))): throw Refusal("assign.error.notEligible", ["name": c.name(of: id)])
                case .failure(.staffing(.conflict(let id, let reason))):
                    throw CaseActions.Refused(text: req.text("assign.error.conflict", ["name": c.name(of: id), "reason": req.text("conflict.\(reason.rawValue)")]))
                }
            }
        }
    }

    /// The body classifies the case in its annual report's typology.
    @Sendable static func classify(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "category", CategoryForm.self) { c, form in
            try await ClassifyCase.run(category: CaseActions.trimmed(form.category), version: form.version, on: c)
        }
    }

    /// A handler of a College case cites a member's registers as they stood on a day.
    @Sendable static func citeRegister(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "register-citations", RegisterCitationForm.self) { c, form in
            let day = DateInput(day: form.asOfDay, month: form.asOfMonth, year: form.asOfYear, iso: form.asOf).value
            try await CiteRegister.run(memberID: CaseActions.trimmed(form.member), asOf: day, version: form.version, on: c)
        }
    }

    /// A functionary declares a conflict of interest: they leave the case at once (and see it no more).
    @Sendable static func declareConflict(req: Request) async throws -> Response {
        // Leaving a case cannot be undone by the one who leaves: it asks for a confirmation and a reason,
        // which the others on the case read as an internal note (issue 15).
        let form = try req.content.decode(ConflictForm.self)
        guard let staff = req.staff else { throw Abort(.unauthorized) }
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        do {
            try await DeclareConflict.run(reason: form.reason, confirmed: form.confirm == "ja", reportID: id, staff: staff,
                                          localizer: req.localizer, app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await CasePage.render(req, try await CaseContext.load(req), error: req.text(refusal.key, refusal.values),
                                             draft: ["conflictReason": form.reason ?? ""], status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch is StaleVersion {
            throw Abort(.conflict)
        }
        return req.redirect(to: "/werkruimte")
    }
}
