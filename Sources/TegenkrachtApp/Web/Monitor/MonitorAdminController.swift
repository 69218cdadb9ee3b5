import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Waves for the administrator (issue 8): open one for a population, hand out one-time codes (shown
/// once, to print or mail-merge), a reminder text, and closing with a warning below the minimum.
enum MonitorAdminController {


    static func render(_ req: Request, codes: [String] = [], openedName: String? = nil, message: String? = nil,
                       warning: String? = nil, warnWave: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let employers = try await req.application.organisationStore.current(on: req.db)?.employers ?? []
        return try await req.renderPage("monitor-admin", titleKey: "monitor.admin.title", Page(
            waves: try await MonitorWaves.rows(req), instruments: instrumentChoices(req),
            employers: employers.map { Choice(value: $0.id, label: $0.name, checked: false) },
            codes: codes, openedName: openedName, message: message, warning: warning, warnWave: warnWave), status: status)
    }

    /// The instruments by their names, newest version of each first; the monitor's newest is chosen.
    static func instrumentChoices(_ req: Request) -> [Choice] {
        let all = req.application.instruments.instruments
            .sorted { ($0.id == "kzt" ? 0 : 1, $0.id) < ($1.id == "kzt" ? 0 : 1, $1.id) || ($0.id == $1.id && $0.version > $1.version) }
        let chosen = all.first.map { "\($0.id) \($0.version)" }
        return all.map { instrument in
            let value = "\(instrument.id) \(instrument.version)"
            let name = req.localizer.has("instrument.\(instrument.id)") ? req.text("instrument.\(instrument.id)") : instrument.id
            return Choice(value: value, label: req.text("monitor.open.instrumentVersion", ["name": name, "version": instrument.version]),
                          checked: value == chosen)
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await render(req)
    }

    struct OpenForm: Content {
        var name: String?
        var instrument: String?
        var respondentType: String?
        var codes: String?
        var politiek: String?
        var ambtelijk: String?
        /// Empty: the whole organisation; an employer's id: that employer's own wave.
        var employer: String?
    }

    @Sendable static func open(req: Request) async throws -> Response {
        let form = try req.content.decode(OpenForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let parts = (form.instrument ?? "").split(separator: " ").map(String.init)
        guard !name.isEmpty, name.count <= 200, parts.count == 2,
              let instrument = req.application.instruments.instrument(parts[0], version: parts[1]) else {
            return try await render(req, message: req.text("monitor.error.open"), status: .unprocessableEntity)
        }
        guard let count = Int(form.codes ?? ""), (1...20_000).contains(count) else {
            return try await render(req, message: req.text("monitor.error.codes"), status: .unprocessableEntity)
        }
        var population: [String: Int] = [:]
        for (group, value) in [("politiek", form.politiek), ("ambtelijk", form.ambtelijk)] {
            if let text = value, !text.isEmpty {
                guard let n = Int(text), n >= 0 else { return try await render(req, message: req.text("monitor.error.population"), status: .unprocessableEntity) }
                population[group] = n
            }
        }
        let type = form.respondentType == "former" ? "former" : "current"
        let employer = (form.employer ?? "").isEmpty ? nil : form.employer
        if let employer, try await req.application.organisationStore.current(on: req.db)?.employers.contains(where: { $0.id == employer }) != true {
            return try await render(req, message: req.text("monitor.error.employer"), status: .unprocessableEntity)
        }
        let (_, codes) = try await OpenSurveyWave.run(name: name, instrument: instrument, respondentType: type, population: population,
                                                      codes: count, employer: employer, by: .staff(try req.requireStaff().userID), app: req.application, db: req.db)
        return try await render(req, codes: codes, openedName: name)
    }

    struct CloseForm: Content {
        var confirm: String?
    }

    @Sendable static func close(req: Request) async throws -> Response {
        guard let id = req.parameters.get("wave", as: UUID.self), let wave = try await SurveyWave.find(id, on: req.db),
              wave.closedOn == nil else { throw Abort(.notFound) }
        let responses = try await SurveyResponse.query(on: req.db).filter(\.$wave.$id == id).count()
        let minimum = req.application.tegenkracht.minimumGroup
        if responses < minimum, try req.content.decode(CloseForm.self).confirm != "ja" {
            return try await render(req, warning: req.text("monitor.warning.close", ["count": String(responses), "minimum": String(minimum)]),
                                    warnWave: id.uuidString, status: .conflict)
        }
        try await CloseSurveyWave.run(wave, by: .staff(try req.requireStaff().userID), app: req.application, db: req.db)
        return try await render(req, message: req.text("monitor.closed", ["name": wave.name]))
    }
}
