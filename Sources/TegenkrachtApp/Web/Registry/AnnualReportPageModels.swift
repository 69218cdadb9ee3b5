import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `AnnualReportController`: what its templates receive.
extension AnnualReportController {
    /// Where a line's bar goes in the SVG chart (whole pixels; no script draws anything).
    struct Bar: Encodable, Sendable {
        let y: Int
        let textY: Int
        let width: Int
    }

    struct LineView: Encodable, Sendable {
        let label: String
        /// The label as the chart shows it: short enough to end before the bars start (issue 15: labels
        /// never overlap); the full label is the line's `<title>` and stands in the table.
        let chartLabel: String
        let depth: Int
        let count: String
        let suppressed: Bool
        let bar: Bar
    }

    struct TableView: Encodable, Sendable {
        let id: String
        let title: String
        let lines: [LineView]
        let total: String?
        let unmatched: Int
        let chartHeight: Int
    }

    struct Page: Encodable, Sendable {
        let id: String
        let title: String
        let year: Int
        let years: [Int]
        let tables: [TableView]
        let k: Int
        let exact: Bool
        let canExact: Bool
        /// The reader is one the report is made for (art. 14): exact, without a toggle.
        let addressee: Bool
        let print: Bool
        let anySuppressed: Bool
        /// The College's report: cases citing the members' registers, and the House's instructions to
        /// register with how many were followed (issue 14).
        let registers: [RegisterLine]?
    }

    struct RegisterLine: Encodable, Sendable {
        let id: String
        let label: String
        let count: String
        let suppressed: Bool
    }

    struct ListPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: String
            let title: String
        }
        let reports: [Item]
        let year: Int
        let dashboard: Bool
    }
}
