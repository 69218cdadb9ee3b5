import Fluent
import TegenkrachtUseCases
import Vapor

/// The waves as the monitor's pages list them: name, instrument, dates, codes handed out, responses.
enum MonitorWaves {
    struct Row: Encodable, Sendable {
        let id: String
        let name: String
        let instrument: String
        let opened: String
        let closed: String?
        let codes: Int
        let responses: Int
    }

    static func rows(_ req: Request, shown: (SurveyWave) -> Bool = { _ in true }) async throws -> [Row] {
        var rows: [Row] = []
        for wave in try await SurveyWave.query(on: req.db).sort(\.$openedOn, .descending).all() where shown(wave) {
            let id = try wave.requireID()
            rows.append(Row(id: id.uuidString, name: wave.name, instrument: "\(wave.instrument) \(wave.version)", opened: wave.openedOn,
                                closed: wave.closedOn, codes: try await SurveyCode.query(on: req.db).filter(\.$wave.$id == id).count(),
                                responses: try await SurveyResponse.query(on: req.db).filter(\.$wave.$id == id).count()))
        }
        return rows
    }
}
