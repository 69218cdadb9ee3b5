import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Employees' side activities (issue 14; woo-besluit §4.5): the employee puts one to their line
/// manager with the code's nine questions, the manager decides on its page and sets the day to look
/// again, and the integrity coordinator sees the whole register. Nobody else sees a declaration.
enum SideActivityController {
    struct Form: Content {
        var activity: String?
        var organisation: String?
        var paid: String?
        var hours: String?
        var startDay: String?
        var startMonth: String?
        var startYear: String?
        var start: String?
        var yes: [String]?
        var parliament: String?
        var explanation: String?
    }

    struct DecisionForm: Content {
        var outcome: String?
        var reason: String?
        var conditions: String?
        var reassessDay: String?
        var reassessMonth: String?
        var reassessYear: String?
        var reassess: String?
    }

    struct Row: Encodable, Sendable {
        let id: String
        let declarant: String
        let activity: String
        let start: String
        let concerns: String?
        let incompatible: Bool
        let state: String
        let reassessmentDue: Bool
    }

    struct Page: Encodable, Sendable {
        let form: [String: String]
        let paid: Bool
        let parliament: Bool
        let questions: [CheckboxOption]
        let start: [DateField]
        let manager: String?
        /// The designated function for which an allowed side activity is published, if the person holds one.
        let published: String?
        let own: [Row]
        let toDecide: [Row]
        let all: [Row]?
        let errors: [String]
        let saved: Bool
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await render(req, Form(), errors: [], saved: req.query[String.self, at: "ok"] != nil, status: .ok)
    }

