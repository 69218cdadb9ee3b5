import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Making a report: the form (pre-filled from the route finder), checks that keep everything typed,
/// and a confirmation with the receipt code only after the report is safely stored.
enum IntakeController {
    struct FormContent: Encodable, Sendable {
        let kinds: [Choice]
        let modes: [Choice]
        let advisors: [AdvisorChoice]
        let centralChecked: Bool
        let committeeChecked: Bool
        let collegeChecked: Bool
        let places: [Choice]
        let frequencies: [Choice]
        let behaviourGroups: [BehaviourGroup]
        let integrity: Bool
        let wrongdoing: Bool
        let criminal: Bool
        let form: Values
        let errors: [String: String]
        let errorList: [ErrorLink]
        let reselectFiles: Bool
        let maxMegabytes: Int
        let signedIn: Bool
        let linkAccount: Bool
        let escrow: Bool
    }

    struct AlreadyContent: Encodable, Sendable {}


    /// The empty form. A start with an advisor chosen is posted (`start`), so that no address in a
    /// shared browser's history names the advisor.
    @Sendable static func form(req: Request) async throws -> Response {
        try await render(req, IntakeForm(), errors: [], status: .ok)
    }

    /// From the route finder's result: the answers so far, and the route chosen.
    @Sendable static func start(req: Request) async throws -> Response {
        var form = try req.content.decode(IntakeForm.self)
        if form.kind == nil {
            form.kind = RecipientKind(rawValue: form.recipient ?? "")?.takesComplaints == true ? ReportKind.complaint.rawValue : ReportKind.report.rawValue
        }
        return try await render(req, form, errors: [], status: .ok)
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        // The report's id and data key come first: attachments are sealed with it as they stream in.
        let crypto = ReportCrypto(dataKey: ReportCrypto.newKey(), reportID: UUID())
        let upload = try await IntakeUpload.read(req, crypto: crypto)
        defer { for path in upload.spoolPaths { try? FileManager.default.removeItem(atPath: path) } }
        let form = try URLEncodedFormDecoder().decode(IntakeForm.self, from: upload.encodedFields)
        let content = form.content
        let identity = form.identity
        var problems = try await problems(form, req: req)
        problems += upload.problems
        guard problems.isEmpty, let kind = form.kind.flatMap(ReportKind.init(rawValue:)),
              let mode = form.mode.flatMap(IdentityMode.init(rawValue:)), let recipient = form.recipientKind else {
            let filesChosen = !upload.spoolPaths.isEmpty || upload.problems.contains { $0.field == "attachment" }
            // Only the attachments are wrong: back to the check page, where they are chosen.
            if problems.allSatisfy({ checkStepFields.contains($0.field) }) {
                return try await renderCheck(req, form, errors: problems, status: .unprocessableEntity, filesChosen: filesChosen)
            }
            return try await render(req, form, errors: problems, status: .unprocessableEntity, filesChosen: filesChosen)
        }
        var submissionKey = SubmissionKey(form.submission)
        submissionKey?.content = upload.encodedFields
        let receipt: ReportService.Receipt
        var repeated = false
        do {
            receipt = try await ReportService.submit(
                Submission(kind: kind, mode: mode, recipient: recipient, handlerPersonID: form.advisorPersonID,
                           secondPersonID: form.secondPerson, content: content, identity: identity, attachments: upload.files, escrow: form.escrow == "on",
                           sealedWith: crypto, submissionKey: submissionKey),
                app: req.application, db: req.db)
        } catch let refusal as Refusal where refusal.key == "check.error.secondPerson" {
            return try await renderCheck(req, form, errors: [.init(field: "secondPerson", key: refusal.key)], status: .unprocessableEntity)
        } catch let duplicate as DuplicateSubmission {
            // The same form posted twice: the first report, with its code, never a second one.
            guard let key = submissionKey, let earlier = try await Report.find(duplicate.reportID, on: req.db),
                  let sealed = earlier.receiptSealed,
                  req.application.clock.now.timeIntervalSince(earlier.submittedAt) < SubmissionKey.revealWindow,
                  let text = key.open(sealed, reportID: duplicate.reportID), let code = ReceiptCode(typed: text) else {
                return try await req.renderPage("intake-already", titleKey: "intake.already.title", AlreadyContent(), status: .ok)
            }
            receipt = ReportService.Receipt(code: code, reportID: duplicate.reportID, submittedAt: earlier.submittedAt)
            repeated = true
        }
        // A staff member reporting under their own name can reach the report through their account.
        if !repeated, let staff = req.staff, staff.stage == .complete, mode != .anonymous, form.linkAccount == "on",
           let user = try await StaffUser.find(staff.userID, on: req.db) {
            try await OwnReports.add(receipt.reportID, to: user, app: req.application, db: req.db)
        }
        // Only now, after the commit, is the report confirmed; who reads it is said as the portal says it.
        var handlers: [String] = []
        if let stored = try await Report.find(receipt.reportID, on: req.db) {
            handlers = try await PortalCase.readers(stored, app: req.application, db: req.db, localizer: req.localizer)
        }
        let next = try await ReporterClock.confirmation(receipt, app: req.application, db: req.db, localizer: req.localizer)
        return try await req.renderPage("intake-confirmation", titleKey: "intake.done.title", ConfirmationPage(
            code: receipt.code.description,
            receivedAt: req.dateTime(receipt.submittedAt),
            next: next, handlers: handlers))
    }

