import FluentKit
import Foundation
import TegenkrachtCore

/// The procedure a report follows, as the procedure data says (`appliesTo`): a complaint to the
/// committee the Klachtenregeling, one to the College the Gedragscode (no terms), a suspected
/// wrongdoing the Wbk, a conversation with an advisor the advisors' service norm, anything else none.
/// The version is the one in force when the report was received; `ingediend` / `ontvangen` is the
/// date of receipt itself.
package enum CaseProcedure {
    /// The procedure the report follows (its `appliesTo` in the procedure data), in the version in
    /// force when the report was received.
    package static func definition(for report: Report, app: any ServiceContext) -> ProcedureDefinition? {
        app.procedures.definition(forKind: report.kind, recipient: report.recipientKind, wrongdoing: report.wrongdoing,
                                  on: ReportService.localDate(report.submittedAt, app: app))
    }

    package static func events(for report: Report, app: any ServiceContext, db: any Database) async throws -> [String: LocalDate] {
        let records = try await ProcedureEventRecord.query(on: db).filter(\.$report.$id == report.requireID()).all()
        return events(for: report, records: records, app: app)
    }

    package static func events(for report: Report, records: [ProcedureEventRecord], app: any ServiceContext) -> [String: LocalDate] {
        var events: [String: LocalDate] = [:]
        let definition = definition(for: report, app: app)
        if let received = definition?.receivedEvent {
            events[received] = ReportService.localDate(report.submittedAt, app: app)
        }
        if let acknowledged = definition?.acknowledgedEvent, let date = report.acknowledgedAt {
            events[acknowledged] = ReportService.localDate(date, app: app)
        }
        for record in records where record.procedure == definition?.id {
            events[record.event] = LocalDate(iso: record.date)
        }
        return events
    }

    /// Where the report's own procedure stands; nil when it follows none. Stored events that no longer
    /// fit the data (a procedure file changed) give no dates rather than wrong ones.
    package static func progress(for report: Report, app: any ServiceContext, db: any Database) async throws -> ProcedureProgress? {
        guard let definition = definition(for: report, app: app) else { return nil }
        return try? ProcedureProgress(definition, events: try await events(for: report, app: app, db: db))
    }

    /// The same for many reports, with one query (the inbox, the dashboard, the reminders).
    package static func progress(for reports: [Report], app: any ServiceContext, db: any Database) async throws -> [UUID: ProcedureProgress] {
        let ids = reports.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        var found: [ProcedureEventRecord] = []
        // In slices: a query's bound parameters are limited (SQLite 32,766).
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let slice = Array(ids[start..<min(start + 1000, ids.count)])
            found += try await ProcedureEventRecord.query(on: db).filter(\.$report.$id ~~ slice).all()
        }
        let records = Dictionary(grouping: found, by: { $0.$report.id })
        var result: [UUID: ProcedureProgress] = [:]
        for report in reports {
            guard let id = report.id, let definition = definition(for: report, app: app),
                  let progress = try? ProcedureProgress(definition, events: events(for: report, records: records[id] ?? [], app: app))
            else { continue }
            result[id] = progress
        }
        return result
    }

    package struct RunningDeadline: Sendable {
        package let procedure: String
        package let step: String
        package let deadline: String
        package let due: LocalDate
        package let basis: String
    }

    /// The deadlines still running: a deadline runs while the step that meets it is not done and the
    /// procedure has not ended.
    package static func running(_ progress: ProcedureProgress) -> [RunningDeadline] {
        progress.running.compactMap { state in
            guard let due = state.due, let id = state.step.deadline else { return nil }
            let basis = progress.definition.deadlines.first { $0.id == id }?.basis ?? ""
            return RunningDeadline(procedure: progress.definition.id, step: state.step.id, deadline: id, due: due, basis: basis)
        }
    }
}
