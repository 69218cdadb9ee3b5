import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `MonitorAdminController`: what its templates receive.
extension MonitorAdminController {
    struct Page: Encodable, Sendable {
        let waves: [MonitorWaves.Row]
        let instruments: [String]
        let codes: [String]
        let openedName: String?
        let message: String?
        let warning: String?
        let warnWave: String?
    }
}
