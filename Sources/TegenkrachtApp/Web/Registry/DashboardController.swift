import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The registry dashboard (issue 7): the handling KPIs and a breakdown of two fields for a year,
/// with primary and secondary suppression; units and fracties appear by name only when large enough,
/// smaller ones are merged. A breakdown that would fall below k answers with the suppressed result and
/// an explanation, never with the number.
enum DashboardController {
    static let dimensions = ["channel", "kind", "reporterGroup", "accusedGroup", "outcome", "stage", "accusedUnit"]

    @Sendable static func show(req: Request) async throws -> Response {
        let mine = try await RegistryAccess.roles(req)
        let readers = Set(req.application.reportBook.templates.flatMap(\.readers))
        guard !mine.isDisjoint(with: readers) else { throw Abort(.forbidden) }
        let app = req.application
        let t = req.localizer
        let k = app.tegenkracht.minimumCell
        let year = RegistryAccess.year(req)
        let scope = RegistryStatistics.Scope(year: year)
        let kpis = try await RegistryStatistics.kpis(scope: scope, k: k, postgres: app.tegenkracht.usesPostgres, db: req.db)
        let rowField = req.query[String.self, at: "rij"].flatMap { dimensions.contains($0) ? $0 : nil } ?? "channel"
        let columnField = req.query[String.self, at: "kolom"].flatMap { dimensions.contains($0) && $0 != rowField ? $0 : nil } ?? "reporterGroup"
        let counts = try await RegistryStatistics.crossCounts(rows: rowField, columns: columnField, scope: scope, db: req.db)
        let labels = try await self.labels(app: app, db: req.db, localizer: t)
        func label(_ field: String, _ value: String) -> String {
            value.isEmpty ? t.text("stats.unknown") : labels[field]?[value] ?? t.text("stats.other")
        }
        // Small units and fracties join "other", on both axes, before anything is counted out.
        var merged = false
        func axis(_ field: String, _ values: [String: Int]) -> [String] {
            guard field == "accusedUnit" else { return values.keys.sorted() }
            let kept = DisclosureControl.mergeSmallGroups(values.map { (name: $0.key, count: $0.value) }, k: k, otherName: "~other")
            if kept.contains(where: { $0.name == "~other" }) { merged = true }
            return kept.map(\.name).sorted()
        }
        let rowTotals = counts.mapValues { $0.values.reduce(0, +) }
        var columnTotals: [String: Int] = [:]
        for row in counts.values { for (c, n) in row { columnTotals[c, default: 0] += n } }
        let rowKeys = axis(rowField, rowTotals)
        let columnKeys = axis(columnField, columnTotals)
        func bucket(_ key: String, _ keys: [String]) -> String { keys.contains(key) ? key : "~other" }
        var matrix = rowKeys.map { _ in columnKeys.map { _ in 0 } }
        for (r, row) in counts {
            for (c, n) in row {
                guard let ri = rowKeys.firstIndex(of: bucket(r, rowKeys)), let ci = columnKeys.firstIndex(of: bucket(c, columnKeys)) else { continue }
                matrix[ri][ci] += n
            }
        }
        let table = DisclosureControl.suppress(matrix, k: k)
        // A hidden cell says "verborgen", never "< 5": a cell hidden to protect another may be 5 or more
        // (issue 15), and telling the two kinds apart would itself give something away.
        func show(_ cell: SuppressedTable.Cell) -> String { cell.value.map(String.init) ?? t.text("stats.hidden") }
        let anySuppressed = table.cells.joined().contains(.suppressed) || table.rowTotals.contains(.suppressed)
            || table.columnTotals.contains(.suppressed) || table.grandTotal == .suppressed
        let grid = rowKeys.isEmpty ? nil : Grid(
            columns: columnKeys.map { $0 == "~other" ? t.text("stats.otherGroups") : label(columnField, $0) },
            rows: rowKeys.indices.map { i in
                GridRow(label: rowKeys[i] == "~other" ? t.text("stats.otherGroups") : label(rowField, rowKeys[i]),
                        cells: table.cells[i].map(show), total: show(table.rowTotals[i]))
            },
            columnTotals: table.columnTotals.map(show), grandTotal: show(table.grandTotal))
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .registryDashboard, subject: "registry:\(year)", now: req.application.clock.now)
        let currentYear = app.today.year
        return try await req.renderPage("dashboard", titleKey: "dashboard.title", Page(
            year: year, years: Array(((currentYear - 10)...currentYear).reversed()), k: k, kpis: kpis,
            satisfaction: kpis.satisfaction.map { $0.map(String.init) ?? t.text("stats.hidden") },
            rowChoices: dimensions.map { Choice(id: $0, label: t.text("stats.dimension.\($0)"), selected: $0 == rowField) },
            columnChoices: dimensions.map { Choice(id: $0, label: t.text("stats.dimension.\($0)"), selected: $0 == columnField) },
            grid: grid, explanation: anySuppressed ? t.text("stats.explanation", ["k": String(k)]) : nil, merged: merged))
    }

    /// Display names per field value; units and fracties by their blind index (the server holds the key).
    static func labels(app: Application, db: any Database, localizer t: Localizer) async throws -> [String: [String: String]] {
        var labels: [String: [String: String]] = [:]
        for channel in RegistryRecord.Channel.allCases { labels["channel", default: [:]][channel.rawValue] = t.text("channel.\(channel.rawValue)") }
        for kind in RegistryRecord.Kind.allCases { labels["kind", default: [:]][kind.rawValue] = t.text("registrykind.\(kind.rawValue)") }
        for group in RouteGroup.allCases {
            labels["reporterGroup", default: [:]][group.rawValue] = t.text("group.\(group.rawValue)")
            labels["accusedGroup", default: [:]][group.rawValue] = t.text("group.\(group.rawValue)")
        }
        for outcome in CaseOutcome.allCases { labels["outcome", default: [:]][outcome.rawValue] = t.text("outcome.\(outcome.rawValue)") }
        for stage in CaseStage.allCases { labels["stage", default: [:]][stage.rawValue] = t.text("stage.\(stage.rawValue)") }
        if let organisation = try await app.organisationStore.current(on: db) {
            for unit in organisation.units {
                labels["accusedUnit", default: [:]][try RegistryService.blindIndex(.unit(unit.id), app: app)] = unit.name
            }
            for fractie in organisation.fracties {
                labels["accusedUnit", default: [:]][try RegistryService.blindIndex(.fractie(fractie.id), app: app)] = fractie.name
            }
        }
        return labels
    }
}
