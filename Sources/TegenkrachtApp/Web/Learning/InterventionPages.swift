import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// An intervention's page (its indicators with baseline and trend) and the printable progress
/// overview per recommendation for the Presidium and the works council.
extension LearningController {
    struct PointView: Encodable, Sendable {
        let period: String
        let value: String
    }

    struct IndicatorView: Encodable, Sendable {
        let index: Int
        let name: String
        let source: String?
        let manual: Bool
        let broken: Bool
        let baseline: String?
        let latest: String?
        let direction: String?
        let points: [PointView]
    }

    struct InterventionView: Encodable, Sendable {
        let id: String
        let title: String
        let recommendations: String
        let owner: String
        let goal: String
        let interval: String
        let budget: String
        let involved: String
        let starts: String
        let symbolic: Bool
        let indicators: [IndicatorView]
        let version: Int
    }

    struct DetailPage: Encodable, Sendable {
        /// The figures that may still be added as a measure (those not bound yet).
        let figures: [Choice]
        /// One: a list so that the summary template, shared with the progress overview, finds it in a loop.
        let interventions: [InterventionView]
        let mayManage: Bool
        let saved: Bool
        let errors: [String]
    }

    /// The figures by id, in the reader's language: made once per page, not once per intervention.
    static func catalogue(_ req: Request) -> [String: FigureDefinition] {
        Dictionary(LearningFigures.catalogue(instruments: req.application.instruments, english: req.language == .english).map { ($0.id, $0) },
                   uniquingKeysWith: { a, _ in a })
    }

    static func view(_ stored: Interventions.Stored, readings: [IndicatorReading], catalogue: [String: FigureDefinition],
                     _ req: Request, _ organisation: Organisation?) -> InterventionView {
        let t = req.localizer
        let english = req.language == .english
        let intervention = stored.intervention
        let indicators = zip(intervention.indicators, readings).enumerated().map { index, pair -> IndicatorView in
            let (indicator, reading) = pair
            var name: String
            var source: String?
            var percent = false
            switch indicator {
            case .figure(let id):
                name = catalogue[id].map { figureName($0, t) } ?? id
                percent = catalogue[id]?.unit == .percent
            case .manual(let figure):
                name = figure.name
                source = figure.source
            }
            func show(_ point: IndicatorPoint?) -> String? {
                guard let point else { return nil }
                guard let value = point.value else { return "\(point.period): \(t.text("stats.hidden"))" }
                return "\(point.period): \(t.decimal(value, places: percent ? 0 : 2))\(percent ? "%" : "")"
            }
            switch reading {
            case .broken(let figure):
                name = t.text("learning.indicator.brokenName", ["id": figure])
                return IndicatorView(index: index, name: name, source: nil, manual: false, broken: true, baseline: nil, latest: nil,
                                     direction: nil, points: [])
            case .series(let points, let higherIsBetter):
                let today = req.application.today
                let trend = IndicatorTrend.of(points, starts: intervention.starts, today: today, higherIsBetter: higherIsBetter)
                return IndicatorView(
                    index: index, name: name, source: source, manual: source != nil, broken: false,
                    baseline: show(trend.baseline), latest: show(trend.latest),
                    direction: t.text("learning.trend.\(trend.direction.rawValue)"),
                    points: points.map { point in
                        PointView(period: point.period, value: (show(point) ?? "") + (point.ends > today ? " " + t.text("learning.soFar") : ""))
                    })
            }
        }
        return InterventionView(
            id: stored.id.uuidString, title: intervention.title, recommendations: intervention.recommendations.joined(separator: ", "),
            owner: ownerName(intervention.owner, organisation, t), goal: intervention.goal,
            interval: t.text("learning.interval.months", ["n": String(intervention.intervalMonths)]),
            budget: Money.text(intervention.budgetCents, english: english),
            involved: intervention.involved.map { partName($0, organisation, t) }.joined(separator: ", "),
            starts: t.longDate(intervention.starts),
            symbolic: intervention.status(readings: readings) == .symbolic,
            indicators: indicators, version: stored.version)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await renderDetail(req, errors: [], status: .ok)
    }

