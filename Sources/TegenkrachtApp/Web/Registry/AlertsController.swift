import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Pattern alerts for the designated authority (issue 7): about whom, how many signals, since when,
/// and how it is followed up. Never who reported or what: no case is reachable from here.
enum AlertsController {
    static func mine(_ req: Request) async throws -> (String, [RegistryAlert]) {
        guard let staff = req.staff, staff.role == .functionary, let personID = staff.personID else { throw Abort(.forbidden) }
        return (personID, try await RegistryAlerts.addressed(to: personID, db: req.db))
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await render(req, error: nil, status: .ok)
    }

    static func render(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let (_, alerts) = try await mine(req)
        let t = req.localizer
        let ring = try req.application.keyVault
        let pattern = req.application.tegenkracht.patternRule
        let rule = pattern.windowMonths.map { t.text("alerts.rule", ["moreThan": String(pattern.moreThan), "months": String($0)]) }
            ?? t.text("alerts.rule.noWindow", ["moreThan": String(pattern.moreThan)])
        let links = try await RegistryAlertEntry.query(on: req.db).filter(\.$alert.$id ~~ alerts.compactMap(\.id)).with(\.$entry).all()
        let entries = Dictionary(grouping: links, by: { $0.$alert.id }).mapValues { $0.map(\.entry) }
        let views = try alerts.map { alert -> AlertView in
            let id = try alert.requireID()
            let linked = entries[id] ?? []
            let channels = Set(linked.map(\.channel)).sorted().map { t.text("channel.\($0)") }
            let groups = Set(linked.flatMap { $0.behaviourItems.split(separator: ",").compactMap { BehaviourItem.item(code: String($0))?.group } })
            let kinds = BehaviourItem.groups.filter(groups.contains).map { t.text("behaviourgroup.\($0)") }
            return AlertView(id: id.uuidString,
                             subject: String(decoding: try ring.open(alert.subjectLabelSealed, for: .alertLabel(id)), as: UTF8.self),
                             isPerson: alert.isPerson, count: alert.count, since: t.longDate(iso: alert.since), state: alert.state,
                             stateLabel: t.text("alertstate.\(alert.state)"),
                             followUp: try alert.followUpSealed.map { String(decoding: try ring.open($0, for: .alertFollowUp(id)), as: UTF8.self) } ?? "",
                             rule: rule, channels: channels.joined(separator: ", "),
                             kinds: kinds.isEmpty ? t.text("alerts.kinds.unknown") : kinds.joined(separator: ", "),
                             isMember: linked.contains { $0.accusedGroup == RouteGroup.memberOfParliament.rawValue })
        }
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .registryAlertsView, subject: "alerts", now: req.application.clock.now)
        return try await req.renderPage("alerts", titleKey: "alerts.title", Page(
            alerts: views,
            states: AlertState.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("alertstate.\($0.rawValue)"), checked: false) },
            error: error), status: status)
    }

    struct FollowUpForm: Content {
        var state: String?
        var followUp: String?
    }

    @Sendable static func followUp(req: Request) async throws -> Response {
        let (_, alerts) = try await mine(req)
        guard let id = req.parameters.get("alert", as: UUID.self), let alert = alerts.first(where: { $0.id == id }) else {
            throw Abort(.notFound)
        }
        let form = try req.content.decode(FollowUpForm.self)
        do {
            try await FollowUpAlert.run(alert, state: form.state.flatMap(AlertState.init(rawValue:)), note: form.followUp,
                                        by: .staff(try req.requireStaff().userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, error: req.text(refusal.key, refusal.values), status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/signalen")
    }
}
