import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The MPs' registers behind the login (issue 14): a member submits their side activities, gifts and
/// foreign trips paid by others (a new entry, a change, a removal, an income statement); the Griffie
/// plenair submits on a member's behalf, publishes what it has checked, and sees who is late with
/// the income statement due 1 April (RvO art. 150a lid 1).
enum RegisterKeepingController {
    struct Form: Content {
        var member: String?
        var entry: String?
        var kind: String?
        var description: String?
        var paid: String?
        var removed: String?
        var incomeYear: String?
        var incomeAmount: String?
    }

    struct VersionRow: Encodable, Sendable {
        let id: String
        let member: String
        let kind: String
        let description: String
        let detail: String
        let submitted: String
        let published: String?
        let removed: Bool
    }

    struct InstructionForm: Content {
        var member: String?
        var issuedDay: String?
        var issuedMonth: String?
        var issuedYear: String?
        var required: String?
    }

    struct LateRow: Encodable, Sendable {
        let member: String
        let year: Int
    }

    /// A round of reminders to the members: which, to how many, how many by e-mail so far.
    struct ReminderRow: Encodable, Sendable {
        let round: String
        let members: Int
        let mailed: Int
    }

    struct Page: Encodable, Sendable {
        let isKeeper: Bool
        /// The Griffie, or a member's staff: the form asks for whom.
        let chooseMember: Bool
        let members: [CheckboxOption]
        let entries: [CheckboxOption]
        let kinds: [CheckboxOption]
        let form: [String: String]
        let paid: Bool
        let removed: Bool
        let mine: [VersionRow]
        let pending: [VersionRow]
        let late: [LateRow]
        let lateYear: Int
        let reminders: [ReminderRow]
        let issued: [DateField]
        let errors: [String]
        let saved: Bool
    }

