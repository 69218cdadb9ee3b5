import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The reporter's side of case handling in the portal: consent requests to answer (and consents to
/// withdraw), aftercare check-ins, asking for another handler, reporting retaliation, and a summary
/// of who looked at the report.
enum PortalCase {
    struct View: Encodable, Sendable {
        let consents: [CaseService.ConsentView]
        let checkIns: [CheckIn]
        let referrals: [CaseView.ReferralItem]
        let access: [AccessHistory.SummaryItem]
        let handlerChangeRequested: Bool
        /// The new lead's name, while the reporter is asked whether they may read the reporter's name.
        let identityShareAskedFor: String?
        /// People a reassignment would bring in, by name and role, while the reporter is asked whether
        /// they may read the report (issue 15); empty when nothing waits.
        let newReaders: [String]
        /// Which proposal the answer is to (`ReassignCase.proposalKey`).
        let newReaderProposal: String?
        let isRetaliationCase: Bool
        let closed: Bool
        /// What the reporter is told when the case is closed (issue 15).
        let closure: Closure?
        let escrowed: Bool
        let escrowMatched: Bool
    }

    /// A closed case as the reporter reads it: the outcome, what the handler wrote for them, and the
    /// aftercare check-ins still to come, so that "closed" never hides a planned question.
    struct Closure: Encodable, Sendable {
        let outcome: String
        let closedOn: String
        let message: String?
        let planned: [String]
    }

    static func closure(_ caseFile: CaseFile, crypto: ReportCrypto, req: Request) async throws -> Closure? {
        guard caseFile.stage == CaseStage.closed.rawValue else { return nil }
        let t = req.localizer
        let caseID = try caseFile.requireID()
        let today = req.application.today
        let move = try await CaseTransitionRecord.query(on: req.db).filter(\.$caseFile.$id == caseID)
            .filter(\.$toStage == CaseStage.closed.rawValue).sort(\.$occurredAt, .descending).first()
        let details = try move.map { try crypto.open(TransitionDetails.self, from: $0.detailsSealed, purpose: .transition(try $0.requireID())) }
        let planned = try await AftercareCheckIn.query(on: req.db).filter(\.$caseFile.$id == caseID)
            .filter(\.$party == AftercareParty.reporter.rawValue).filter(\.$answeredAt == nil).filter(\.$due > today.iso).sort(\.$due).all()
        return Closure(outcome: t.text("outcome.\(caseFile.outcome ?? "")"),
                       closedOn: caseFile.closedAt.map { req.date(ReportService.localDate($0, app: req.application)) } ?? "",
                       message: details?.reporterMessage, planned: planned.map { t.longDate(iso: $0.due) })
    }

    struct CheckIn: Encodable, Sendable {
        let id: String
        let due: String
    }

    static func view(_ report: Report, caseFile: CaseFile, req: Request) async throws -> View {
        let app = req.application
        let t = req.localizer
        let today = app.today
        let crypto = try ReportService.crypto(for: report, app: app)
        let caseID = try caseFile.requireID()
        let rules = app.caseRules.rules(on: today)
        let organisation = try await app.organisationStore.current(on: req.db)
        return View(
            consents: try await CaseService.consents(caseFile, crypto: crypto, app: app, db: req.db, localizer: t)
                .filter { $0.consentState == .requested || $0.consentState == .given },
            checkIns: try await AftercareCheckIn.query(on: req.db).filter(\.$caseFile.$id == caseID).filter(\.$party == AftercareParty.reporter.rawValue)
                .filter(\.$answeredAt == nil).filter(\.$due <= today.iso).sort(\.$due).all()
                .map { CheckIn(id: try $0.requireID().uuidString, due: req.localizer.longDate(iso: $0.due)) },
            referrals: try await CaseReferral.query(on: req.db).filter(\.$caseFile.$id == caseID).sort(\.$createdAt).all().map { r in
                CaseView.ReferralItem(target: t.text("referral.target.\(r.target)"), state: t.text("referral.state.\(r.state)"),
                                      at: req.dateTime(r.createdAt),
                                      guidance: rules?.referralTarget(id: r.target)?.guidance == true ? t.text("referral.guidance.\(r.target)") : nil)
            },
            access: try await AccessHistory.summary(subject: "report:\(try report.requireID())", organisation: organisation,
                                                    app: app, db: req.db, localizer: t),
            handlerChangeRequested: caseFile.handlerChangeRequested,
            identityShareAskedFor: caseFile.identityShareAskedFor.flatMap { asked in
                asked == caseFile.leadPersonID ? (organisation?.person(id: asked)?.name ?? asked) : nil
            },
            newReaders: try await newReaders(caseFile, organisation: organisation, req: req),
            newReaderProposal: ReassignCase.proposalKey(caseFile),
            isRetaliationCase: caseFile.linkedCaseID != nil,
            closed: caseFile.stage == CaseStage.closed.rawValue,
            closure: try await closure(caseFile, crypto: crypto, req: req),
            escrowed: caseFile.escrowed, escrowMatched: caseFile.escrowMatchedAt != nil)
    }

