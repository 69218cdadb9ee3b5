import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `GET /api/v1/deadlines/:procedure?EVENT=YYYY-MM-DD&…`: the same answer as `tegenkracht deadlines`.
enum DeadlinesController {
    struct DeadlineDTO: Codable, Sendable {
        let id: String
        let due: String
        let basis: String
    }

    struct DeadlinesResponse: Content, Sendable {
        let procedure: String
        let version: String
        let deadlines: [DeadlineDTO]
    }

    struct APIError: Content {
        let error: String
    }

    /// Shared by the API and the CLI: picks the version in force at the earliest event and computes.
    static func answer(book: ProcedureBook, procedure: String,
                       pairs: [(String, String)], today: LocalDate) throws(ProcedureInputError) -> DeadlinesResponse {
        let events = try ProcedureInputError.parseEvents(pairs)
        let start = events.values.min() ?? today
        guard let definition = book.definition(procedure, on: start) else {
            throw .unknownProcedure(procedure, valid: book.procedureIDs)
        }
        let deadlines = try DeadlineCalculator.deadlines(definition, events: events)
        return DeadlinesResponse(procedure: definition.id, version: definition.version,
                                 deadlines: deadlines.map { DeadlineDTO(id: $0.id, due: $0.due.iso, basis: $0.basis) })
    }

    @Sendable static func api(req: Request) async throws -> Response {
        let procedure = req.parameters.get("procedure") ?? ""
        let pairs = (req.url.query ?? "").split(separator: "&").compactMap { item -> (String, String)? in
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            guard let name = parts.first, name != "lang" else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
        do {
            return try await answer(book: req.application.procedures, procedure: procedure, pairs: pairs, today: req.application.today)
                .encodeResponse(for: req)
        } catch let error as ProcedureInputError {
            return try await APIError(error: error.description).encodeResponse(status: .badRequest, for: req)
        }
    }
}

