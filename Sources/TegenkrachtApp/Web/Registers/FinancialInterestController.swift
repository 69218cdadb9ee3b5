import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Officials' financial interests (issue 14; woo-besluit §4.4): the official declares one with the
/// signs of harm to the service, the line manager assesses it on its page, the integrity coordinator
/// sees the whole register and HR what was declared in its employer's risk functions.
enum FinancialInterestController {
    struct Form: Content {
        var kind: String?
        var holder: String?
        var subject: String?
        var sinceDay: String?
        var sinceMonth: String?
        var sinceYear: String?
        var since: String?
        var signs: [String]?
        var explanation: String?
    }

    struct DecisionForm: Content {
        var outcome: String?
        var reason: String?
        var measures: String?
    }

    struct Row: Encodable, Sendable {
        let id: String
        let declarant: String
        let subject: String
        let kind: String
        /// Kind and subject, as the lists show them.
        let what: String
        let partner: Bool
        let riskFunction: String?
        let flagged: Bool
        let state: String
    }

    struct Page: Encodable, Sendable {
        let form: [String: String]
        let kinds: [CheckboxOption]
        let partner: Bool
        let signs: [CheckboxOption]
        let since: [DateField]
        let manager: String?
        /// The risk function the person holds, and whether they must declare.
        let riskFunction: String?
        let mustDeclare: Bool
        let own: [Row]
        let toDecide: [Row]
        let all: [Row]?
        let riskFunctions: [Row]?
        let errors: [String]
        let saved: Bool
    }

    static let path = "/werkruimte/financiele-belangen"

    @Sendable static func list(req: Request) async throws -> Response {
        try await render(req, Form(), errors: [], saved: req.query[String.self, at: "ok"] != nil, status: .ok)
    }

