import Foundation
import TegenkrachtCore

/// A procedure's deadlines from its events (`GET /api/v1/deadlines` and `tegenkracht deadlines`):
/// the version in force at the earliest event, computed by the core's calculator.
package enum Deadlines {
    package struct DeadlineDTO: Codable, Sendable {
        package let id: String
        package let due: String
        package let basis: String
    }

    package struct DeadlinesResponse: Codable, Sendable {
        package let procedure: String
        package let version: String
        package let deadlines: [DeadlineDTO]
    }

    /// Shared by the API and the CLI: picks the version in force at the earliest event and computes.
    package static func answer(book: ProcedureBook, procedure: String,
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
}