    /// Who can see the report, in the reporter's words: the lead (with the name, if confidential), the
    /// second person (without it) and the team.
    /// Who can read the report, as the intake confirmation and the portal both say it (issue 15: they
    /// agree, and they agree with the case: nobody with a conflict, the deputies called in).
    static func readers(_ report: Report, app: Application, db: any Database, localizer t: Localizer) async throws -> [String] {
        let caseFile = try await CaseService.caseFile(for: report, app: app, db: db)
        return canSee(caseFile, report: report, organisation: try await app.organisationStore.current(on: db),
                      declared: try await CaseService.declaredConflicts(caseFile, db: db),
                      deputies: try await CaseService.deputies(caseFile, db: db), app: app, on: app.today, localizer: t)
    }

    static func canSee(_ caseFile: CaseFile, report: Report, organisation: Organisation?, declared: Set<String> = [],
                       deputies: Set<String> = [], app: Application, on date: LocalDate, localizer t: Localizer) -> [String] {
        guard let organisation else { return [] }
        // Matching escrow: sealed for everyone until another report names the same person.
        guard !caseFile.escrowed else { return [t.text("cansee.escrowed")] }
        func describe(_ id: String, _ key: String) -> String? {
            organisation.person(id: id).map { person in
                let role = organisation.roles(of: id, on: date).first.map { t.text("role.\($0.role.rawValue)") } ?? ""
                return t.text(key, ["name": person.name, "role": role])
            }
        }
        var lines: [String] = []
        let confidential = report.identityMode == IdentityMode.confidential.rawValue
        let leadKey = !confidential ? "cansee.lead"
            : caseFile.identityReader == caseFile.leadPersonID ? "cansee.leadWithName" : "cansee.leadWithoutName"
        if let lead = caseFile.leadPersonID, let line = describe(lead, leadKey) {
            lines.append(line)
        }
        if let second = caseFile.secondPersonID, let line = describe(second, confidential ? "cansee.secondWithoutName" : "cansee.second") {
            lines.append(line)
        }
        let members = CaseService.memberRoles(caseFile.recipient, app: app, on: date)
        let known = Set([caseFile.leadPersonID, caseFile.secondPersonID].compactMap { $0 })
        for id in CaseStaffing.holders(of: members, organisation: organisation, on: date) + deputies.sorted()
        where !known.contains(id) && !declared.contains(id) {
            if let line = describe(id, "cansee.member") { lines.append(line) }
        }
        return lines
    }

    /// The people a waiting reassignment would bring in, as the reporter reads them.
    static func newReaders(_ caseFile: CaseFile, organisation: Organisation?, req: Request) async throws -> [String] {
        let app = req.application
        guard caseFile.proposedLead != nil, let organisation, let kind = RecipientKind(rawValue: caseFile.recipient),
              let team = app.caseRules.rules(on: app.today)?.team(for: kind) else { return [] }
        let readers = CaseService.readerIDs(caseFile, team: team, organisation: organisation,
                                            declared: try await CaseService.declaredConflicts(caseFile, db: req.db),
                                            deputies: try await CaseService.deputies(caseFile, db: req.db), on: app.today)
        // Everyone proposed if nobody is new any more (someone became a reader meanwhile): a waiting
        // proposal always has its question.
        let newcomers = ReassignCase.proposedNewcomers(caseFile, readers: readers)
        let shown = newcomers.isEmpty ? [caseFile.proposedLead, caseFile.proposedSecond].compactMap { $0 } : newcomers
        return shown.map { id in
            let role = organisation.roles(of: id, on: app.today).first.map { req.text("role.\($0.role.rawValue)") } ?? ""
            return req.text("cansee.member", ["name": organisation.person(id: id)?.name ?? id, "role": role])
        }
    }

    struct Form: Content {
        var decision: String?
        var proposal: String?
        var stopped: String?
        var wellbeing: String?
        var satisfaction: String?
        var text: String?
        var confirm: String?
    }

