import FluentKit
import TegenkrachtCore

/// An annual report's tables filled from the registry for one year, with cells below `k` suppressed
/// by the template's own rule (the pages, the CSV export and the benchmark use this one query).
package enum AnnualReports {
    package static func filled(_ template: ReportTemplate, year: Int, k: Int, db: any Database) async throws -> [(ReportTemplate.Table, FilledTable)] {
        var result: [(ReportTemplate.Table, FilledTable)] = []
        let scope = RegistryStatistics.Scope(year: year, channels: template.channels, kinds: template.kinds)
        for var table in template.tables {
            if table.field == "year" {
                table.rows = ((year - 10)...year).map { ReportTemplate.Row(id: String($0), codes: [String($0)]) }
            }
            let counts = try await RegistryStatistics.counts(field: table.field, scope: scope, db: db)
            result.append((table, table.fill(counts, k: k)))
        }
        return result
    }
}