    static func render(_ req: Request, _ form: IntakeForm, errors: [IntakeValidator.Problem], status: HTTPStatus,
                       filesChosen: Bool = false) async throws -> Response {
        let t = req.localizer
        let today = req.application.today
        let organisation = try await req.application.organisationStore.current(on: req.db)
        var advisors: [AdvisorChoice] = []
        if let organisation {
            for role in [FunctionaryRole.confidentialAdvisorUnwantedBehaviour, .confidentialAdvisorIntegrity] {
                for holder in organisation.holders(of: role, on: today) where !advisors.contains(where: { $0.value == "vp:\(holder.person.id)" }) {
                    advisors.append(AdvisorChoice(
                        value: "vp:\(holder.person.id)", name: holder.person.name, role: t.text("role.\(role.rawValue)"),
                        affiliation: Affiliation.text(holder.assignment, organisation, today, req),
                        otherRoles: organisation.roles(of: holder.person.id, on: today)
                            .filter { !$0.role.isConfidentialAdvisor }.map { t.text("role.\($0.role.rawValue)") },
                        checked: form.recipient == "vp:\(holder.person.id)"))
                }
            }
        }
        let items = Set(form.item ?? [])
        let places = Set(form.place ?? [])
        var values = Values()
        values.whatHappened = form.whatHappened ?? ""; values.when = form.when ?? ""
        values.witnesses = form.witnesses ?? ""; values.othersAffected = form.othersAffected ?? ""
        values.impact = form.impact ?? ""; values.wish = form.wish ?? ""
        values.name = form.name ?? ""; values.email = form.email ?? ""; values.phone = form.phone ?? ""; values.function = form.function ?? ""
        values.postalAddress = form.postalAddress ?? ""
        // A new form gets a new submission key; a form shown again after an error keeps its own.
        values.submission = SubmissionKey(form.submission)?.value
            ?? (req.renderingSharedPage ? SharedPages.submissionPlaceholder : SubmissionKey.generate())
        values.accused0Name = form.accused0Name ?? ""; values.accused0Function = form.accused0Function ?? ""; values.accused0Unit = form.accused0Unit ?? ""
        values.accused1Name = form.accused1Name ?? ""; values.accused1Function = form.accused1Function ?? ""; values.accused1Unit = form.accused1Unit ?? ""
        values.reporterGroup = form.reporterGroup ?? ""; values.accusedGroup = form.accusedGroup ?? ""
        var fieldErrors: [String: String] = [:]
        for problem in errors where fieldErrors[problem.field] == nil {
            fieldErrors[problem.field] = t.text(problem.key, problem.arguments)
        }
        let content = FormContent(
            kinds: ReportKind.allCases.map {
                Choice(value: $0.rawValue, label: t.text("reportkind.\($0.rawValue)"), hint: t.text("reportkind.\($0.rawValue).hint"),
                       checked: form.kind == $0.rawValue)
            },
            modes: IdentityMode.allCases.map {
                Choice(value: $0.rawValue, label: t.text("mode.\($0.rawValue)"), hint: t.text("mode.\($0.rawValue).hint"),
                       checked: form.mode == $0.rawValue)
            },
            advisors: advisors,
            centralChecked: form.recipient == RecipientKind.centralRoute.rawValue,
            committeeChecked: form.recipient == RecipientKind.complaintsCommittee.rawValue,
            collegeChecked: form.recipient == RecipientKind.integrityBoard.rawValue,
            places: Place.allCases.map { Choice(value: $0.rawValue, label: t.text("place.\($0.rawValue)"), checked: places.contains($0.rawValue)) },
            frequencies: Frequency.allCases.map { Choice(value: $0.rawValue, label: t.text("frequency.\($0.rawValue)"), checked: form.frequency == $0.rawValue) },
            behaviourGroups: BehaviourItem.groups.map { group in
                BehaviourGroup(label: t.text("behaviourgroup.\(group)"),
                    items: BehaviourItem.all.filter { $0.group == group }.map {
                        Choice(value: $0.code, label: t.text("behaviour.\($0.code)"), checked: items.contains($0.code))
                    })
            },
            integrity: form.integrity == "on", wrongdoing: form.wrongdoing == "on", criminal: form.criminal == "on",
            form: values, errors: fieldErrors,
            errorList: errors.map { ErrorLink(text: t.text("intake.field.\($0.field)") + ": " + t.text($0.key, $0.arguments),
                                              anchor: ErrorLink.anchors[$0.field] ?? $0.field) },
            reselectFiles: !errors.isEmpty && filesChosen,
            maxMegabytes: AttachmentPolicy.maxBytes / 1_048_576,
            signedIn: req.staff?.stage == .complete,
            linkAccount: form.linkAccount == "on" || (form.kind == nil && req.staff?.stage == .complete),
            escrow: form.escrow == "on")
        return try await req.renderPage("intake", titleKey: "intake.title", content, status: status)
    }
}
