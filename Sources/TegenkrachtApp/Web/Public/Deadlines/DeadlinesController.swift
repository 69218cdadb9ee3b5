import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `GET /api/v1/deadlines/:procedure?EVENT=YYYY-MM-DD&…`: the same answer as `tegenkracht deadlines`.
enum DeadlinesController {
    @Sendable static func api(req: Request) async throws -> Response {
        let procedure = req.parameters.get("procedure") ?? ""
        let pairs = (req.url.query ?? "").split(separator: "&").compactMap { item -> (String, String)? in
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            guard let name = parts.first, name != "lang" else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
        do {
            return try await Deadlines.answer(book: req.application.procedures, procedure: procedure, pairs: pairs, today: req.application.today)
                .encodeResponse(for: req)
        } catch let error as ProcedureInputError {
            return try await APIError(error: error.description).encodeResponse(status: .badRequest, for: req)
        }
    }
}

/// The API answers with the use case's value as it is.
extension Deadlines.DeadlinesResponse: Content {}
