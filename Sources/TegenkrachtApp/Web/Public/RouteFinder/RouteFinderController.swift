import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The front door: the route finder (wegwijzer) and its JSON API. Nothing is stored.
enum RouteFinderController {

    struct FormContent: Encodable, Sendable {
        let reporters: [Choice]
        let accused: [Choice]
        let behaviourGroups: [BehaviourGroup]
        let kinds: [Choice]
        let wishes: [Choice]
        let reporterFracties: [Choice]
        let accusedFracties: [Choice]
        let accusedManager: [Choice]
        let date: [DateField]
        let error: String?
    }

    /// What the form posts: `item[]` are the 20 behaviours, `kind[]` the other kinds of matter.
    struct FinderForm: Content {
        var reporter: String?
        var accused: String?
        var item: [String]?
        var kind: [String]?
        var wish: String?
        var reporterFractie: String?
        var accusedFractie: String?
        /// "yes" or "no": is it the reporter's own manager?
        var accusedManager: String?
        /// When it happened: day, month and year (`DateInput`), or one ISO field (a link).
        var dateDay: String?
        var dateMonth: String?
        var dateYear: String?
        var date: String?

        var occurredOn: DateInput { DateInput(day: dateDay, month: dateMonth, year: dateYear, iso: date) }

        var parameters: RouteParameters {
            let fromItems = (item ?? []).compactMap { BehaviourItem.item(code: $0) }.flatMap(\.kinds).map(\.rawValue)
            return RouteParameters(reporter: reporter, accused: accused, behaviours: Array(Set(fromItems + (kind ?? []))).sorted(),
                                   wish: wish, reporterFractie: reporterFractie, accusedFractie: accusedFractie,
                                   date: occurredOn.value?.iso, accusedIsOwnManager: accusedManager.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    @Sendable static func form(req: Request) async throws -> Response {
        try await renderForm(req, FinderForm(), error: nil, status: .ok)
    }

    @Sendable static func result(req: Request) async throws -> Response {
        let form = try req.content.decode(FinderForm.self)
        if form.occurredOn == .invalid {
            return try await renderForm(req, form, error: req.text("finder.error.date"), status: .badRequest)
        }
        let answer: RouteAnswer
        do {
            answer = try await RouteFinderService.answer(form.parameters, app: req.application, db: req.db)
        } catch let error as RouteQuestionError {
            return try await renderForm(req, form, error: error.message(req.localizer), status: .badRequest)
        }
        let t = req.localizer
        let response = RoutesResponse(answer, t)
        let routes = zip(answer.routes, response.routes).map { found, dto in
            RouteView(route: dto, intakeRecipient: intakeValue(found.intakeRecipient), canStart: found.intakeRecipient != nil,
                      advisors: found.intakeRecipient == RecipientKind.confidentialAdvisor.rawValue
                        ? found.holders.filter { FunctionaryRole(rawValue: $0.role)?.isConfidentialAdvisor == true }
                            .map { AdvisorStart(recipient: "vp:\($0.personID)", name: $0.name) } : [],
                      can: RouteTexts.abilities(found.abilities, true, t), cannot: RouteTexts.abilities(found.abilities, false, t),
                      serves: found.serves.map { t.text("kindshort.\($0)") })
        }
        var answers = [form.reporter.map { t.text("group.\($0)") }, form.accused.map { t.text("accusedgroup.\($0)") }]
            .compactMap { $0 }
        answers += (form.item ?? []).map { t.text("behaviour.\($0)") }
        answers += (form.kind ?? []).map { t.text("kind.\($0)") }
        if form.accusedManager == "yes" { answers.append(t.text("finder.accusedManager.answer")) }
        answers += [form.wish.map { t.text("wish.\($0)") }].compactMap { $0 }
        let kinds = Set(form.kind ?? [])
        let carry = CarryOver(reporterGroup: form.reporter ?? "", accusedGroup: form.accused ?? "", items: form.item ?? [],
                              integrity: kinds.contains("integriteit"), wrongdoing: kinds.contains("misstand"),
                              criminal: kinds.contains("strafbaar"))
        return try await req.renderPage("finder-result", titleKey: "finder.result.title",
            ResultContent(carry: carry, answers: answers, routes: routes, gaps: response.gaps, helplines: response.helplines,
                          norms: try await CodeOfConductController.norms(for: form.item ?? [], req: req)))
    }

    /// `GET /api/v1/routes?reporter=…&accused=…&behaviour=…[&reporter-adopted=yes|no][&accused-adopted=yes|no]
    /// [&reporter-fractie=ID][&accused-fractie=ID][&wish=…][&date=YYYY-MM-DD][&lang=en]`
    @Sendable static func api(req: Request) async throws -> Response {
        let q = req.query
        let behaviours = (try? q.get([String].self, at: "behaviour")) ?? [(try? q.get(String.self, at: "behaviour"))].compactMap { $0 }
        let parameters = RouteParameters(
            reporter: try? q.get(String.self, at: "reporter"), accused: try? q.get(String.self, at: "accused"),
            behaviours: behaviours, wish: try? q.get(String.self, at: "wish"),
            reporterAdopted: try? q.get(String.self, at: "reporter-adopted"),
            accusedAdopted: try? q.get(String.self, at: "accused-adopted"),
            reporterFractie: try? q.get(String.self, at: "reporter-fractie"),
            accusedFractie: try? q.get(String.self, at: "accused-fractie"),
            date: try? q.get(String.self, at: "date"),
            accusedIsOwnManager: try? q.get(String.self, at: "accused-manager"))
        do {
            let answer = try await RouteFinderService.answer(parameters, app: req.application, db: req.db)
            return try await RoutesResponse(answer, req.localizer).encodeResponse(for: req)
        } catch let error as RouteQuestionError {
            let body = APIError(error: error.message(req.localizer), field: error.field, value: error.value,
                                validValues: error.validValues)
            return try await body.encodeResponse(status: .badRequest, for: req)
        }
    }

    /// The form's value for the recipient: empty for an advisor (chosen in the form), else the kind.
    static func intakeValue(_ recipient: String?) -> String {
        recipient == RecipientKind.confidentialAdvisor.rawValue ? "" : recipient ?? ""
    }

    struct APIError: Content {
        let error: String
        let field: String
        let value: String
        let validValues: [String]
    }


    private static func renderForm(_ req: Request, _ form: FinderForm, error: String?, status: HTTPStatus) async throws -> Response {
        let t = req.localizer
        let today = req.application.today
        let fracties = try await req.application.organisationStore.current(on: req.db)?.fracties(on: today) ?? []
        let items = Set(form.item ?? [])
        let kinds = Set(form.kind ?? [])
        func groups(_ prefix: String, _ chosen: String?) -> [Choice] {
            RouteGroup.allCases.map { Choice(value: $0.rawValue, label: t.text("\(prefix).\($0.rawValue)"), checked: $0.rawValue == chosen) }
        }
        func fractieChoices(_ chosen: String?) -> [Choice] {
            fracties.map { Choice(value: $0.id, label: $0.name, checked: $0.id == chosen) }
        }
        let content = FormContent(
            reporters: groups("group", form.reporter),
            accused: groups("accusedgroup", form.accused),
            behaviourGroups: BehaviourItem.groups.map { group in
                BehaviourGroup(label: t.text("behaviourgroup.\(group)"),
                               items: BehaviourItem.all.filter { $0.group == group }.map {
                                   Choice(value: $0.code, label: t.text("behaviour.\($0.code)"), checked: items.contains($0.code))
                               })
            },
            kinds: [BehaviourKind.integrity, .wrongdoing, .criminal].map {
                Choice(value: $0.rawValue, label: t.text("kind.\($0.rawValue)"), checked: kinds.contains($0.rawValue))
            },
            wishes: Wish.allCases.map { Choice(value: $0.rawValue, label: t.text("wish.\($0.rawValue)"), checked: $0.rawValue == (form.wish ?? "weet-niet")) },
            reporterFracties: fractieChoices(form.reporterFractie),
            accusedFracties: fractieChoices(form.accusedFractie),
            accusedManager: ["yes", "no", ""].map { value in
                Choice(value: value, label: t.text("finder.accusedManager.\(value.isEmpty ? "unknown" : value)"),
                       checked: (form.accusedManager ?? "") == value)
            },
            date: [DateField(id: "date", name: "date", legend: t.text("finder.date"), date: form.date.flatMap { LocalDate(iso: $0) },
                             typed: ["dateDay": form.dateDay, "dateMonth": form.dateMonth, "dateYear": form.dateYear].compactMapValues { $0 },
                             localizer: t)],
            error: error)
        return try await req.renderPage("finder", titleKey: "finder.title", content, status: status)
    }
}
