import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `MonitorAdminController`: what its templates receive.
extension MonitorAdminController {
    struct Page: Encodable, Sendable {
        let waves: [MonitorWaves.Row]
        /// By readable name and version; the newest version of the monitor first and chosen (issue 15).
        let instruments: [Choice]
        /// For a wave of one employer (a fractie's foundation), issue 18.
        let employers: [Choice]
        let codes: [String]
        let openedName: String?
        let message: String?
        let warning: String?
        let warnWave: String?
    }
}
