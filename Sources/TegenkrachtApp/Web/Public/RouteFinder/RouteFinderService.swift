import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The raw answers, as they come from a form, a query string or the command line.
struct RouteParameters: Sendable {
    var reporter: String?
    var accused: String?
    var behaviours: [String] = []
    var wish: String?
    var reporterAdopted: String?
    var accusedAdopted: String?
    var reporterFractie: String?
    var accusedFractie: String?
    var date: String?
    /// "yes", "no" or nothing: is the accused the reporter's own manager?
    var accusedIsOwnManager: String?
}

/// Runs the route finder with the rules and the organisation in force today. A fractie named in the
/// answers decides the adoption question from the public register, so the person need not know it.
enum RouteFinderService {
    static func answer(_ p: RouteParameters, app: Application, db: any Database) async throws -> RouteAnswer {
        try answer(p, organisation: try await app.organisationStore.current(on: db), app: app)
    }

    /// The answer for a given organisation (`routes --organisation FILE` needs no database).
    static func answer(_ p: RouteParameters, organisation: Organisation?, app: Application) throws -> RouteAnswer {
        let today = app.today
        let question = try question(p, organisation: organisation, on: today)
        guard let rules = app.routeRules.inForce(on: today) else { throw Abort(.internalServerError) }
        return RouteFinder.answer(question, rules: rules, organisation: organisation, on: today)
    }

    static func question(_ p: RouteParameters, organisation: Organisation?, on date: LocalDate) throws(RouteQuestionError) -> RouteQuestion {
        func adoption(explicit: String?, fractie: String?, field: String) throws(RouteQuestionError) -> String? {
            guard let fractie, !fractie.isEmpty else { return explicit }
            guard let organisation, organisation.fractie(id: fractie, on: date) != nil else {
                throw RouteQuestionError(key: "routes.error.unknownFractie", field: field, value: fractie,
                                         validValues: organisation?.fracties(on: date).map(\.id) ?? [])
            }
            if let explicit, !explicit.isEmpty { return explicit }
            return organisation.fractieAdoptedKlachtenregeling(fractie, on: date) ? "yes" : "no"
        }
        // A fractie only says something about fractie staff; for other groups it is ignored.
        let reporterFractie = p.reporter == RouteGroup.partyGroupStaff.rawValue ? p.reporterFractie : nil
        let accusedFractie = p.accused == RouteGroup.partyGroupStaff.rawValue ? p.accusedFractie : nil
        return try RouteQuestion.parse(
            reporter: p.reporter, accused: p.accused, behaviours: p.behaviours, wish: p.wish,
            reporterAdopted: try adoption(explicit: p.reporterAdopted, fractie: reporterFractie, field: "reporter-fractie"),
            accusedAdopted: try adoption(explicit: p.accusedAdopted, fractie: accusedFractie, field: "accused-fractie"),
            occurredOn: p.date, accusedIsOwnManager: p.accusedIsOwnManager)
    }
}

extension Application {
    private struct RouteRulesKey: StorageKey { typealias Value = RouteRuleBook }

    var routeRules: RouteRuleBook {
        get { storage[RouteRulesKey.self] ?? RouteRuleBook(sets: []) }
        set { storage[RouteRulesKey.self] = newValue }
    }
}