    /// Runs a portal action on the signed-in reporter's case through its use case, each one unit of
    /// work; a refusal rolls it back and re-renders the portal; a case changed meanwhile (by a
    /// handler) is refused as stale.
    static func act(_ req: Request, ok: String,
                    _ action: @escaping @Sendable (Report, CaseFile, Form) async throws -> Void) async throws -> Response {
        guard let report = try await PortalSession.currentReport(req) else { return req.redirect(to: "/portaal?verlopen=1") }
        let form = try req.content.decode(Form.self)
        let caseFile = try await CaseService.caseFile(for: report, app: req.application, db: req.db)
        do {
            try await action(report, caseFile, form)
        } catch let refusal as Refusal {
            return try await PortalPage.render(req, report, notice: nil, error: req.text(refusal.key, refusal.values), status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch is StaleVersion {
            return try await PortalPage.render(req, report, notice: nil, error: req.text("case.error.stale"), status: .conflict)
        }
        await Outbox.deliverPending(subject: try caseFile.requireID().uuidString, app: req.application)
        return req.redirect(to: "/portaal/melding?ok=\(ok)")
    }

    @Sendable static func decideConsent(req: Request) async throws -> Response {
        try await act(req, ok: "toestemming") { report, caseFile, form in
            guard let id = req.parameters.get("consent", as: UUID.self) else { throw Abort(.notFound) }
            try await DecideConsent.run(consentID: id, decision: form.decision.flatMap(DecideConsent.Decision.init(rawValue:)),
                                        caseFile: caseFile, report: report, app: req.application, db: req.db)
        }
    }

    @Sendable static func answerCheckIn(req: Request) async throws -> Response {
        try await act(req, ok: "nazorg") { report, caseFile, form in
            guard let id = req.parameters.get("checkin", as: UUID.self) else { throw Abort(.notFound) }
            try await AnswerCheckIn.run(checkInID: id, stopped: AftercareAnswers.yesNo(form.stopped), wellbeing: form.wellbeing,
                                        satisfaction: form.satisfaction, caseFile: caseFile, report: report, app: req.application, db: req.db)
        }
    }

    /// The reporter lifts the escrow: the handler may read the report now.
    @Sendable static func releaseEscrow(req: Request) async throws -> Response {
        try await act(req, ok: "verzegeling") { report, caseFile, _ in
            try await ReleaseEscrow.run(caseFile: caseFile, report: report, app: req.application, db: req.db)
        }
    }

    /// The reporter answers whether a new lead may read their confidential name.
    @Sendable static func decideIdentityShare(req: Request) async throws -> Response {
        try await act(req, ok: "naam-delen") { report, caseFile, form in
            let allow: Bool? = switch form.decision { case "ja": true; case "nee": false; default: nil }
            try await DecideIdentityShare.run(allow: allow, caseFile: caseFile, report: report, app: req.application, db: req.db)
        }
    }

    /// The reporter answers whether the people a reassignment would bring in may read the report.
    @Sendable static func decideNewReader(req: Request) async throws -> Response {
        try await act(req, ok: "nieuwe-lezer") { report, caseFile, form in
            let allow: Bool? = switch form.decision { case "ja": true; case "nee": false; default: nil }
            try await DecideNewReader.run(allow: allow, proposal: form.proposal, caseFile: caseFile, report: report,
                                          app: req.application, db: req.db)
        }
    }

    @Sendable static func requestOtherHandler(req: Request) async throws -> Response {
        try await act(req, ok: "anderebehandelaar") { report, caseFile, _ in
            try await RequestOtherHandler.run(caseFile: caseFile, report: report, app: req.application, db: req.db)
        }
    }

    /// Retaliation after reporting: a new report, linked to this case, with priority and the same
    /// handlers. The reporter gets a receipt code of its own on the next page.
    @Sendable static func reportRetaliation(req: Request) async throws -> Response {
        guard let report = try await PortalSession.currentReport(req) else { return req.redirect(to: "/portaal?verlopen=1") }
        let form = try req.content.decode(Form.self)
        let app = req.application
        let receipt: ReportService.Receipt
        do {
            receipt = try await ReportRetaliation.run(text: form.text, report: report, app: app, db: req.db)
        } catch let refusal as Refusal {
            return try await PortalPage.render(req, report, notice: nil, error: req.text(refusal.key, refusal.values), status: .unprocessableEntity)
        }
        var handlers: [String] = []
        if let stored = try await Report.find(receipt.reportID, on: req.db) {
            handlers = try await readers(stored, app: app, db: req.db, localizer: req.localizer)
        }
        let next = try await ReporterClock.confirmation(receipt, app: app, db: req.db, localizer: req.localizer)
        return try await req.renderPage("intake-confirmation", titleKey: "intake.done.title", ConfirmationPage(
            code: receipt.code.description, receivedAt: req.dateTime(receipt.submittedAt),
            next: next, handlers: handlers))
    }
}
