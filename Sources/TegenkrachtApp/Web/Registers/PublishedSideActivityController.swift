import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The public list of the allowed side activities of officials in designated functions
/// (`/registers/ambtenaren`; Ambtenarenwet 2017 art. 5(1)(c); issue 14). No login, nothing logged
/// about the reader; each line was published with the manager's decision.
enum PublishedSideActivityController {
    struct Line: Encodable, Sendable {
        let name: String
        let function: String
        let activity: String
        let paid: String
        let start: String
        let published: String
    }

    struct Page: Encodable, Sendable {
        let lines: [Line]
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let t = req.localizer
        let organisation = try await req.application.organisationStore.current(on: req.db)
        let lines = try await PublishedSideActivities.all(db: req.db).map { item in
            Line(name: organisation?.person(id: item.personID)?.name ?? item.personID, function: item.functionName,
                 activity: item.organisation.isEmpty ? item.activity : "\(item.activity), \(item.organisation)",
                 paid: t.text(item.paid ? "sideActivity.paid.yes" : "sideActivity.paid.no"),
                 start: LocalDate(iso: item.startDate).map { t.longDate($0) } ?? item.startDate,
                 published: LocalDate(iso: item.publishedOn).map { t.longDate($0) } ?? item.publishedOn)
        }.sorted { ($0.name, $0.activity) < ($1.name, $1.activity) }
        return try await req.renderPage("published-side-activities", titleKey: "publishedSideActivity.title", Page(lines: lines))
    }
}
