import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The intervention register (issue 18; kracht-zonder-tegenkracht §6.7, L2720-2760): the report's
/// recommendations with the interventions that work on them, each with its measure of success read
/// from figures Tegenkracht already computes. The coordinator keeps it; the Voorzitter and the works
/// council read it and print the progress overview.
enum LearningController {
    static let path = "/werkruimte/leren"

    struct Form: Content {
        var title: String?
        var recommendations: [String]?
        var owner: String?
        var goal: String?
        var figures: [String]?
        var manualName: String?
        var manualSource: String?
        var intervalMonths: String?
        var budget: String?
        var involved: [String]?
        var startsDay: String?
        var startsMonth: String?
        var startsYear: String?
        var starts: String?
    }

    /// The shared checkbox/option model (the learning pages' forms use it throughout).
    typealias Choice = CheckboxOption

    struct InterventionLine: Encodable, Sendable {
        let id: String
        let title: String
        let owner: String
        let symbolic: Bool
    }

    struct RecommendationLine: Encodable, Sendable {
        let id: String
        let text: String
        let category: String
        let terms: String
        let focus: String
        let interventions: [InterventionLine]
    }

    /// A fractie whose social-safety policy needs the Presidium's attention (6.4.5).
    struct FractieFlag: Encodable, Sendable {
        let name: String
        let findings: String
    }

    static func fractieFlags(_ req: Request, _ organisation: Organisation?) -> [FractieFlag] {
        let today = req.application.today
        let rules = organisation?.fractiePolicyReview ?? FractiePolicyReview.Rules()
        return (organisation?.fracties(on: today) ?? []).compactMap { fractie in
            let findings = FractiePolicyReview.findings(for: fractie, on: today, rules: rules)
            guard !findings.isEmpty else { return nil }
            return FractieFlag(name: fractie.name, findings: findings.map { req.text("fractiePolicy.finding.\($0.rawValue)") }.joined(separator: ", "))
        }
    }

    struct OverviewPage: Encodable, Sendable {
        let recommendations: [RecommendationLine]
        let fractieFlags: [FractieFlag]
        let mayManage: Bool
        let saved: Bool
    }

    /// Who may read; the person and the organisation for the rest of the handler.
    static func reader(_ req: Request, manage: Bool = false) async throws -> (SignedInStaff, String?, Organisation?) {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let organisation = try await req.application.organisationStore.current(on: req.db)
        let today = req.application.today
        let allowed = manage ? LearningAccess.mayManage(staff.personID, in: organisation, on: today)
                             : LearningAccess.mayRead(staff.personID, in: organisation, on: today)
        guard allowed else { throw Abort(.forbidden) }
        return (staff, staff.personID, organisation)
    }

    static func ownerName(_ owner: InterventionOwner, _ organisation: Organisation?, _ t: Localizer) -> String {
        switch owner {
        case .person(let id): return organisation?.person(id: id)?.name ?? id
        case .fractie(let id): return t.text("learning.owner.fractieBoard", ["name": organisation?.fracties.first { $0.id == id }?.name ?? id])
        case .presidium, .managementTeam, .worksCouncil: return t.text("learning.owner.\(owner.code)")
        }
    }

    static func partName(_ part: InvolvedPart, _ organisation: Organisation?, _ t: Localizer) -> String {
        if case .fractie(let id) = part { return organisation?.fracties.first { $0.id == id }?.name ?? id }
        return t.text("learning.part.\(part.code)")
    }

    static func recommendationLines(_ req: Request, _ stored: [Interventions.Stored], _ readings: [[IndicatorReading]],
                                    _ organisation: Organisation?) -> [RecommendationLine] {
        let t = req.localizer
        let english = req.language == .english
        let recommendations = req.application.recommendations.inForce(on: req.application.today)?.recommendations ?? []
        return recommendations.map { recommendation in
            let linked = stored.indices.filter { stored[$0].intervention.recommendations.contains(recommendation.id) }
            return RecommendationLine(
                id: recommendation.id, text: recommendation.text.text(english: english),
                category: t.text("learning.category.\(recommendation.category.rawValue)"),
                terms: recommendation.terms.map { t.text("learning.term.\($0.rawValue)") }.joined(separator: ", "),
                focus: recommendation.focus.map { t.text("learning.focus.\($0.rawValue)") }.joined(separator: ", "),
                interventions: linked.map { i in
                    InterventionLine(id: stored[i].id.uuidString, title: stored[i].intervention.title,
                                     owner: ownerName(stored[i].intervention.owner, organisation, t),
                                     symbolic: stored[i].intervention.status(readings: readings[i]) == .symbolic)
                })
        }
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let (staff, personID, organisation) = try await reader(req)
        let stored = try await Interventions.all(db: req.db)
        let readings = try await LearningFigures.readings(stored.map(\.intervention.indicators), app: req.application, db: req.db)
        return try await req.renderPage("learning", titleKey: "learning.title", OverviewPage(
            recommendations: recommendationLines(req, stored, readings, organisation), fractieFlags: fractieFlags(req, organisation),
            mayManage: LearningAccess.mayManage(personID, in: organisation, on: req.application.today) && staff.personID != nil,
            saved: req.query[String.self, at: "ok"] != nil))
    }

    // MARK: A new intervention

    struct FormPage: Encodable, Sendable {
        let form: [String: String]
        let recommendations: [Choice]
        let owners: [Choice]
        let figures: [Choice]
        let involved: [Choice]
        let starts: [DateField]
        let errors: [String]
    }

