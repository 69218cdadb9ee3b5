import Fluent
import Foundation
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The monitor's results (issue 8): response rates, every item as a distribution (shares; the
/// reporting climate as agree / neutral / disagree only), means and SDs of the scales with reverse
/// coding, group comparisons with t-tests and ANOVA (significant at p < .1), trends across waves, and
/// a CSV of aggregates. Groups under the minimum (default 35) are not shown, and a wave under it shows
/// nothing at all. Microdata never leaves the system.
enum MonitorResultsController {

    /// Readers are named per instrument in `instruments.json`; the list of waves is for anyone who may
    /// read one of them.
    static func authorise(_ req: Request, instrument: Instrument? = nil) async throws {
        let mine = try await RegistryAccess.roles(req)
        let readers = Set(instrument.map { $0.analysis.readers } ?? req.application.instruments.instruments.flatMap(\.analysis.readers))
        guard !mine.isDisjoint(with: readers) else { throw Abort(.forbidden) }
    }

    /// A wave of one employer is read only by the instrument's readers who hold their role for that
    /// employer (issue 18).
    static func authorise(_ req: Request, wave: SurveyWave, instrument: Instrument) async throws {
        guard WaveReaders.mayRead(employer: wave.employer, readers: Set(instrument.analysis.readers),
                                  assignments: try await RegistryAccess.assignments(req)) else { throw Abort(.forbidden) }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await authorise(req)
        let assignments = try await RegistryAccess.assignments(req)
        let instruments = req.application.instruments
        let waves = try await MonitorWaves.rows(req) { wave in
            guard let instrument = instruments.instrument(wave.instrument, version: wave.version) else { return false }
            return WaveReaders.mayRead(employer: wave.employer, readers: Set(instrument.analysis.readers), assignments: assignments)
        }
        return try await req.renderPage("monitor-list", titleKey: "monitor.results.title", ListPage(waves: waves))
    }

    static func load(_ req: Request) async throws -> (SurveyWave, Instrument, SurveyResults, SurveyTally) {
        try await authorise(req)
        guard let id = req.parameters.get("wave", as: UUID.self), let wave = try await SurveyWave.find(id, on: req.db),
              let instrument = req.application.instruments.instrument(wave.instrument, version: wave.version) else { throw Abort(.notFound) }
        try await authorise(req, wave: wave, instrument: instrument)
        // From the wave's counts, not its responses (issue 17): the same figures at any size.
        let tally = try await MonitorService.tally(of: wave, instrument: instrument, db: req.db)
        let results = SurveyResults(instrument: instrument, tally: tally, rule: GroupRule(minimum: req.application.tegenkracht.minimumGroup))
        return (wave, instrument, results, tally)
    }

    static func label(_ distribution: SurveyResults.Distribution, english: Bool) -> String {
        let q = distribution.question
        let base = english ? q.textEn : q.textNl
        guard let item = distribution.item, !item.id.isEmpty else { return "\(q.id) \(base)" }
        return "\(q.id).\(item.id) \(english ? item.textEn : item.textNl)"
    }

