import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The public figures page (issue 18, 6.6.2): per year the number and nature of signals, reports and
/// complaints and how they were followed up, with the same suppression as the annual reports, and the
/// lessons learned once approved. No login; nothing about the reader is logged.
enum PublicFiguresController {
    struct Row: Encodable, Sendable {
        let label: String
        let cells: [String]
        let total: String
    }

    struct Table: Encodable, Sendable {
        let columns: [String]
        let rows: [Row]
        let totals: [String]
        let grandTotal: String
    }

    struct Page: Encodable, Sendable {
        let year: Int
        let years: [Int]
        let k: Int
        let handling: Table?
        let nature: [Row]
        let lessons: String?
        let anySuppressed: Bool
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let app = req.application
        let t = req.localizer
        let k = app.tegenkracht.minimumCell
        // Completed years only: a figure that changes from day to day would give away the one new
        // signal behind the change, however well each day's table is suppressed.
        let year = RegistryAccess.completedYear(req)
        let scope = RegistryStatistics.Scope(year: year)
        let labels = try await DashboardController.labels(app: app, db: req.db, localizer: t)
        func label(_ field: String, _ value: String) -> String {
            value.isEmpty ? t.text("figures.open") : labels[field]?[value] ?? t.text("stats.other")
        }
        func show(_ cell: SuppressedTable.Cell) -> String { cell.value.map(String.init) ?? t.text("stats.hidden") }

        // Kind (signal, report, complaint, ...) against how it was followed up (the outcome; open while none).
        let counts = try await RegistryStatistics.crossCounts(rows: "kind", columns: "outcome", scope: scope, db: req.db)
        let rowKeys = counts.keys.sorted()
        let columnKeys = Set(counts.values.flatMap(\.keys)).sorted()
        let table = DisclosureControl.suppress(rowKeys.map { r in columnKeys.map { c in counts[r]?[c] ?? 0 } }, k: k)
        let handling = rowKeys.isEmpty ? nil : Table(
            columns: columnKeys.map { label("outcome", $0) },
            rows: rowKeys.indices.map { Row(label: label("kind", rowKeys[$0]), cells: table.cells[$0].map(show), total: show(table.rowTotals[$0])) },
            totals: table.columnTotals.map(show), grandTotal: show(table.grandTotal))

        // The nature of the behaviour: each entry counted in every group of the typology it names, so
        // the column has no total to subtract from; each small count is hidden on its own.
        let nature = try await RegistryStatistics.counts(field: "behaviourGroup", scope: scope, db: req.db)
        let groups = nature.keys.sorted()
        let shownNature = DisclosureControl.suppressOverlapping(groups.map { nature[$0] ?? 0 }, k: k)
        let natureRows = zip(groups, shownNature).map { group, count in
            Row(label: t.text("behaviourgroup.\(group)"), cells: [], total: count.map(String.init) ?? t.text("stats.hidden"))
        }
        let lessons = try await FigureLessons.of(year: year, db: req.db)
        let anySuppressed = table.cells.joined().contains(.suppressed) || table.rowTotals.contains(.suppressed)
            || table.columnTotals.contains(.suppressed) || table.grandTotal == .suppressed || natureRows.contains { $0.total == t.text("stats.hidden") }
        return try await req.renderPage("public-figures", titleKey: "figures.title", Page(
            year: year, years: RegistryAccess.completedYears(req), k: k, handling: handling, nature: natureRows,
            lessons: lessons?.approved == true ? lessons?.text : nil, anySuppressed: anySuppressed))
    }

    // MARK: The lessons learned: written by the coordinator, approved by the Voorzitter

    struct LessonsForm: Content {
        var year: Int?
        var lessons: String?
        var version: Int?
    }

    struct LessonsPage: Encodable, Sendable {
        let year: Int
        let years: [Int]
        let text: String
        let version: Int?
        let approved: Bool
        let mayWrite: Bool
        let mayApprove: Bool
        let errors: [String]
        let saved: Bool
    }

    static func lessonsPage(_ req: Request, year requested: Int?, typed: String?, errors: [String], status: HTTPStatus) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let app = req.application
        let organisation = try await app.organisationStore.current(on: req.db)
        let mayWrite = LearningAccess.mayManage(staff.personID, in: organisation, on: app.today)
        let mayApprove = LearningAccess.mayApprove(staff.personID, in: organisation, on: app.today)
        guard mayWrite || mayApprove else { throw Abort(.forbidden) }
        let years = RegistryAccess.completedYears(req)
        let year = requested.flatMap { years.contains($0) ? $0 : nil } ?? years[0]
        let lessons = try await FigureLessons.of(year: year, db: req.db)
        return try await req.renderPage("figures-lessons", titleKey: "figures.lessons.title", LessonsPage(
            year: year, years: years, text: typed ?? lessons?.text ?? "",
            version: lessons?.version, approved: lessons?.approved ?? false,
            mayWrite: mayWrite, mayApprove: mayApprove && lessons != nil && lessons?.writtenBy != staff.userID,
            errors: errors, saved: req.query[String.self, at: "ok"] != nil), status: status)
    }

    @Sendable static func lessons(req: Request) async throws -> Response {
        try await lessonsPage(req, year: req.query[Int.self, at: "jaar"], typed: nil, errors: [], status: .ok)
    }

    @Sendable static func writeLessons(req: Request) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let form = try req.content.decode(LessonsForm.self)
        let year = form.year ?? 0
        do {
            try await FigureLessons.write(year: year, text: form.lessons ?? "", version: form.version, personID: staff.personID,
                                          by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await lessonsPage(req, year: year, typed: form.lessons, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.forbidden)
        }
        return req.redirect(to: "/werkruimte/cijfers?jaar=\(year)&ok=1")
    }

    @Sendable static func approveLessons(req: Request) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let form = try req.content.decode(LessonsForm.self)
        let year = form.year ?? 0
        do {
            try await FigureLessons.approve(year: year, version: form.version ?? -1, personID: staff.personID,
                                            by: .staff(staff.userID), app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await lessonsPage(req, year: year, typed: nil, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.forbidden)
        }
        return req.redirect(to: "/werkruimte/cijfers?jaar=\(year)&ok=1")
    }
}