    static func render(_ req: Request, _ form: Form, errors: [String], saved: Bool, status: HTTPStatus) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        let app = req.application
        let t = req.localizer
        let organisation = try await app.organisationStore.current(on: req.db)
        let view = try await FinancialInterestRegister.load(for: personID, by: .staff(staff.userID), app: app, db: req.db)
        let riskFunction = organisation?.riskFunction(of: personID, on: app.today)
        let duty = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: app.today)?.financialInterestDuty ?? .riskFunctions
        let signs = Set(form.signs ?? [])
        let kind = form.kind ?? FinancialInterestDeclaration.Kind.securities.rawValue
        let rows = { (items: [FinancialInterestRegister.Item]) in items.map { row($0, req, organisation) } }
        let page = Page(
            form: ["subject": form.subject ?? "", "explanation": form.explanation ?? ""],
            kinds: FinancialInterestDeclaration.Kind.allCases.map {
                CheckboxOption(id: $0.rawValue, label: t.text("financialInterest.kind.\($0.rawValue)"), checked: $0.rawValue == kind)
            },
            partner: form.holder == FinancialInterestDeclaration.Holder.partner.rawValue,
            signs: FinancialInterestDeclaration.Sign.allCases.map {
                CheckboxOption(id: $0.rawValue, label: t.text("financialInterest.sign.\($0.rawValue)"), checked: signs.contains($0.rawValue))
            },
            since: [DateField(id: "since", name: "since", legend: t.text("financialInterest.since"),
                              typed: ["sinceDay": form.sinceDay, "sinceMonth": form.sinceMonth, "sinceYear": form.sinceYear].compactMapValues { $0 },
                              localizer: t)],
            manager: organisation?.lineManagers(of: personID, on: app.today).first?.name,
            riskFunction: riskFunction?.name,
            mustDeclare: duty.applies(holdsRiskFunction: riskFunction != nil),
            own: rows(view.own), toDecide: rows(view.toDecide),
            all: view.all.map(rows), riskFunctions: view.riskFunctions.map(rows),
            errors: errors, saved: saved)
        return try await req.renderPage("financial-interests", titleKey: "financialInterest.title", page, status: status)
    }

    static func row(_ item: FinancialInterestRegister.Item, _ req: Request, _ organisation: Organisation?) -> Row {
        let t = req.localizer
        let kind = t.text("financialInterest.kind.\(item.declaration.kind.rawValue)")
        return Row(id: item.id.uuidString, declarant: organisation?.person(id: item.declarantID)?.name ?? item.declarantID,
                   subject: item.declaration.subject, kind: kind, what: "\(kind): \(item.declaration.subject)",
                   partner: item.declaration.holder == .partner,
                   riskFunction: item.riskFunction.map { organisation?.riskFunction(id: $0)?.name ?? $0 },
                   flagged: item.declaration.flagged,
                   state: item.decision.map { t.text("financialInterest.outcome.\($0.outcome.rawValue)") } ?? t.text("declaration.waiting"))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        let form = try req.content.decode(Form.self)
        var errors: [String] = []
        let kind = form.kind.flatMap(FinancialInterestDeclaration.Kind.init(rawValue:))
        let since = DateInput(day: form.sinceDay, month: form.sinceMonth, year: form.sinceYear, iso: form.since).value
        if kind == nil { errors.append(req.text("financialInterest.error.kind")) }
        if since == nil { errors.append(req.text("register.error.date")) }
        guard errors.isEmpty, let kind, let since else {
            return try await render(req, form, errors: errors, saved: false, status: .unprocessableEntity)
        }
        let declaration = FinancialInterestDeclaration(
            kind: kind, holder: form.holder == FinancialInterestDeclaration.Holder.partner.rawValue ? .partner : .own,
            subject: form.subject ?? "", since: since,
            signs: Set((form.signs ?? []).compactMap(FinancialInterestDeclaration.Sign.init(rawValue:))),
            explanation: form.explanation ?? "")
        do {
            try await DeclareFinancialInterest.run(declarantID: personID, declaration: declaration, by: .staff(staff.userID),
                                                   app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, form, errors: [req.text(refusal.key, refusal.values)], saved: false, status: .unprocessableEntity)
        }
        return req.redirect(to: path + "?ok=1")
    }

    struct DetailPage: Encodable, Sendable {
        let row: Row
        let holder: String
        let since: String
        let answers: [SideActivityController.Answer]
        let explanation: String
        let manager: String
        let reason: String?
        let measures: String?
        let mayDecide: Bool
        let outcomes: [CheckboxOption]
        let form: [String: String]
        let errors: [String]
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await renderDetail(req, DecisionForm(), errors: [], status: .ok)
    }

    static func renderDetail(_ req: Request, _ form: DecisionForm, errors: [String], status: HTTPStatus) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        guard let id = req.parameters.get("interest").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let app = req.application
        let t = req.localizer
        let item: FinancialInterestRegister.Item
        do {
            item = try await FinancialInterestRegister.one(id, for: personID, by: .staff(staff.userID), app: app, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        let organisation = try await app.organisationStore.current(on: req.db)
        let declaration = item.declaration
        let page = DetailPage(
            row: row(item, req, organisation),
            holder: t.text("financialInterest.holder.\(declaration.holder.rawValue)"),
            since: t.longDate(declaration.since),
            answers: FinancialInterestDeclaration.Sign.allCases.map {
                SideActivityController.Answer(question: t.text("financialInterest.sign.\($0.rawValue)"), yes: declaration.signs.contains($0))
            },
            explanation: declaration.explanation,
            manager: organisation?.person(id: item.managerID)?.name ?? item.managerID,
            reason: item.decision?.reason, measures: item.decision.flatMap { $0.measures.isEmpty ? nil : $0.measures },
            mayDecide: !item.decided && item.managerID == personID,
            outcomes: FinancialInterestDecision.Outcome.allCases.map {
                CheckboxOption(id: $0.rawValue, label: t.text("financialInterest.outcome.\($0.rawValue)"), checked: $0.rawValue == form.outcome)
            },
            form: ["reason": form.reason ?? "", "measures": form.measures ?? ""], errors: errors)
        return try await req.renderPage("financial-interest", titleKey: "financialInterest.title", page, status: status)
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        guard let id = req.parameters.get("interest").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let form = try req.content.decode(DecisionForm.self)
        guard let outcome = form.outcome.flatMap(FinancialInterestDecision.Outcome.init(rawValue:)) else {
            return try await renderDetail(req, form, errors: [req.text("declaration.error.outcome")], status: .unprocessableEntity)
        }
        let decision = FinancialInterestDecision(outcome: outcome, reason: form.reason ?? "", measures: form.measures ?? "")
        do {
            try await DecideFinancialInterest.run(id: id, decision: decision, deciderID: personID, by: .staff(staff.userID),
                                                  app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch let refusal as Refusal {
            return try await renderDetail(req, form, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        }
        return req.redirect(to: "\(path)/\(id.uuidString)")
    }
}
