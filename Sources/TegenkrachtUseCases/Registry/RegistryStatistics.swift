import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// Counts from the registry, aggregated in the database (GROUP BY), so that a year of a million
/// entries is a handful of grouped rows; the core then fills and suppresses the tables.
package enum RegistryStatistics {
    package struct Scope: Sendable {
        package init(year: Int, channels: [String] = [], kinds: [String] = []) {
            self.year = year
            self.channels = channels
            self.kinds = kinds
        }

        package var year: Int
        package var channels: [String] = []
        package var kinds: [String] = []
    }

    /// Registry fields a table or breakdown may use, and their columns.
    package static let columns: [String: String] = [
        "category": "category", "handling": "handling", "channel": "channel", "reporterGroup": "reporter_group",
        "accusedGroup": "accused_group", "outcome": "outcome", "kind": "kind", "stage": "stage", "year": "year",
        "accusedUnit": "accused_unit_index", "behaviourGroup": "behaviour_items", "regulationCategory": "behaviour_items",
    ]

    package static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        return sql
    }

    package static func whereClause(_ scope: Scope, allYears: Bool = false) -> SQLQueryString {
        var clause: SQLQueryString = allYears ? "WHERE year <= \(bind: scope.year) AND year > \(bind: scope.year - 11)"
                                              : "WHERE year = \(bind: scope.year)"
        if !scope.channels.isEmpty { clause = clause + " AND channel IN (\(binds: scope.channels))" }
        if !scope.kinds.isEmpty { clause = clause + " AND kind IN (\(binds: scope.kinds))" }
        return clause
    }

    package struct Group: Decodable {
        package let v: String?
        package let n: Int
    }

    package struct Pair: Decodable {
        package let a: String?
        package let b: String?
        package let n: Int
    }

    /// Counts per value of a field (empty string for "not known"). `behaviourGroup` counts an entry
    /// once in every group of the typology it names; `year` counts the ten years up to the scope's.
    package static func counts(field: String, scope: Scope, db: any Database) async throws -> [String: Int] {
        guard let column = columns[field] else { return [:] }
        let sql = try sql(db)
        let value: SQLQueryString = field == "year" ? "CAST(\(ident: column) AS TEXT)" : "\(ident: column)"
        let rows = try await sql.raw("SELECT \(value) AS v, COUNT(*) AS n FROM registry_entries \(whereClause(scope, allYears: field == "year")) GROUP BY \(ident: column)")
            .all(decoding: Group.self)
        var counts: [String: Int] = [:]
        for row in rows {
            if field == "behaviourGroup" {
                for group in behaviourGroups(row.v ?? "") { counts[group, default: 0] += row.n }
            } else if field == "regulationCategory" {
                for category in regulationCategories(row.v ?? "") { counts[category, default: 0] += row.n }
            } else {
                counts[row.v ?? "", default: 0] += row.n
            }
        }
        return counts
    }

    package static func regulationCategories(_ items: String) -> Set<String> {
        Set(items.split(separator: ",").compactMap { BehaviourItem.item(code: String($0))?.regulationCategory })
    }

    package static func behaviourGroups(_ items: String) -> Set<String> {
        Set(items.split(separator: ",").compactMap { BehaviourItem.item(code: String($0))?.group })
    }

    /// A cross-tabulation of two fields: counts per (row value, column value).
    package static func crossCounts(rows: String, columns columnField: String, scope: Scope, db: any Database) async throws -> [String: [String: Int]] {
        guard let a = columns[rows], let b = columns[columnField], ![rows, columnField].contains(where: { $0 == "behaviourGroup" || $0 == "regulationCategory" }) else { return [:] }
        let result = try await sql(db).raw("SELECT \(ident: a) AS a, \(ident: b) AS b, COUNT(*) AS n FROM registry_entries \(whereClause(scope)) GROUP BY \(ident: a), \(ident: b)")
            .all(decoding: Pair.self)
        var counts: [String: [String: Int]] = [:]
        for row in result { counts[row.a ?? "", default: [:]][row.b ?? "", default: 0] += row.n }
        return counts
    }

    // MARK: Handling KPIs (anchors-reporting-systems §7)

    package struct KPIs: Encodable, Sendable {
        package let entries: Int
        package let acknowledgedWithin7Days: Share?
        package let feedbackWithin3Months: Share?
        package let medianDaysToClose: Int?
        package let behaviourStopped: Share?
        /// Reporters' marks 1-10, count per mark (nil: suppressed).
        package let satisfaction: [Int?]
    }

    package struct Share: Encodable, Sendable {
        package let part: Int
        package let of: Int
        /// Whole per cent, or nil when the base is below k (then nothing is shown).
        package let percent: Int?
    }

    package static func share(_ part: Int, _ of: Int, k: Int) -> Share? {
        guard of > 0 else { return nil }
        return Share(part: of < k ? 0 : part, of: of < k ? 0 : of, percent: of < k ? nil : Int((Double(part) * 100 / Double(of)).rounded()))
    }

    package struct Days: Decodable {
        package let d: Int?
        package let n: Int
    }

    package static func kpis(scope: Scope, k: Int, postgres: Bool, db: any Database) async throws -> KPIs {
        let sql = try sql(db)
        let scopeClause = whereClause(scope)
        func days(_ from: String, _ to: String) -> SQLQueryString {
            postgres ? "(CAST(\(ident: to) AS DATE) - CAST(\(ident: from) AS DATE))"
                     : "CAST(julianday(\(ident: to)) - julianday(\(ident: from)) AS INTEGER)"
        }
        // One pass for the shares (conditional counts), one for the days to close (a histogram, for the
        // median) and one for the marks: three scans of the year instead of six.
        let lineChannels: [any Encodable & Sendable] = RegistryRecord.Channel.line.map(\.rawValue)
        struct Totals: Decodable {
            package let total: Int
            package let cases: Int?
            package let within7: Int?
            package let within3m: Int?
            package let stoppedYes: Int?
            package let stoppedAll: Int?
        }
        // Acknowledgement and feedback apply to what reached the reporting channels (a case), not to
        // signals a manager or HR registered afterwards. Three months as the Wbk counts them from
        // receipt: 92 days covers every three calendar months.
        let isCase: SQLQueryString = "channel NOT IN (\(binds: lineChannels))"
        let totals = try await sql.raw("""
            SELECT COUNT(*) AS total,
                   SUM(CASE WHEN \(isCase) THEN 1 ELSE 0 END) AS cases,
                   SUM(CASE WHEN \(isCase) AND \(days("received_on", "acknowledged_on")) <= 7 THEN 1 ELSE 0 END) AS within7,
                   SUM(CASE WHEN \(isCase) AND \(days("received_on", "feedback_on")) <= 92 THEN 1 ELSE 0 END) AS within3m,
                   SUM(CASE WHEN behaviour_stopped = \(bind: true) THEN 1 ELSE 0 END) AS "stoppedYes",
                   SUM(CASE WHEN behaviour_stopped IS NOT NULL THEN 1 ELSE 0 END) AS "stoppedAll"
            FROM registry_entries \(scopeClause)
            """).first(decoding: Totals.self)
        let closing = try await sql.raw("SELECT \(days("received_on", "closed_on")) AS d, COUNT(*) AS n FROM registry_entries \(scopeClause) AND closed_on IS NOT NULL GROUP BY d")
            .all(decoding: Days.self)
        struct Mark: Decodable { let m: Int?; let n: Int }
        let marks = try await sql.raw("SELECT satisfaction AS m, COUNT(*) AS n FROM registry_entries \(scopeClause) AND satisfaction IS NOT NULL GROUP BY satisfaction")
            .all(decoding: Mark.self)
        let total = totals?.total ?? 0
        let caseCount = totals?.cases ?? 0
        let within7 = totals?.within7 ?? 0
        let within3m = totals?.within3m ?? 0
        let stoppedYes = totals?.stoppedYes ?? 0
        let stoppedAll = totals?.stoppedAll ?? 0
        let closedCount = closing.reduce(0) { $0 + $1.n }
        var byMark = [Int](repeating: 0, count: 10)
        for mark in marks { if let m = mark.m, (1...10).contains(m) { byMark[m - 1] += mark.n } }
        return KPIs(entries: total, acknowledgedWithin7Days: share(within7, caseCount, k: k),
                    feedbackWithin3Months: share(within3m, caseCount, k: k),
                    medianDaysToClose: closedCount < k ? nil : HandlingMetrics.median(closing.compactMap { row in row.d.map { ($0, row.n) } }),
                    behaviourStopped: share(stoppedYes, stoppedAll, k: k),
                    satisfaction: DisclosureControl.suppress([byMark], k: k).cells[0].map(\.value))
    }
}