    static func shares(_ d: SurveyResults.Distribution, english: Bool, t: Localizer) -> [Share] {
        guard d.answered > 0 else { return [] }
        func percent(_ n: Int) -> Int { Int((Double(n) * 100 / Double(d.answered)).rounded()) }
        if d.sharesOnly {
            // 1-3 disagree, 4 neutral, 5-7 agree (the report's "(een beetje tot zeer) mee eens").
            let value = { (code: String) in Int(code) ?? 0 }
            let disagree = d.counts.filter { value($0.code) <= 3 }.reduce(0) { $0 + $1.count }
            let neutral = d.counts.filter { value($0.code) == 4 }.reduce(0) { $0 + $1.count }
            let agree = d.counts.filter { value($0.code) >= 5 }.reduce(0) { $0 + $1.count }
            return [Share(label: t.text("monitor.agree"), percent: percent(agree)), Share(label: t.text("monitor.neutral"), percent: percent(neutral)),
                    Share(label: t.text("monitor.disagree"), percent: percent(disagree))]
        }
        let options = d.question.options ?? []
        return d.counts.map { c in
            let option = options.first { $0.code == c.code }
            return Share(label: option.map { english ? $0.textEn : $0.textNl } ?? c.code, percent: percent(c.count))
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (wave, instrument, results, tally) = try await load(req)
        let t = req.localizer
        let english = req.language == .english
        let minimum = req.application.tegenkracht.minimumGroup
        let waveID = try wave.requireID()
        let codes = try await SurveyCode.query(on: req.db).filter(\.$wave.$id == waveID).count()
        let population = MonitorService.population(of: wave)
        // Figures on the page use the reader's decimal sign (issue 15: "12,5%" on a Dutch page).
        func rate(_ n: Int, _ of: Int) -> String { of > 0 ? t.decimal(Double(n) * 100 / Double(of), places: 1) + "%" : "—" }
        let groupRates = population.keys.sorted().map { group -> String in
            let code = group == "politiek" ? "a" : "b"
            let n = tally["s|I.1|\(code)"]
            let shown = n >= minimum ? rate(n, population[group] ?? 0) : t.text("monitor.tooSmall", ["minimum": String(minimum)])
            return t.text("monitor.groupRate", ["group": t.text("monitor.group.\(group)"), "rate": shown])
        }
        // A reverse-coded statement carries "(R)", as the note above the table explains (issue 15).
        let measureText = Dictionary(uniqueKeysWithValues: results.measures.map { m in
            (m.key, "\(m.key) \(english ? m.item.textEn : m.item.textNl)\(m.item.reverseCoded == true ? " (R)" : "")")
        })
        var comparisons: [ComparisonView] = []
        for id in instrument.analysis.comparisons.map(\.id) {
            let rows = results.comparisons.filter { $0.comparison.id == id }
            guard let first = rows.first else { continue }
            let suppressedGroups = first.groups.filter { $0.summary == nil && $0.n > 0 }.map { t.text("monitor.group.\($0.id)") }
            comparisons.append(ComparisonView(
                id: id, title: t.text("monitor.comparison.\(id)"), groups: first.groups.map { t.text("monitor.group.\($0.id)") },
                rows: rows.map { row in
                    ComparisonRow(measure: measureText[row.measure] ?? row.measure,
                                  cells: row.groups.map { g in
                                      g.summary.map { GroupCell(text: "\(t.decimal($0.mean, places: 2)) (\(t.decimal($0.sd, places: 2))) n=\($0.n)", suppressed: false) }
                                          ?? GroupCell(text: t.text("monitor.tooSmall", ["minimum": String(minimum)]), suppressed: true)
                                  },
                                  test: row.test.map { "\(row.groups.filter { $0.summary != nil }.count == 2 ? "t" : "F") = \(t.decimal($0.statistic, places: 2)), p = \(t.decimal($0.p, places: 3))" } ?? "—",
                                  significant: row.test?.significant ?? false)
                },
                note: suppressedGroups.isEmpty ? nil : t.text("monitor.suppressedNote", ["groups": suppressedGroups.joined(separator: ", "), "minimum": String(minimum)])))
        }
        // Trends: the same measures in every wave of this instrument (by id, across versions), of the
        // same employer: a fractie's own waves with each other, the organisation's with each other
        // (a fractie's results are never shown beside the House's, nor the other way round).
        var trendWaves: [String] = []
        var trendValues: [String: [String]] = [:]
        for other in try await SurveyWave.query(on: req.db).filter(\.$instrument == wave.instrument).filter(\.$employer == wave.employer)
            .sort(\.$openedOn).all() {
            guard let otherInstrument = req.application.instruments.instrument(other.instrument, version: other.version) else { continue }
            let otherResults = SurveyResults(instrument: otherInstrument,
                                             tally: try await MonitorService.tally(of: other, instrument: otherInstrument, db: req.db),
                                             rule: GroupRule(minimum: minimum))
            trendWaves.append(other.name)
            for measure in results.measures {
                let value = otherResults.measures.first { $0.key == measure.key }?.overall.map { t.decimal($0.mean, places: 2) }
                trendValues[measure.key, default: []].append(value ?? "—")
            }
        }
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .monitorResults, subject: "wave:\(waveID)", now: req.application.clock.now)
        return try await req.renderPage("monitor-results", titleKey: "monitor.results.title", Page(
            id: waveID.uuidString, name: wave.name, instrument: "\(instrument.id) \(instrument.version)", respondents: results.respondents,
            codes: codes, rate: rate(results.respondents, codes), groupRates: groupRates, minimum: minimum, shown: results.shown,
            distributions: results.distributions.map {
                DistributionView(key: $0.key, text: label($0, english: english), answered: $0.answered, shares: shares($0, english: english, t: t))
            },
            measures: results.measures.compactMap { m in
                m.overall.map { MeasureView(key: m.key, text: measureText[m.key] ?? m.key,
                                            range: m.question.scale.map { "\($0.min)-\($0.max)" } ?? "", mean: t.decimal($0.mean, places: 2),
                                            sd: t.decimal($0.sd, places: 2), n: $0.n) }
            },
            comparisons: comparisons, trendWaves: trendWaves,
            trends: results.measures.map { TrendRow(measure: measureText[$0.key] ?? $0.key, values: trendValues[$0.key] ?? []) }))
    }

    /// Aggregates only: shares per item, and means/SDs of the scales per group shown.
    @Sendable static func csv(req: Request) async throws -> Response {
        let (wave, _, results, _) = try await load(req)
        let t = req.localizer
        let english = req.language == .english
        var lines = ["soort;sleutel;omschrijving;groep;n;waarde"]
        let field = CSV.field
        if results.shown {
            for d in results.distributions {
                for share in shares(d, english: english, t: t) {
                    lines.append(["aandeel", d.key, field(share.label), "alle", String(d.answered), "\(share.percent)%"].joined(separator: ";"))
                }
            }
            for m in results.measures {
                if let o = m.overall { lines.append(["gemiddelde", m.key, field(m.item.textNl), "alle", String(o.n), String(format: "%.3f (sd %.3f)", o.mean, o.sd)].joined(separator: ";")) }
            }
            for c in results.comparisons {
                for g in c.groups {
                    let value = g.summary.map { String(format: "%.3f (sd %.3f)", $0.mean, $0.sd) } ?? "<\(req.application.tegenkracht.minimumGroup)"
                    lines.append(["vergelijking:\(c.comparison.id)", c.measure, "", g.id, g.summary.map { String($0.n) } ?? "", value].joined(separator: ";"))
                }
            }
        }
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .monitorExport, subject: "wave:\(try wave.requireID())", now: req.application.clock.now)
        return CSV.response(lines, filename: "monitor.csv")
    }
}
