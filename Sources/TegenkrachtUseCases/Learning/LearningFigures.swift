import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// The figures an intervention's indicator can be bound to (issue 18), and their values over the
/// registry's years, the monitor's waves and the onboarding years. Every value goes through the same
/// suppression as the annual reports and the monitor: a share of fewer than k, a wave below the
/// minimum group, is no value.
package enum LearningFigures {
    /// The registry's figures: the handling KPIs (anchors-reporting-systems §7) and two the report
    /// asks to watch (L2700-2718).
    package static let registry: [FigureDefinition] = [
        FigureDefinition(id: "registry.feedbackWithin3Months", unit: .percent, higherIsBetter: true, nameKey: "learning.figure.feedbackWithin3Months"),
        FigureDefinition(id: "registry.acknowledgedWithin7Days", unit: .percent, higherIsBetter: true, nameKey: "learning.figure.acknowledgedWithin7Days"),
        FigureDefinition(id: "registry.behaviourStopped", unit: .percent, higherIsBetter: true, nameKey: "learning.figure.behaviourStopped"),
        FigureDefinition(id: "registry.registeredByLine", unit: .percent, higherIsBetter: true, nameKey: "learning.figure.registeredByLine"),
        FigureDefinition(id: "registry.reporterMovedAccusedNot", unit: .percent, higherIsBetter: false, nameKey: "learning.figure.reporterMovedAccusedNot"),
    ]

    package static func onboardingID(_ group: OnboardingGroup) -> String { "onboarding.completion.\(group.rawValue)" }

    /// Every figure that exists now. An id that is not here is a broken binding.
    package static func catalogue(instruments: InstrumentBook, english: Bool) -> [FigureDefinition] {
        var figures = registry
        figures += OnboardingGroup.allCases.map {
            FigureDefinition(id: onboardingID($0), unit: .percent, higherIsBetter: true, nameKey: "learning.figure.onboarding",
                             nameArgument: "onboarding.group.\($0.rawValue)")
        }
        var seen: Set<String> = []
        for instrument in instruments.instruments.reversed() {
            for question in instrument.questions where instrument.analysis.scales.contains(question.id) {
                let items = question.items ?? [Instrument.Item(id: "", textNl: question.textNl, textEn: question.textEn)]
                for item in items {
                    let key = item.id.isEmpty ? question.id : "\(question.id).\(item.id)"
                    let id = "monitor.\(instrument.id).\(key)"
                    guard seen.insert(id).inserted else { continue }
                    // Scores are already turned for reverse-coded items: higher is safer.
                    figures.append(FigureDefinition(id: id, unit: .mean, higherIsBetter: true,
                                                    nameKey: "learning.figure.monitor",
                                                    nameArgument: "\(key) \(english ? item.textEn : item.textNl)"))
                }
            }
        }
        return figures
    }

    /// Reads the indicators of several interventions at once: each source is queried only if some
    /// indicator needs it, and once.
    package static func readings(_ indicators: [[Indicator]], app: any ServiceContext, db: any Database) async throws -> [[IndicatorReading]] {
        let catalogue = Dictionary(catalogue(instruments: app.instruments, english: false).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let wanted = Set(indicators.joined().compactMap { indicator -> String? in
            if case .figure(let id) = indicator { return id }
            return nil
        })
        var series: [String: [IndicatorPoint]] = [:]
        if wanted.contains(where: { $0.hasPrefix("registry.") }) {
            series.merge(try await registrySeries(app: app, db: db)) { a, _ in a }
        }
        if wanted.contains(where: { $0.hasPrefix("onboarding.") }) {
            series.merge(try await onboardingSeries(k: app.tegenkracht.minimumCell, db: db)) { a, _ in a }
        }
        for id in wanted where id.hasPrefix("monitor.") && catalogue[id] != nil {
            series[id] = try await monitorSeries(id, app: app, db: db)
        }
        return indicators.map { list in
            list.map { indicator in
                switch indicator {
                case .figure(let id):
                    guard let definition = catalogue[id] else { return .broken(figure: id) }
                    return .series(points: series[id] ?? [], higherIsBetter: definition.higherIsBetter)
                case .manual(let figure):
                    return .series(points: figure.readings.sorted { $0.on < $1.on }.map {
                        IndicatorPoint(period: $0.on.iso, starts: $0.on, value: $0.value)
                    }, higherIsBetter: true)
                }
            }
        }
    }

    /// The registry's ten years up to this one, a point per year that has entries.
    static func registrySeries(app: any ServiceContext, db: any Database) async throws -> [String: [IndicatorPoint]] {
        let k = app.tegenkracht.minimumCell
        let thisYear = app.today.year
        let sql = try db.sqlDatabase
        struct Year: Decodable {
            let y: Int
            let n: Int
            let line: Int?
            let told: Int?
            let moved: Int?
        }
        let line: [any Encodable & Sendable] = RegistryRecord.Channel.line.map(\.rawValue)
        let gone: [any Encodable & Sendable] = [PersonOutcome.moved.rawValue, PersonOutcome.left.rawValue]
        let nothing: [any Encodable & Sendable] = [PersonOutcome.noConsequence.rawValue, PersonOutcome.stayed.rawValue]
        let years = try await sql.raw("""
            SELECT year AS y, COUNT(*) AS n,
                   SUM(CASE WHEN channel IN (\(binds: line)) THEN 1 ELSE 0 END) AS line,
                   SUM(CASE WHEN reporter_outcome IS NOT NULL THEN 1 ELSE 0 END) AS told,
                   SUM(CASE WHEN reporter_outcome IN (\(binds: gone)) AND accused_outcome IN (\(binds: nothing)) THEN 1 ELSE 0 END) AS moved
            FROM registry_entries WHERE year > \(bind: thisYear - 10) AND year <= \(bind: thisYear)
            GROUP BY year ORDER BY year
            """).all(decoding: Year.self)
        var series: [String: [IndicatorPoint]] = [:]
        for year in years {
            guard let starts = LocalDate(year: year.y, month: 1, day: 1), let ends = LocalDate(year: year.y + 1, month: 1, day: 1) else { continue }
            func point(_ share: RegistryStatistics.Share?) -> IndicatorPoint {
                IndicatorPoint(period: String(year.y), starts: starts, ends: ends, value: share?.percent.map(Double.init))
            }
            let kpis = try await RegistryStatistics.kpis(scope: .init(year: year.y), k: k, postgres: app.tegenkracht.usesPostgres, db: db)
            series["registry.feedbackWithin3Months", default: []].append(point(kpis.feedbackWithin3Months))
            series["registry.acknowledgedWithin7Days", default: []].append(point(kpis.acknowledgedWithin7Days))
            series["registry.behaviourStopped", default: []].append(point(kpis.behaviourStopped))
            series["registry.registeredByLine", default: []].append(point(RegistryStatistics.share(year.line ?? 0, year.n, k: k)))
            series["registry.reporterMovedAccusedNot", default: []].append(point(RegistryStatistics.share(year.moved ?? 0, year.told ?? 0, k: k)))
        }
        return series
    }

    /// The completion rate per group and year of offering, hidden below k offers.
    static func onboardingSeries(k: Int, db: any Database) async throws -> [String: [IndicatorPoint]] {
        struct Row: Decodable {
            let g: String
            let y: Int
            let n: Int
            let done: Int?
        }
        let rows = try await db.sqlDatabase.raw("""
            SELECT grp AS g, offered_year AS y, COUNT(*) AS n, SUM(CASE WHEN completed_on IS NOT NULL THEN 1 ELSE 0 END) AS done
            FROM onboarding_offers GROUP BY grp, offered_year ORDER BY offered_year
            """).all(decoding: Row.self)
        var series: [String: [IndicatorPoint]] = [:]
        for row in rows {
            guard let group = OnboardingGroup(rawValue: row.g), let starts = LocalDate(year: row.y, month: 1, day: 1),
                  let ends = LocalDate(year: row.y + 1, month: 1, day: 1) else { continue }
            let rate = CompletionRate(offered: row.n, completed: row.done ?? 0)
            series[onboardingID(group), default: []].append(IndicatorPoint(period: String(row.y), starts: starts, ends: ends, value: rate.percent(k: k)))
        }
        return series
    }

    /// A scale's overall mean per wave of its instrument, nothing for a wave below the minimum group.
    static func monitorSeries(_ id: String, app: any ServiceContext, db: any Database) async throws -> [IndicatorPoint] {
        let parts = id.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3 else { return [] }
        // The organisation's own waves: a fractie's wave of its own staff is that fractie's figure.
        let waves = try await SurveyWave.query(on: db).filter(\.$instrument == parts[1]).filter(\.$employer == nil).all()
        var points: [IndicatorPoint] = []
        for wave in waves {
            guard let instrument = app.instruments.instrument(wave.instrument, version: wave.version),
                  let opened = LocalDate(iso: String(wave.openedOn.prefix(10))) else { continue }
            let tally = try await MonitorService.tally(of: wave, instrument: instrument, db: db)
            let results = SurveyResults(instrument: instrument, tally: tally, rule: GroupRule(minimum: app.tegenkracht.minimumGroup))
            let mean = results.measures.first { $0.key == parts[2] }?.overall?.mean
            points.append(IndicatorPoint(period: wave.name, starts: opened, value: mean.map { ($0 * 100).rounded() / 100 }))
        }
        return points.sorted { $0.starts < $1.starts }
    }
}
