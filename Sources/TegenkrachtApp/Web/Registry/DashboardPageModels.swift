import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `DashboardController`: what its templates receive.
extension DashboardController {
    struct Choice: Encodable, Sendable {
        let id: String
        let label: String
        let selected: Bool
    }

    struct Grid: Encodable, Sendable {
        let columns: [String]
        let rows: [GridRow]
        let columnTotals: [String]
        let grandTotal: String
    }

    struct GridRow: Encodable, Sendable {
        let label: String
        let cells: [String]
        let total: String
    }

    struct Page: Encodable, Sendable {
        let year: Int
        let years: [Int]
        let k: Int
        let kpis: RegistryStatistics.KPIs
        let satisfaction: [String]
        let rowChoices: [Choice]
        let columnChoices: [Choice]
        let grid: Grid?
        let explanation: String?
        let merged: Bool
    }
}
