import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Employees' declarations of gifts, services, discounts and invitations (issue 14): the employee
/// declares here, their line manager decides on the declaration's page, and the integrity
/// coordinator sees the whole register on this page. Nobody else sees a declaration.
enum DeclarationController {
    struct Form: Content {
        var kind: String?
        var giver: String?
        var occasion: String?
        var value: String?
        var dateDay: String?
        var dateMonth: String?
        var dateYear: String?
        var date: String?
        var timing: String?
        var atHome: String?
        var foreign: String?
    }

    struct DecisionForm: Content {
        var outcome: String?
        var surrender: String?
        var reason: String?
        var conditions: String?
    }

    struct Row: Encodable, Sendable {
        let id: String
        let declarant: String
        let kind: String
        let giver: String
        let value: String
        let date: String
        let flags: [String]
        let state: String
        let decided: Bool
    }

    struct Page: Encodable, Sendable {
        let form: [String: String]
        let kinds: [CheckboxOption]
        let timings: [CheckboxOption]
        let atHome: Bool
        let foreign: Bool
        let date: [DateField]
        let threshold: String
        let manager: String?
        let own: [Row]
        let toDecide: [Row]
        let all: [Row]?
        let errors: [String]
        let saved: Bool
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await render(req, Form(), errors: [], saved: req.query[String.self, at: "ok"] != nil, status: .ok)
    }

    static func personID(_ req: Request) throws -> (SignedInStaff, String) {
        guard let staff = req.staff, staff.role == .functionary, let personID = staff.personID else { throw Abort(.forbidden) }
        return (staff, personID)
    }