    @Sendable static func new(req: Request) async throws -> Response {
        _ = try await reader(req, manage: true)
        var form = Form()
        if let preset = req.query[String.self, at: "aanbeveling"] { form.recommendations = [preset] }
        return try await renderForm(req, form, errors: [], status: .ok)
    }

    static func renderForm(_ req: Request, _ form: Form, errors: [String], status: HTTPStatus) async throws -> Response {
        let (_, _, organisation) = try await reader(req, manage: true)
        let t = req.localizer
        let english = req.language == .english
        let app = req.application
        let chosen = Set(form.recommendations ?? [])
        let figures = Set(form.figures ?? [])
        let involved = Set(form.involved ?? [])
        var owners: [InterventionOwner] = [.presidium, .managementTeam, .worksCouncil]
        owners += (organisation?.fracties ?? []).map { .fractie($0.id) }
        let roleHolders = Set((organisation?.roles ?? []).map(\.person))
        owners += (organisation?.people ?? []).filter { roleHolders.contains($0.id) }.sorted { $0.name < $1.name }.map { .person($0.id) }
        var parts: [InvolvedPart] = [.civilService, .membersOfParliament, .worksCouncil]
        parts += (organisation?.fracties ?? []).map { .fractie($0.id) }
        let page = FormPage(
            form: ["title": form.title ?? "", "goal": form.goal ?? "", "manualName": form.manualName ?? "",
                   "manualSource": form.manualSource ?? "", "intervalMonths": form.intervalMonths ?? "6", "budget": form.budget ?? ""],
            recommendations: (app.recommendations.inForce(on: app.today)?.recommendations ?? []).map {
                Choice(id: $0.id, label: "\($0.id) \($0.text.text(english: english))", checked: chosen.contains($0.id))
            },
            owners: owners.map { Choice(id: $0.code, label: ownerName($0, organisation, t), checked: $0.code == form.owner) },
            figures: LearningFigures.catalogue(instruments: app.instruments, english: english).map {
                Choice(id: $0.id, label: figureName($0, t), checked: figures.contains($0.id))
            },
            involved: parts.map { Choice(id: $0.code, label: partName($0, organisation, t), checked: involved.contains($0.code)) },
            starts: [DateField(id: "starts", name: "starts", legend: t.text("learning.starts"),
                               typed: ["startsDay": form.startsDay, "startsMonth": form.startsMonth, "startsYear": form.startsYear].compactMapValues { $0 },
                               localizer: t)],
            errors: errors)
        return try await req.renderPage("learning-new", titleKey: "learning.new.title", page, status: status)
    }

    static func figureName(_ figure: FigureDefinition, _ t: Localizer) -> String {
        guard let argument = figure.nameArgument else { return t.text(figure.nameKey) }
        // An onboarding figure names its group by a key; a monitor figure names its item as it is.
        return t.text(figure.nameKey, ["name": argument.hasPrefix("onboarding.group.") ? t.text(argument) : argument])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (staff, personID, _) = try await reader(req, manage: true)
        let form = try req.content.decode(Form.self)
        var errors: [String] = []
        let starts = DateInput(day: form.startsDay, month: form.startsMonth, year: form.startsYear, iso: form.starts).value
        let budget = Money.cents(from: form.budget ?? "")
        let owner = form.owner.flatMap(InterventionOwner.init(code:))
        if starts == nil { errors.append(req.text("register.error.date")) }
        if budget == nil { errors.append(req.text("learning.error.budget")) }
        if owner == nil { errors.append(req.text("learning.error.owner")) }
        guard errors.isEmpty, let starts, let budget, let owner else {
            return try await renderForm(req, form, errors: errors, status: .unprocessableEntity)
        }
        var indicators = (form.figures ?? []).prefix(20).map { Indicator.figure($0) }
        let manualName = (form.manualName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let manualSource = (form.manualSource ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !manualName.isEmpty || !manualSource.isEmpty {
            guard manualName.count <= 300, manualSource.count <= 500 else {
                return try await renderForm(req, form, errors: [req.text("portal.error.tooLong")], status: .unprocessableEntity)
            }
            indicators.append(.manual(ManualFigure(name: manualName, source: manualSource)))
        }
        // A figure that is not in the catalogue cannot be chosen on the form: typed in, it is refused
        // rather than stored as a binding that is broken from the start.
        let known = Set(LearningFigures.catalogue(instruments: req.application.instruments, english: false).map(\.id))
        if indicators.contains(where: { if case .figure(let id) = $0 { return !known.contains(id) } else { return false } }) {
            return try await renderForm(req, form, errors: [req.text("learning.error.indicator")], status: .unprocessableEntity)
        }
        let intervention = Intervention(
            title: form.title ?? "", recommendations: Array((form.recommendations ?? []).prefix(21)), owner: owner, goal: form.goal ?? "",
            indicators: indicators, intervalMonths: Int(form.intervalMonths ?? "") ?? 0, budgetCents: budget,
            involved: (form.involved ?? []).prefix(50).compactMap(InvolvedPart.init(code:)), starts: starts)
        let id: UUID
        do {
            id = try await Interventions.create(intervention, personID: personID, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await renderForm(req, form, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.forbidden)
        }
        return req.redirect(to: "\(path)/\(id.uuidString)?ok=1")
    }
}
