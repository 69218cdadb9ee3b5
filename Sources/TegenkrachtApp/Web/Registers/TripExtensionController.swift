import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Extending a business trip for private purposes (issue 14; woo-besluit §7): the employee asks
/// before departure, the line manager answers in writing on the request's page (an approval never
/// after the day of departure), the integrity coordinator sees the whole register.
enum TripExtensionController {
    struct Form: Content {
        var destination: String?
        var departureDay: String?
        var departureMonth: String?
        var departureYear: String?
        var departure: String?
        var position: String?
        var hours: String?
        var partner: String?
        var partnerReason: String?
        var paysCosts: String?
    }

    struct DecisionForm: Content {
        var outcome: String?
        var reason: String?
    }

    struct Row: Encodable, Sendable {
        let id: String
        let declarant: String
        let destination: String
        let departure: String
        let extensionText: String
        let state: String
    }

    struct Page: Encodable, Sendable {
        let form: [String: String]
        let positions: [CheckboxOption]
        let partner: Bool
        let paysCosts: Bool
        let departure: [DateField]
        let maxHours: Int
        let manager: String?
        let own: [Row]
        let toDecide: [Row]
        let all: [Row]?
        let errors: [String]
        let saved: Bool
    }

    static let approve = "goedgekeurd"
    static let refuse = "afgewezen"

    @Sendable static func list(req: Request) async throws -> Response {
        try await render(req, Form(), errors: [], saved: req.query[String.self, at: "ok"] != nil, status: .ok)
    }

    static func render(_ req: Request, _ form: Form, errors: [String], saved: Bool, status: HTTPStatus) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        let app = req.application
        let t = req.localizer
        let organisation = try await app.organisationStore.current(on: req.db)
        let view = try await TripExtensionRegister.load(for: personID, by: .staff(staff.userID), app: app, db: req.db)
        let page = Page(
            form: ["destination": form.destination ?? "", "hours": form.hours ?? "", "partnerReason": form.partnerReason ?? ""],
            positions: TripExtension.Position.allCases.map {
                CheckboxOption(id: $0.rawValue, label: t.text("trip.position.\($0.rawValue)"), checked: $0.rawValue == (form.position ?? "einde"))
            },
            partner: form.partner == "ja", paysCosts: form.paysCosts == "ja",
            departure: [DateField(id: "departure", name: "departure", legend: t.text("trip.departure"),
                                  typed: ["departureDay": form.departureDay, "departureMonth": form.departureMonth,
                                          "departureYear": form.departureYear].compactMapValues { $0 },
                                  localizer: t)],
            maxHours: app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: app.today)?.tripExtensionMaxHours ?? 0,
            manager: organisation?.lineManagers(of: personID, on: app.today).first?.name,
            own: view.own.map { row($0, req, organisation) },
            toDecide: view.toDecide.map { row($0, req, organisation) },
            all: view.all.map { $0.map { row($0, req, organisation) } },
            errors: errors, saved: saved)
        return try await req.renderPage("trip-extensions", titleKey: "trip.title", page, status: status)
    }

    static func row(_ item: TripExtensionRegister.Item, _ req: Request, _ organisation: Organisation?) -> Row {
        let t = req.localizer
        let trip = item.request.trip
        let state: String
        if let decision = item.decision, let at = item.decidedAt {
            state = t.text(decision.approved ? "trip.approvedOn" : "trip.refusedOn", ["date": req.dateTime(at)])
        } else {
            state = t.text("declaration.waiting")
        }
        return Row(id: item.id.uuidString, declarant: organisation?.person(id: item.declarantID)?.name ?? item.declarantID,
                   destination: item.request.destination, departure: t.longDate(trip.departure),
                   extensionText: t.text("trip.extension", ["hours": String(trip.hours), "position": t.text("trip.position.\(trip.position.rawValue)")]),
                   state: state)
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        let form = try req.content.decode(Form.self)
        var errors: [String] = []
        let hoursText = (form.hours ?? "").trimmingCharacters(in: .whitespaces)
        let hours = hoursText.isEmpty ? 0 : Int(hoursText)
        let departure = DateInput(day: form.departureDay, month: form.departureMonth, year: form.departureYear, iso: form.departure).value
        let position = form.position.flatMap(TripExtension.Position.init(rawValue:))
        if hours == nil { errors.append(req.text("register.error.hoursNeeded")) }
        if departure == nil { errors.append(req.text("register.error.date")) }
        if position == nil { errors.append(req.text("trip.error.position")) }
        guard errors.isEmpty, let hours, let departure, let position else {
            return try await render(req, form, errors: errors, saved: false, status: .unprocessableEntity)
        }
        // A reason typed without the box ticked still says a partner travels along.
        let typedReason = (form.partnerReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let trip = TripExtension(departure: departure, position: position, hours: hours,
                                 partnerReason: form.partner == "ja" || !typedReason.isEmpty ? typedReason : nil)
        let request = TripExtensionRequest(destination: form.destination ?? "", trip: trip, paysExtraCosts: form.paysCosts == "ja")
        do {
            try await RequestTripExtension.run(declarantID: personID, request: request, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, form, errors: [req.text(refusal.key, refusal.values)], saved: false, status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/reisverlenging?ok=1")
    }

    struct DetailPage: Encodable, Sendable {
        let row: Row
        let partnerReason: String?
        let manager: String
        let reason: String?
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
        guard let id = req.parameters.get("trip").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let app = req.application
        let t = req.localizer
        let item: TripExtensionRegister.Item
        do {
            item = try await TripExtensionRegister.one(id, for: personID, by: .staff(staff.userID), app: app, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        let organisation = try await app.organisationStore.current(on: req.db)
        let page = DetailPage(
            row: row(item, req, organisation), partnerReason: item.request.trip.partnerReason,
            manager: organisation?.person(id: item.managerID)?.name ?? item.managerID,
            reason: item.decision.flatMap { $0.reason.isEmpty ? nil : $0.reason },
            mayDecide: !item.decided && item.managerID == personID,
            outcomes: [approve, refuse].map { CheckboxOption(id: $0, label: t.text("trip.outcome.\($0)"), checked: $0 == form.outcome) },
            form: ["reason": form.reason ?? ""], errors: errors)
        return try await req.renderPage("trip-extension", titleKey: "trip.title", page, status: status)
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let (staff, personID) = try DeclarationController.personID(req)
        guard let id = req.parameters.get("trip").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let form = try req.content.decode(DecisionForm.self)
        guard let outcome = form.outcome, [approve, refuse].contains(outcome) else {
            return try await renderDetail(req, form, errors: [req.text("declaration.error.outcome")], status: .unprocessableEntity)
        }
        let decision = TripExtensionDecision(approved: outcome == approve, reason: form.reason ?? "")
        do {
            try await DecideTripExtension.run(id: id, decision: decision, deciderID: personID, by: .staff(staff.userID),
                                              app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch let refusal as Refusal {
            return try await renderDetail(req, form, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        }
        return req.redirect(to: "/werkruimte/reisverlenging/\(id.uuidString)")
    }
}