    static func render(_ req: Request, _ form: Form, errors: [String], saved: Bool, status: HTTPStatus) async throws -> Response {
        let (staff, personID) = try personID(req)
        let app = req.application
        let t = req.localizer
        let organisation = try await app.organisationStore.current(on: req.db)
        let view = try await GiftRegister.load(for: personID, by: .staff(staff.userID), app: app, db: req.db)
        let threshold = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: app.today)?.giftThresholdCents ?? 0
        let page = Page(
            form: ["giver": form.giver ?? "", "occasion": form.occasion ?? "", "value": form.value ?? ""],
            kinds: GiftDeclaration.Kind.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("declaration.kind.\($0.rawValue)"),
                                                                       checked: $0.rawValue == (form.kind ?? "geschenk")) },
            timings: GiftDeclaration.Timing.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("declaration.timing.\($0.rawValue)"),
                                                                         checked: $0.rawValue == (form.timing ?? "achteraf")) },
            atHome: form.atHome == "ja", foreign: form.foreign == "ja",
            date: [DateField(id: "date", name: "date", legend: t.text("declaration.date"),
                             typed: ["dateDay": form.dateDay, "dateMonth": form.dateMonth, "dateYear": form.dateYear].compactMapValues { $0 },
                             localizer: t)],
            threshold: Money.text(threshold, english: req.language == .english),
            manager: organisation?.lineManagers(of: personID, on: app.today).first?.name,
            own: view.own.map { row($0, req, organisation) },
            toDecide: view.toDecide.map { row($0, req, organisation) },
            all: view.all.map { $0.map { row($0, req, organisation) } },
            errors: errors, saved: saved)
        return try await req.renderPage("declarations", titleKey: "declaration.title", page, status: status)
    }

    static func row(_ item: GiftRegister.Item, _ req: Request, _ organisation: Organisation?) -> Row {
        let t = req.localizer
        return Row(id: item.id.uuidString, declarant: organisation?.person(id: item.declarantID)?.name ?? item.declarantID,
                   kind: t.text("declaration.kind.\(item.declaration.kind.rawValue)"), giver: item.declaration.giver,
                   value: Money.text(item.declaration.valueCents, english: req.language == .english),
                   date: t.longDate(item.declaration.date), flags: item.flags.map { t.text("declaration.flag.\($0.rawValue)") },
                   state: item.decision.map { outcomeText($0, t) } ?? t.text("declaration.waiting"), decided: item.decided)
    }

    static func outcomeText(_ decision: GiftDecision, _ t: Localizer) -> String {
        let outcome = t.text("declaration.outcome.\(decision.outcome.rawValue)")
        guard let surrender = decision.surrender else { return outcome }
        return "\(outcome): \(t.text("declaration.surrender.\(surrender.rawValue)"))"
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let (staff, personID) = try personID(req)
        let form = try req.content.decode(Form.self)
        var errors: [String] = []
        let kind = form.kind.flatMap(GiftDeclaration.Kind.init(rawValue:))
        let timing = form.timing.flatMap(GiftDeclaration.Timing.init(rawValue:))
        let cents = form.value.flatMap(Money.cents(from:))
        let date = DateInput(day: form.dateDay, month: form.dateMonth, year: form.dateYear, iso: form.date).value
        if kind == nil { errors.append(req.text("declaration.error.kind")) }
        if timing == nil { errors.append(req.text("declaration.error.timing")) }
        if cents == nil { errors.append(req.text("register.error.value")) }
        if date == nil { errors.append(req.text("register.error.date")) }
        guard errors.isEmpty, let kind, let timing, let cents, let date else {
            return try await render(req, form, errors: errors, saved: false, status: .unprocessableEntity)
        }
        let declaration = GiftDeclaration(kind: kind, giver: form.giver ?? "", occasion: form.occasion ?? "", valueCents: cents, date: date,
                                          timing: timing, atHomeAddress: form.atHome == "ja", foreignRelation: form.foreign == "ja")
        do {
            try await DeclareGift.run(declarantID: personID, declaration: declaration, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, form, errors: [req.text(refusal.key, refusal.values)], saved: false, status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/verklaringen?ok=1")
    }

    struct DetailPage: Encodable, Sendable {
        let row: Row
        let occasion: String
        let timing: String
        let manager: String
        let reason: String?
        let conditions: String?
        let mayDecide: Bool
        let outcomes: [CheckboxOption]
        let surrenders: [CheckboxOption]
        let form: [String: String]
        let errors: [String]
        let sources: String
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await renderDetail(req, DecisionForm(), errors: [], status: .ok)
    }

    static func renderDetail(_ req: Request, _ form: DecisionForm, errors: [String], status: HTTPStatus) async throws -> Response {
        let (staff, personID) = try personID(req)
        guard let id = req.parameters.get("declaration").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let app = req.application
        let t = req.localizer
        let item: GiftRegister.Item
        do {
            item = try await GiftRegister.one(id, for: personID, by: .staff(staff.userID), app: app, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        let organisation = try await app.organisationStore.current(on: req.db)
        let rules = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: item.declaration.date)
        let page = DetailPage(
            row: row(item, req, organisation), occasion: item.declaration.occasion,
            timing: t.text("declaration.timing.\(item.declaration.timing.rawValue)"),
            manager: organisation?.person(id: item.managerID)?.name ?? item.managerID,
            reason: item.decision?.reason, conditions: item.decision.flatMap { $0.conditions.isEmpty ? nil : $0.conditions },
            mayDecide: !item.decided && item.managerID == personID,
            outcomes: GiftDecision.Outcome.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("declaration.outcome.\($0.rawValue)"),
                                                                         checked: $0.rawValue == form.outcome) },
            surrenders: GiftDecision.Surrender.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("declaration.surrender.\($0.rawValue)"),
                                                                             checked: $0.rawValue == form.surrender) },
            form: ["reason": form.reason ?? "", "conditions": form.conditions ?? ""], errors: errors,
            sources: rules?.sources["giftThresholdCents"] ?? "")
        return try await req.renderPage("declaration", titleKey: "declaration.title", page, status: status)
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let (staff, personID) = try personID(req)
        guard let id = req.parameters.get("declaration").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let form = try req.content.decode(DecisionForm.self)
        guard let outcome = form.outcome.flatMap(GiftDecision.Outcome.init(rawValue:)) else {
            return try await renderDetail(req, form, errors: [req.text("declaration.error.outcome")], status: .unprocessableEntity)
        }
        let surrender = form.surrender.flatMap { $0.isEmpty ? nil : GiftDecision.Surrender(rawValue: $0) }
        // A surrender chosen with "keep" or "return" is ignored: only a surrender says how.
        let decision = GiftDecision(outcome: outcome, surrender: outcome == .surrender ? surrender : nil,
                                    reason: form.reason ?? "", conditions: form.conditions ?? "")
        do {
            try await DecideGift.run(id: id, decision: decision, deciderID: personID, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch let refusal as Refusal {
            return try await renderDetail(req, form, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/verklaringen/\(id.uuidString)")
    }
}