    static func access(_ req: Request) async throws -> (SignedInStaff, String, Organisation, Bool) {
        guard let staff = req.staff, staff.role == .functionary, let personID = staff.personID,
              let organisation = try await req.application.organisationStore.current(on: req.db) else { throw Abort(.forbidden) }
        let keeper = organisation.keepsPublicRegisters(personID, on: req.application.today)
        guard keeper || organisation.isMemberOfParliament(personID) || !organisation.membersAssisted(by: personID).isEmpty else {
            throw Abort(.forbidden)
        }
        return (staff, personID, organisation, keeper)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, Form(), errors: [], saved: req.query[String.self, at: "ok"] != nil, status: .ok)
    }

    static func render(_ req: Request, _ form: Form, errors: [String], saved: Bool, status: HTTPStatus) async throws -> Response {
        let (_, personID, organisation, keeper) = try await access(req)
        let t = req.localizer
        let app = req.application
        // A member's staff (not a member themselves) submits for the members they assist.
        let assisted = organisation.isMemberOfParliament(personID) ? [] : organisation.membersAssisted(by: personID)
        let member = keeper || !assisted.isEmpty ? (form.member ?? "") : personID
        var mine: [RegisterVersionRecord] = []
        if !keeper {
            for id in assisted.isEmpty ? [personID] : assisted.map(\.id) { mine += try await PublicRegisterStore.versions(of: id, db: req.db) }
            mine.sort { $0.submittedAt > $1.submittedAt }
        }
        let pending = keeper ? try await PublicRegisterStore.pending(db: req.db) : []
        // The entries one can change: the member's, each with its latest text.
        var latest: [UUID: RegisterVersionRecord] = [:]
        for version in (keeper ? [] : mine) where latest[version.entryID] == nil { latest[version.entryID] = version }
        func row(_ v: RegisterVersionRecord) -> VersionRow {
            var detail: [String] = []
            if let paid = v.paid { detail.append(t.text(paid ? "register.paid" : "register.unpaid")) }
            if let year = v.incomeYear, let cents = v.incomeCents {
                detail.append(t.text("register.income", ["year": String(year), "amount": Money.text(cents, english: req.language == .english)]))
                if v.incomeLate { detail.append(t.text("register.late")) }
            }
            return VersionRow(id: v.id?.uuidString ?? "", member: organisation.person(id: v.memberID)?.name ?? v.memberID,
                              kind: t.text("register.kind.\(v.kind)"), description: v.description, detail: detail.joined(separator: "; "),
                              submitted: t.longDate(iso: v.submittedOn), published: v.publishedOn.map { t.longDate(iso: $0) }, removed: v.removed)
        }
        let lateYear = app.today.year - 1
        let late = keeper ? try await PublicRegisterStore.lateIncomeStatements(year: lateYear, app: app, db: req.db)
            .compactMap { organisation.person(id: $0) }.sorted { $0.name < $1.name }.map { LateRow(member: $0.name, year: lateYear) } : []
        let reminders = keeper ? try await MemberReminders.rounds(db: req.db).map {
            ReminderRow(round: roundText($0.round, t), members: $0.members, mailed: $0.mailed)
        } : []
        let page = Page(
            isKeeper: keeper, chooseMember: keeper || !assisted.isEmpty,
            members: (keeper ? organisation.membersOfParliament : assisted).map { CheckboxOption(id: $0.id, label: $0.name, checked: $0.id == member) },
            entries: latest.values.sorted { $0.submittedAt > $1.submittedAt }.map {
                CheckboxOption(id: $0.entryID.uuidString, label: "\(t.text("register.kind.\($0.kind)")): \($0.description)", checked: $0.entryID.uuidString == form.entry)
            },
            kinds: PublicRegister.Kind.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("register.kind.\($0.rawValue)"),
                                                                     checked: $0.rawValue == (form.kind ?? "nevenactiviteit")) },
            form: ["description": form.description ?? "", "incomeYear": form.incomeYear ?? "", "incomeAmount": form.incomeAmount ?? ""],
            paid: form.paid == "ja", removed: form.removed == "ja",
            mine: mine.map(row), pending: pending.map(row), late: late, lateYear: lateYear, reminders: reminders,
            issued: [DateField(id: "issued", name: "issued", legend: t.text("register.instruction.issued"), date: app.today, localizer: t)],
            errors: errors, saved: saved)
        return try await req.renderPage("register-keeping", titleKey: "register.keeping.title", page, status: status)
    }

    /// `registers-2027-07-15` reads "registers, 15 juli 2027"; `inkomsten-2026` "income statement 2026".
    static func roundText(_ key: String, _ t: Localizer) -> String {
        if key.hasPrefix("inkomsten-") { return t.text("memberReminder.round.income", ["year": String(key.dropFirst("inkomsten-".count))]) }
        let day = LocalDate(iso: String(key.dropFirst("registers-".count)))
        return t.text("memberReminder.round.registers", ["date": day.map { t.longDate($0) } ?? key])
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let (staff, personID, organisation, keeper) = try await access(req)
        let form = try req.content.decode(Form.self)
        var errors: [String] = []
        let kind = form.kind.flatMap(PublicRegister.Kind.init(rawValue:))
        let staffOfMember = !organisation.isMemberOfParliament(personID) && !organisation.membersAssisted(by: personID).isEmpty
        if kind == nil { errors.append(req.text("register.error.kind")) }
        let entryID = form.entry.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        var incomeYear: Int?
        var incomeCents: Int?
        let yearText = (form.incomeYear ?? "").trimmingCharacters(in: .whitespaces)
        let amountText = (form.incomeAmount ?? "").trimmingCharacters(in: .whitespaces)
        if !yearText.isEmpty || !amountText.isEmpty {
            incomeYear = Int(yearText)
            incomeCents = Money.cents(from: amountText)
            if incomeYear == nil || incomeCents == nil { errors.append(req.text("register.error.income")) }
        }
        guard errors.isEmpty, let kind else { return try await render(req, form, errors: errors, saved: false, status: .unprocessableEntity) }
        let submission = RegisterSubmission(memberID: keeper || staffOfMember ? (form.member ?? "") : personID, entryID: entryID, kind: kind,
                                            description: form.description ?? "", paid: kind == .sideActivity ? form.paid == "ja" : nil,
                                            removed: form.removed == "ja", incomeYear: incomeYear, incomeCents: incomeCents)
        do {
            try await SubmitRegisterEntry.run(submission, submitterID: personID, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch is NotFound {
            return try await render(req, form, errors: [req.text("register.error.entry")], saved: false, status: .unprocessableEntity)
        } catch let refusal as Refusal {
            return try await render(req, form, errors: [req.text(refusal.key, refusal.values)], saved: false, status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/registers?ok=1")
    }

    @Sendable static func publish(req: Request) async throws -> Response {
        let (staff, personID, _, keeper) = try await access(req)
        guard keeper, let id = req.parameters.get("version").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        do {
            try await PublishRegisterVersion.run(versionID: id, keeperID: personID, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch let refusal as Refusal where refusal.key == "register.error.publishedAlready" {
            // A second click: it is published, which is what was asked.
        } catch let refusal as Refusal {
            return try await render(req, Form(), errors: [req.text(refusal.key, refusal.values)], saved: false, status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/registers?ok=1")
    }

    /// The Griffie records an instruction to register; the member's public page then shows whether
    /// it was followed and since when.
    @Sendable static func instruct(req: Request) async throws -> Response {
        let (staff, personID, _, keeper) = try await access(req)
        guard keeper else { throw Abort(.notFound) }
        let form = try req.content.decode(InstructionForm.self)
        guard let issued = DateInput(day: form.issuedDay, month: form.issuedMonth, year: form.issuedYear).value else {
            return try await render(req, Form(member: form.member), errors: [req.text("register.error.date")], saved: false, status: .unprocessableEntity)
        }
        do {
            try await RecordRegistrationInstruction.run(memberID: form.member ?? "", issuedOn: issued,
                                                        required: (form.required ?? "").components(separatedBy: .newlines),
                                                        keeperID: personID, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, Form(member: form.member), errors: [req.text(refusal.key, refusal.values)], saved: false,
                                    status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/registers?ok=1")
    }
}
