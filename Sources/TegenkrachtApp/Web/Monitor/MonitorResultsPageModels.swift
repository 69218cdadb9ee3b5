import Fluent
import Foundation
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `MonitorResultsController`: what its templates receive.
extension MonitorResultsController {
    struct Share: Encodable, Sendable {
        let label: String
        let percent: Int
    }

    struct DistributionView: Encodable, Sendable {
        let key: String
        let text: String
        let answered: Int
        let shares: [Share]
    }

    struct MeasureView: Encodable, Sendable {
        let key: String
        let text: String
        /// The answer scale, "1-7", so a mean can be read (issue 15).
        let range: String
        let mean: String
        let sd: String
        let n: Int
    }

    struct GroupCell: Encodable, Sendable {
        let text: String
        let suppressed: Bool
    }

    struct ComparisonRow: Encodable, Sendable {
        let measure: String
        let cells: [GroupCell]
        let test: String
        let significant: Bool
    }

    struct ComparisonView: Encodable, Sendable {
        let id: String
        let title: String
        let groups: [String]
        let rows: [ComparisonRow]
        let note: String?
    }

    struct TrendRow: Encodable, Sendable {
        let measure: String
        let values: [String]
    }

    struct Page: Encodable, Sendable {
        let id: String
        let name: String
        let instrument: String
        let respondents: Int
        let codes: Int
        let rate: String
        let groupRates: [String]
        let minimum: Int
        let shown: Bool
        let distributions: [DistributionView]
        let measures: [MeasureView]
        let comparisons: [ComparisonView]
        let trendWaves: [String]
        let trends: [TrendRow]
    }

    struct ListPage: Encodable, Sendable {
        let waves: [MonitorWaves.Row]
    }
}
