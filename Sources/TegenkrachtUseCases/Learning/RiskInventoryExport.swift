import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// The input for an employer's risk inventory (RI&E, issue 18, 6.6.2): the signals about its units
/// and fracties by kind and by the nature of the behaviour, and the monitor's and exit interviews'
/// scale means, all aggregated and suppressed as everywhere (k for counts, the minimum group for
/// survey results). Nothing about a person, a case or a single answer.
package enum RiskInventoryExport {
    package struct Line: Sendable, Equatable {
        package let section: String
        /// A code (a kind, a group of behaviour) or a wave's name; the web layer names it.
        package let label: String
        /// For a survey line: the scale item's key; nil for the wave's respondents.
        package var measure: String? = nil
        /// Nil: hidden (a count below k, a group below the minimum).
        package let value: String?
    }

    /// HR and the competent authority of the employer, and the integrity coordinator.
    package static func mayExport(_ personID: String?, employer: String, in organisation: Organisation?, on day: LocalDate) -> Bool {
        guard let personID, let organisation else { return false }
        return organisation.roles(of: personID, on: day).contains {
            $0.role == .integrityCoordinator || (($0.role == .humanResources || $0.role == .competentAuthority) && $0.employer == employer)
        }
    }

    /// `assignments`: the reader's role assignments; an employer's own survey wave is included only
    /// for who may read its results (`WaveReaders`), so the coordinator's export leaves a fractie's
    /// own monitor out.
    package static func lines(employer: String, year: Int, assignments: [RoleAssignment], app: any ServiceContext,
                              db: any Database) async throws -> [Line] {
        guard let organisation = try await app.organisationStore.current(on: db),
              organisation.employers.contains(where: { $0.id == employer }) else { throw NotFound() }
        let k = app.tegenkracht.minimumCell
        // Where the behaviour happened: the employer's units and the fracties it employs for, by their
        // keyed blind index (the registry stores nothing else).
        var places = try organisation.units.filter { $0.employer == employer }.map { try RegistryService.blindIndex(.unit($0.id), app: app) }
        places += try organisation.fracties.filter { $0.employer == employer }.map { try RegistryService.blindIndex(.fractie($0.id), app: app) }
        var lines: [Line] = []
        func count(_ n: Int) -> String? { n == 0 || n >= k ? String(n) : nil }
        if !places.isEmpty {
            let sql = try db.sqlDatabase
            let binds: [any Encodable & Sendable] = places
            struct Row: Decodable {
                let kind: String
                let items: String?
                let n: Int
            }
            let rows = try await sql.raw("""
                SELECT kind, behaviour_items AS items, COUNT(*) AS n FROM registry_entries
                WHERE year = \(bind: year) AND accused_unit_index IN (\(binds: binds)) GROUP BY kind, behaviour_items
                """).all(decoding: Row.self)
            var kinds: [String: Int] = [:]
            var groups: [String: Int] = [:]
            for row in rows {
                kinds[row.kind, default: 0] += row.n
                for group in RegistryStatistics.behaviourGroups(row.items ?? "") { groups[group, default: 0] += row.n }
            }
            // A total below k is hidden with everything under it: the parts would add up to it.
            let total = kinds.values.reduce(0, +)
            lines.append(Line(section: "signals", label: "total", value: count(total)))
            if total >= k {
                let table = DisclosureControl.suppress([kinds.keys.sorted().map { kinds[$0] ?? 0 }], k: k)
                for (key, cell) in zip(kinds.keys.sorted(), table.cells.first ?? []) {
                    lines.append(Line(section: "signals.kind", label: key, value: cell.value.map(String.init)))
                }
                let keys = groups.keys.sorted()
                for (key, shown) in zip(keys, DisclosureControl.suppressOverlapping(keys.map { groups[$0] ?? 0 }, k: k)) {
                    lines.append(Line(section: "signals.behaviourGroup", label: key, value: shown.map(String.init)))
                }
            }
        }
        // The survey waves of the year (the monitor and the exit interview) with their scale means.
        // The employer's own waves and the organisation's; never another employer's.
        let waves = try await SurveyWave.query(on: db).all().filter {
            $0.openedOn.hasPrefix(String(year)) && ($0.employer == nil || $0.employer == employer)
        }
        for wave in waves.sorted(by: { $0.openedOn < $1.openedOn }) {
            guard let instrument = app.instruments.instrument(wave.instrument, version: wave.version),
                  wave.employer == nil || WaveReaders.mayRead(employer: wave.employer, readers: Set(instrument.analysis.readers),
                                                              assignments: assignments) else { continue }
            let tally = try await MonitorService.tally(of: wave, instrument: instrument, db: db)
            let results = SurveyResults(instrument: instrument, tally: tally, rule: GroupRule(minimum: app.tegenkracht.minimumGroup))
            let section = (instrument.id == "exit" ? "exit" : "monitor") + (wave.employer == nil ? ".organisation" : ".own")
            lines.append(Line(section: section, label: wave.name, value: results.shown ? String(results.respondents) : nil))
            for measure in results.measures {
                lines.append(Line(section: section, label: wave.name, measure: measure.key,
                                  value: measure.overall.map { String(format: "%.2f", $0.mean) }))
            }
        }
        return lines
    }
}