    static func renderDetail(_ req: Request, errors: [String], status: HTTPStatus) async throws -> Response {
        let (_, personID, organisation) = try await reader(req)
        guard let id = req.parameters.get("intervention", as: UUID.self), let stored = try await Interventions.one(id, db: req.db) else {
            throw Abort(.notFound)
        }
        let readings = try await LearningFigures.readings([stored.intervention.indicators], app: req.application, db: req.db)
        let bound = Set(stored.intervention.indicators.compactMap { indicator -> String? in
            if case .figure(let id) = indicator { return id }
            return nil
        })
        let figures = LearningFigures.catalogue(instruments: req.application.instruments, english: req.language == .english)
            .filter { !bound.contains($0.id) }.map { Choice(id: $0.id, label: figureName($0, req.localizer), checked: false) }
        return try await req.renderPage("learning-intervention", titleKey: "learning.intervention.title", DetailPage(
            figures: figures,
            interventions: [view(stored, readings: readings.first ?? [], catalogue: catalogue(req), req, organisation)],
            mayManage: LearningAccess.mayManage(personID, in: organisation, on: req.application.today),
            saved: req.query[String.self, at: "ok"] != nil, errors: errors), status: status)
    }

    struct ReadingForm: Content {
        var indicator: Int?
        var on: String?
        var value: String?
        var version: Int?
    }

    @Sendable static func addReading(req: Request) async throws -> Response {
        let (staff, personID, _) = try await reader(req, manage: true)
        guard let id = req.parameters.get("intervention", as: UUID.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(ReadingForm.self)
        let typed = (form.value ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let on = form.on.flatMap(LocalDate.init(iso:)) else {
            return try await renderDetail(req, errors: [req.text("register.error.date")], status: .unprocessableEntity)
        }
        guard let value = Double(typed) else {
            return try await renderDetail(req, errors: [req.text("learning.error.value")], status: .unprocessableEntity)
        }
        do {
            try await Interventions.addReading(ManualFigure.Reading(on: on, value: value), indicator: form.indicator ?? -1, to: id,
                                               version: form.version, personID: personID, by: .staff(staff.userID),
                                               app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await renderDetail(req, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        return req.redirect(to: "\(path)/\(id.uuidString)?ok=1")
    }

    struct IndicatorForm: Content {
        var figure: String?
        var manualName: String?
        var manualSource: String?
        var version: Int?
    }

    @Sendable static func addIndicator(req: Request) async throws -> Response {
        let (staff, personID, _) = try await reader(req, manage: true)
        guard let id = req.parameters.get("intervention", as: UUID.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(IndicatorForm.self)
        let name = (form.manualName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let source = (form.manualSource ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let indicator: Indicator
        if let figure = form.figure, !figure.isEmpty {
            indicator = .figure(figure)
        } else {
            guard name.count <= 300, source.count <= 500 else {
                return try await renderDetail(req, errors: [req.text("portal.error.tooLong")], status: .unprocessableEntity)
            }
            indicator = .manual(ManualFigure(name: name, source: source))
        }
        let known = Set(LearningFigures.catalogue(instruments: req.application.instruments, english: false).map(\.id))
        do {
            try await Interventions.addIndicator(indicator, to: id, version: form.version, known: known, personID: personID,
                                                 by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await renderDetail(req, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        return req.redirect(to: "\(path)/\(id.uuidString)?ok=1")
    }

    // MARK: The progress overview (printable)

    struct ProgressRecommendation: Encodable, Sendable {
        let id: String
        let text: String
        let interventions: [InterventionView]
    }

    struct ProgressPage: Encodable, Sendable {
        let date: String
        let recommendations: [ProgressRecommendation]
        let withoutIntervention: [String]
        let fractieFlags: [FractieFlag]
        let symbolic: Int
        let total: Int
    }

    @Sendable static func progress(req: Request) async throws -> Response {
        let (_, _, organisation) = try await reader(req)
        let english = req.language == .english
        let stored = try await Interventions.all(db: req.db)
        let readings = try await LearningFigures.readings(stored.map(\.intervention.indicators), app: req.application, db: req.db)
        let figures = catalogue(req)
        let views = stored.indices.map { view(stored[$0], readings: readings[$0], catalogue: figures, req, organisation) }
        let recommendations = req.application.recommendations.inForce(on: req.application.today)?.recommendations ?? []
        let lines = recommendations.map { recommendation in
            ProgressRecommendation(id: recommendation.id, text: recommendation.text.text(english: english),
                                   interventions: stored.indices.filter { stored[$0].intervention.recommendations.contains(recommendation.id) }.map { views[$0] })
        }
        return try await req.renderPage("learning-progress", titleKey: "learning.progress.title", ProgressPage(
            date: req.localizer.longDate(req.application.today), recommendations: lines.filter { !$0.interventions.isEmpty },
            withoutIntervention: lines.filter { $0.interventions.isEmpty }.map { "\($0.id) \($0.text)" },
            fractieFlags: fractieFlags(req, organisation),
            symbolic: views.filter(\.symbolic).count, total: views.count))
    }
}
