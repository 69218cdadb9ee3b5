import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The annual reports from the registry (issue 7): the confidential advisors', the complaints
/// committee's (art. 14), the College's and the social annual report's section. HTML with SVG charts
/// and no scripts, a print version, and CSV. Small counts are suppressed; only the body that
/// publishes a report itself (the College) can produce its exact tables.
enum AnnualReportController {
    @Sendable static func list(req: Request) async throws -> Response {
        let mine = try await RegistryAccess.roles(req)
        let t = req.localizer
        let reports = req.application.reportBook.templates.filter { !mine.isDisjoint(with: $0.readers) }
            .map { ListPage.Item(id: $0.id, title: t.text("report.\($0.id).title")) }
        guard !reports.isEmpty else { throw Abort(.forbidden) }
        return try await req.renderPage("annual-reports", titleKey: "annualreports.title",
                                        ListPage(reports: reports, year: RegistryAccess.year(req), dashboard: true))
    }

    /// The template, if this staff member may read it; 404 otherwise (a report not for you does not exist).
    /// With it: whether the reader may ask for exact tables (the publishing body), and whether exact is
    /// what they get anyway (the regulation's addressees, `exactFor`).
    static func template(_ req: Request) async throws -> (template: ReportTemplate, canExact: Bool, exact: Bool) {
        let mine = try await RegistryAccess.roles(req)
        guard let id = req.parameters.get("report"), let template = req.application.reportBook.template(id),
              !mine.isDisjoint(with: template.readers) else { throw Abort(.notFound) }
        let addressee = !mine.isDisjoint(with: template.exactFor ?? [])
        let canExact = !addressee && !mine.isDisjoint(with: template.publishedBy)
        return (template, canExact, addressee || (canExact && req.query[String.self, at: "exact"] == "1"))
    }

    /// A row's label: years as they are, the typology's groups by their usual names, other rows by
    /// the report's own texts.
    static func label(_ template: ReportTemplate, _ table: ReportTemplate.Table, _ row: String, _ t: Localizer) -> String {
        switch table.field {
        case "year": return row
        case "behaviourGroup": return t.text("behaviourgroup.\(row)")
        default: return t.text("report.\(template.id).\(table.id).\(row)")
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (template, canExact, exact) = try await template(req)
        let t = req.localizer
        let year = RegistryAccess.year(req)
        let k = exact ? 1 : req.application.tegenkracht.minimumCell
        let tables = try await AnnualReports.filled(template, year: year, k: k, db: req.db)
        var anySuppressed = false
        let views = tables.map { (table, filled) -> TableView in
            let maximum = max(1, filled.lines.compactMap(\.count.value).max() ?? 1)
            var y = 0
            let lines = filled.lines.map { line -> LineView in
                let label = Self.label(template, table, line.id, t)
                defer { y += 22 }
                if line.count == .suppressed { anySuppressed = true }
                return LineView(label: label, chartLabel: Self.chartLabel(label), depth: line.depth, count: line.count.value.map(String.init) ?? t.text("stats.hidden"),
                                suppressed: line.count == .suppressed,
                                bar: Bar(y: y, textY: y + 14, width: line.count.value.map { $0 == 0 ? 0 : max(1, $0 * 360 / maximum) } ?? 0))
            }
            return TableView(id: table.id, title: t.text("report.\(template.id).\(table.id)"), lines: lines,
                             total: filled.total.map { $0.value.map(String.init) ?? t.text("stats.hidden") },
                             unmatched: filled.unmatched, chartHeight: max(22, lines.count * 22))
        }
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: exact ? .registryReportExact : .registryReport,
                                  subject: "report:\(template.id):\(year)", now: req.application.clock.now)
        let currentYear = req.application.today.year
        let registers = try await registerLines(template, year: year, k: k, req: req)
        return try await req.renderPage("annual-report",
                                        titleKey: "report.\(template.id).title",
                                        Page(id: template.id, title: t.text("report.\(template.id).title"), year: year,
                                             years: Array(((currentYear - 10)...currentYear).reversed()), tables: views, k: k,
                                             exact: exact, canExact: canExact, addressee: exact && !canExact, print: req.query[String.self, at: "afdruk"] == "1",
                                             anySuppressed: anySuppressed || (registers ?? []).contains { $0.suppressed },
                                             registers: registers))
    }

    /// The College's report only. A count of cases below `k` is hidden like any cell; the instructions
    /// are public acts of the House (shown on the members' pages), so they are exact.
    static func registerLines(_ template: ReportTemplate, year: Int, k: Int, req: Request) async throws -> [RegisterLine]? {
        guard template.channels.contains(RegistryRecord.Channel.integrityBoard.rawValue) else { return nil }
        let t = req.localizer
        let count = try await RegisterCitations.count(year: year, app: req.application, db: req.db)
        let hidden = count.casesCiting > 0 && count.casesCiting < k
        return [RegisterLine(id: "cases", label: t.text("citation.report.cases"),
                             count: hidden ? t.text("stats.hidden") : String(count.casesCiting), suppressed: hidden),
                RegisterLine(id: "issued", label: t.text("citation.report.issued"), count: String(count.instructionsIssued), suppressed: false),
                RegisterLine(id: "followed", label: t.text("citation.report.followed"), count: String(count.instructionsFollowed), suppressed: false),
                RegisterLine(id: "not-followed", label: t.text("citation.report.notFollowed"), count: String(count.instructionsNotFollowed),
                             suppressed: false)]
    }

    /// The same tables as CSV (aggregates only: the registry's rows never leave the system).
    @Sendable static func csv(req: Request) async throws -> Response {
        let (template, _, exact) = try await template(req)
        let t = req.localizer
        let year = RegistryAccess.year(req)
        let k = exact ? 1 : req.application.tegenkracht.minimumCell
        var lines = ["tabel;regel;niveau;aantal"]
        let field = CSV.field
        for (table, filled) in try await AnnualReports.filled(template, year: year, k: k, db: req.db) {
            let title = t.text("report.\(template.id).\(table.id)")
            for line in filled.lines {
                let label = Self.label(template, table, line.id, t)
                lines.append([field(title), field(label), String(line.depth), line.count.value.map(String.init) ?? t.text("stats.hidden")].joined(separator: ";"))
            }
            if let total = filled.total {
                lines.append([field(title), field(t.text("stats.total")), "0", total.value.map(String.init) ?? t.text("stats.hidden")].joined(separator: ";"))
            }
        }
        if let registers = try await registerLines(template, year: year, k: k, req: req) {
            let title = t.text("citation.report.heading", ["year": String(year)])
            lines += registers.map { [field(title), field($0.label), "0", $0.count].joined(separator: ";") }
        }
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .registryExport, subject: "report:\(template.id):\(year)", now: req.application.clock.now)
        return CSV.response(lines, filename: "\(template.id)-\(year).csv")
    }

    /// At most 34 characters (the 250 px before the bars at the chart's 13 px font), cut at a word.
    static func chartLabel(_ label: String, limit: Int = 34) -> String {
        guard label.count > limit else { return label }
        let cut = label.prefix(limit - 1)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) + "…"
    }
}
