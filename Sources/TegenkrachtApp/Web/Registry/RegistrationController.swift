import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Registration by any recipient (issue 5, issue 7): a manager, HR, a fractie board or the Griffier
/// registers a signal that reached them, with minimal fields and names optional, so that it counts
/// in the registry. No free text about what happened is asked or kept; a name typed for the accused
/// only becomes blind indexes. The registrar sees afterwards whether an alert was raised on it and
/// how it was followed up.
enum RegistrationController {
    struct Form: Content {
        var kind: String?
        var channel: String?
        /// The day it was received, in three fields (`DateInput`), or one ISO field.
        var receivedDay: String?
        var receivedMonth: String?
        var receivedYear: String?
        var received: String?
        var reporterGroup: String?
        var accusedGroup: String?
        var accusedPerson: String?
        var accusedName: String?
        var accusedUnit: String?
        var item: [String]?
        var powerGap: String?
        var stage: String?
        var feedback: String?
    }

    /// The channel a staff member registers for, from their roles (they can choose another).
    static func defaultChannel(_ roles: [RoleAssignment]) -> RegistryRecord.Channel {
        if roles.contains(where: { $0.role == .lineManager }) { return .lineManager }
        if roles.contains(where: { $0.role == .humanResources }) { return .humanResources }
        if roles.contains(where: { $0.role == .competentAuthority && $0.affiliation == .fractie }) { return .fractieBoard }
        if roles.contains(where: { $0.role == .competentAuthority }) { return .griffier }
        return .other
    }


    @Sendable static func form(req: Request) async throws -> Response {
        try await render(req, Form(), errors: [], saved: req.query[String.self, at: "ok"] != nil, status: .ok)
    }

    static func render(_ req: Request, _ form: Form, errors: [String], saved: Bool, status: HTTPStatus) async throws -> Response {
        guard let staff = req.staff, let personID = staff.personID, staff.role == .functionary else { throw Abort(.forbidden) }
        let app = req.application
        let t = req.localizer
        let today = app.today
        let organisation = try await app.organisationStore.current(on: req.db)
        let channel = form.channel ?? defaultChannel(organisation?.roles(of: personID, on: today) ?? []).rawValue
        let items = Set(form.item ?? [])
        let mine = try await RegistryEntry.query(on: req.db).filter(\.$registeredBy == personID).sort(\.$createdAt, .descending)
            .limit(50).all()
        var mineViews: [Mine] = []
        for entry in mine {
            let alert = try await RegistryAlertEntry.query(on: req.db).filter(\.$entry.$id == entry.requireID()).with(\.$alert).first()?.alert
            mineViews.append(Mine(received: entry.receivedOn, kind: t.text("registrykind.\(entry.kind)"),
                                  channel: t.text("channel.\(entry.channel)"),
                                  alert: alert.map { t.text("registration.alert", ["state": t.text("alertstate.\($0.state)")]) }))
        }
        let content = Page(
            channels: RegistryRecord.Channel.line.map { CheckboxOption(id: $0.rawValue, label: t.text("channel.\($0.rawValue)"), checked: $0.rawValue == channel) },
            kinds: [RegistryRecord.Kind.signal, .report].map { CheckboxOption(id: $0.rawValue, label: t.text("registrykind.\($0.rawValue)"),
                                                                      checked: $0.rawValue == (form.kind ?? "signaal")) },
            groups: RouteGroup.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("group.\($0.rawValue)"), checked: false) },
            people: (organisation?.people ?? []).sorted { $0.name < $1.name }
                .map { CheckboxOption(id: $0.id, label: $0.name, checked: $0.id == form.accusedPerson) },
            units: (organisation?.units(on: today) ?? []).map { CheckboxOption(id: $0.id, label: $0.name, checked: $0.id == form.accusedUnit) },
            behaviours: BehaviourItem.all.map { CheckboxOption(id: $0.code, label: t.text("behaviour.\($0.code)"), checked: items.contains($0.code)) },
            stages: [CaseStage.listening, .selfHelp, .informalIntervention].map {
                CheckboxOption(id: $0.rawValue, label: t.text("stage.\($0.rawValue)"), checked: $0.rawValue == form.stage)
            },
            received: [DateField(id: "received", name: "received", legend: t.text("registration.received"),
                                date: form.kind == nil ? today : nil,
                                typed: ["receivedDay": form.receivedDay, "receivedMonth": form.receivedMonth, "receivedYear": form.receivedYear]
                                    .compactMapValues { $0 },
                                localizer: t)],
            mine: mineViews, errors: errors, saved: saved)
        return try await req.renderPage("registration", titleKey: "registration.title", content, status: status)
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        guard let staff = req.staff, let personID = staff.personID, staff.role == .functionary else { throw Abort(.forbidden) }
        let form = try req.content.decode(Form.self)
        let app = req.application
        let today = app.today
        var errors: [String] = []
        let kind = form.kind.flatMap(RegistryRecord.Kind.init(rawValue:))
        let channel = form.channel.flatMap(RegistryRecord.Channel.init(rawValue:))
        let received = DateInput(day: form.receivedDay, month: form.receivedMonth, year: form.receivedYear, iso: form.received).value
        if kind == nil { errors.append(req.text("registration.error.kind")) }
        if channel == nil { errors.append(req.text("registration.error.channel")) }
        if received.map({ $0 > today }) ?? true { errors.append(req.text("registration.error.date")) }
        let items = (form.item ?? []).filter { BehaviourItem.item(code: $0) != nil }
        if items.isEmpty { errors.append(req.text("registration.error.behaviour")) }
        let name = (form.accusedName ?? "").trimmingCharacters(in: .whitespaces)
        if name.count > IntakeValidator.maxShortLength { errors.append(req.text("portal.error.tooLong")) }
        guard errors.isEmpty, let kind, let channel, let received else {
            return try await render(req, form, errors: errors, saved: false, status: .unprocessableEntity)
        }
        let organisation = try await app.organisationStore.current(on: req.db)
        var subjects: [RegistryService.Subject] = []
        if let id = form.accusedPerson, !id.isEmpty, let person = organisation?.person(id: id) {
            subjects += RegistryService.subjects(accused: [AccusedPerson(name: person.name, unit: person.unit ?? "")],
                                                 organisation: organisation, on: received)
        } else if !name.isEmpty {
            subjects += RegistryService.subjects(accused: [AccusedPerson(name: name)], organisation: organisation, on: received)
        }
        if let unit = form.accusedUnit, !unit.isEmpty, let known = organisation?.units.first(where: { $0.id == unit }),
           !subjects.contains(where: { $0.identifier == .unit(unit) }) {
            subjects.append(RegistryService.Subject(identifier: .unit(unit), label: known.name))
        }
        let record = RegistryRecord(
            kind: kind, channel: channel,
            reporterGroup: form.reporterGroup.flatMap(RouteGroup.init(rawValue:))?.rawValue,
            accusedGroup: form.accusedGroup.flatMap(RouteGroup.init(rawValue:))?.rawValue,
            behaviourItems: items, powerGap: form.powerGap == "ja", received: received,
            stage: form.stage.flatMap(CaseStage.init(rawValue:))?.rawValue ?? CaseStage.listening.rawValue,
            feedbackGiven: form.feedback == "ja" ? today : nil)
        try await RegisterSignal.run(record, subjects: subjects, registeredBy: personID, actor: .staff(staff.userID),
                                     app: app, db: req.db)
        return req.redirect(to: "/werkruimte/registreren?ok=1")
    }
}