    static func render(_ req: Request, _ form: Form, errors: [String], saved: Bool, status: HTTPStatus) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        let app = req.application
        let t = req.localizer
        let organisation = try await app.organisationStore.current(on: req.db)
        let view = try await SideActivityRegister.load(for: personID, by: .staff(staff.userID), app: app, db: req.db)
        let yes = Set(form.yes ?? [])
        let page = Page(
            form: ["activity": form.activity ?? "", "organisation": form.organisation ?? "", "hours": form.hours ?? "",
                   "explanation": form.explanation ?? ""],
            paid: form.paid == "ja", parliament: form.parliament == "ja",
            questions: SideActivityDeclaration.Question.allCases.map {
                CheckboxOption(id: $0.rawValue, label: t.text("sideActivity.question.\($0.rawValue)"), checked: yes.contains($0.rawValue))
            },
            start: [DateField(id: "start", name: "start", legend: t.text("sideActivity.start"),
                              typed: ["startDay": form.startDay, "startMonth": form.startMonth, "startYear": form.startYear].compactMapValues { $0 },
                              localizer: t)],
            manager: organisation?.lineManagers(of: personID, on: app.today).first?.name,
            published: organisation?.publishedSideActivityFunction(of: personID, on: app.today)?.name,
            own: view.own.map { row($0, req, organisation) },
            toDecide: view.toDecide.map { row($0, req, organisation) },
            all: view.all.map { $0.map { row($0, req, organisation) } },
            errors: errors, saved: saved)
        return try await req.renderPage("side-activities", titleKey: "sideActivity.title", page, status: status)
    }

    static func row(_ item: SideActivityRegister.Item, _ req: Request, _ organisation: Organisation?) -> Row {
        let t = req.localizer
        let count = item.declaration.yes.count
        return Row(id: item.id.uuidString, declarant: organisation?.person(id: item.declarantID)?.name ?? item.declarantID,
                   activity: item.declaration.organisation.isEmpty ? item.declaration.activity
                       : "\(item.declaration.activity), \(item.declaration.organisation)",
                   start: t.longDate(item.declaration.startDate),
                   concerns: count == 0 ? nil : t.text(count == 1 ? "sideActivity.concernsOne" : "sideActivity.concerns", ["count": String(count)]),
                   incompatible: item.declaration.incompatibleByLaw,
                   state: item.decision.map { outcomeText($0, t) } ?? t.text("declaration.waiting"),
                   reassessmentDue: item.reassessmentDue)
    }

    static func outcomeText(_ decision: SideActivityDecision, _ t: Localizer) -> String {
        let outcome = t.text("sideActivity.outcome.\(decision.outcome.rawValue)")
        guard let day = decision.reassessOn else { return outcome }
        return t.text("sideActivity.outcomeUntil", ["outcome": outcome, "date": t.longDate(day)])
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        let form = try req.content.decode(Form.self)
        var errors: [String] = []
        let hoursText = (form.hours ?? "").trimmingCharacters(in: .whitespaces)
        let hours = hoursText.isEmpty ? 0 : Int(hoursText)
        let start = DateInput(day: form.startDay, month: form.startMonth, year: form.startYear, iso: form.start).value
        if hours == nil { errors.append(req.text("register.error.hours")) }
        if start == nil { errors.append(req.text("register.error.date")) }
        guard errors.isEmpty, let hours, let start else {
            return try await render(req, form, errors: errors, saved: false, status: .unprocessableEntity)
        }
        let declaration = SideActivityDeclaration(
            activity: form.activity ?? "", organisation: form.organisation ?? "", paid: form.paid == "ja", hoursPerMonth: hours,
            startDate: start, yes: Set((form.yes ?? []).compactMap(SideActivityDeclaration.Question.init(rawValue:))),
            parliamentaryMembership: form.parliament == "ja", explanation: form.explanation ?? "")
        do {
            try await DeclareSideActivity.run(declarantID: personID, declaration: declaration, by: .staff(staff.userID),
                                              app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, form, errors: [req.text(refusal.key, refusal.values)], saved: false, status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/nevenwerkzaamheden?ok=1")
    }

    struct DetailPage: Encodable, Sendable {
        let row: Row
        let paid: String
        let hours: String
        let answers: [Answer]
        let explanation: String
        let manager: String
        let reason: String?
        let conditions: String?
        let mayDecide: Bool
        /// The longest time until the day to look again, from the rules.
        let years: String
        let outcomes: [CheckboxOption]
        let reassess: [DateField]
        let form: [String: String]
        let errors: [String]
    }

    struct Answer: Encodable, Sendable {
        let question: String
        let yes: Bool
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await renderDetail(req, DecisionForm(), errors: [], status: .ok)
    }

    static func renderDetail(_ req: Request, _ form: DecisionForm, errors: [String], status: HTTPStatus) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        guard let id = req.parameters.get("activity").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let app = req.application
        let t = req.localizer
        let item: SideActivityRegister.Item
        do {
            item = try await SideActivityRegister.one(id, for: personID, by: .staff(staff.userID), app: app, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        let organisation = try await app.organisationStore.current(on: req.db)
        let declaration = item.declaration
        let page = DetailPage(
            row: row(item, req, organisation),
            paid: t.text(declaration.paid ? "sideActivity.paid.yes" : "sideActivity.paid.no"),
            hours: String(declaration.hoursPerMonth),
            answers: SideActivityDeclaration.Question.allCases.map {
                Answer(question: t.text("sideActivity.question.\($0.rawValue)"), yes: declaration.yes.contains($0))
            },
            explanation: declaration.explanation,
            manager: organisation?.person(id: item.managerID)?.name ?? item.managerID,
            reason: item.decision?.reason, conditions: item.decision.flatMap { $0.conditions.isEmpty ? nil : $0.conditions },
            mayDecide: !item.decided && item.managerID == personID,
            years: String(app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: app.today)?.sideActivityReassessmentMaxYears
                ?? SideActivityDecision.longestReassessmentInterval),
            outcomes: SideActivityDecision.Outcome.allCases.map {
                CheckboxOption(id: $0.rawValue, label: t.text("sideActivity.outcome.\($0.rawValue)"), checked: $0.rawValue == form.outcome)
            },
            reassess: [DateField(id: "reassess", name: "reassess", legend: t.text("sideActivity.reassess"),
                                 typed: ["reassessDay": form.reassessDay, "reassessMonth": form.reassessMonth,
                                         "reassessYear": form.reassessYear].compactMapValues { $0 },
                                 localizer: t)],
            form: ["reason": form.reason ?? "", "conditions": form.conditions ?? ""], errors: errors)
        return try await req.renderPage("side-activity", titleKey: "sideActivity.title", page, status: status)
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        guard let id = req.parameters.get("activity").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let form = try req.content.decode(DecisionForm.self)
        guard let outcome = form.outcome.flatMap(SideActivityDecision.Outcome.init(rawValue:)) else {
            return try await renderDetail(req, form, errors: [req.text("declaration.error.outcome")], status: .unprocessableEntity)
        }
        let typed = [form.reassessDay, form.reassessMonth, form.reassessYear, form.reassess].contains { !($0 ?? "").isEmpty }
        let reassess = DateInput(day: form.reassessDay, month: form.reassessMonth, year: form.reassessYear, iso: form.reassess)
        // A day typed that is not a day is said as such, not as "missing".
        if typed && reassess.value == nil && outcome != .forbidden {
            return try await renderDetail(req, form, errors: [req.text("register.error.date")], status: .unprocessableEntity)
        }
        let decision = SideActivityDecision(outcome: outcome, reason: form.reason ?? "", conditions: form.conditions ?? "",
                                            reassessOn: reassess.value)
        do {
            try await DecideSideActivity.run(id: id, decision: decision, deciderID: personID, by: .staff(staff.userID),
                                             app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch let refusal as Refusal {
            return try await renderDetail(req, form, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/nevenwerkzaamheden/\(id.uuidString)")
    }
}
