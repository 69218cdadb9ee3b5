import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Every running deadline of the reports this staff member handles, grouped by who handles them
/// (the committee, the central reporting point, each advisor), soonest first, overdue ones marked.
/// No content: the kind of report, the step and the date are enough to act on.
enum DeadlineDashboard {
    struct Row: Encodable, Sendable {
        let reportID: String
        let kind: String
        let step: String
        let due: String
        let basis: String
        let overdue: Bool
        /// The day itself, to sort by (the shown `due` is in words).
        let day: LocalDate
    }

    struct Group: Encodable, Sendable {
        let handler: String
        let rows: [Row]
    }

    struct Content: Encodable, Sendable {
        let today: String
        let groups: [Group]
    }

    @Sendable static func show(req: Request) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.unauthorized) }
        let app = req.application
        let t = req.localizer
        let today = app.today
        let organisation = try await app.organisationStore.current(on: req.db)
        var groups: [String: [Row]] = [:]
        guard staff.role == .functionary, let personID = staff.personID else {
            return try await req.renderPage("deadlines", titleKey: "deadlines.title", Content(today: req.date(today), groups: []))
        }
        let teams = CaseService.teams(of: personID, organisation: organisation, app: app, on: today)
        let declared = Set(try await ConflictDeclaration.query(on: req.db).filter(\.$personID == personID).all().map(\.$caseFile.id))
        let deputyCases = try await CaseService.deputyCases(of: personID, db: req.db)
        let visible = try await CaseService.casesQuery(for: personID, teams: teams, deputyCases: deputyCases, db: req.db)
            .filter(\.$stage != CaseStage.closed.rawValue).with(\.$report).all()
            .filter { caseFile in
                caseFile.report.status != ReportStatus.withdrawn.rawValue
                    && CaseService.role(of: staff, in: caseFile, organisation: organisation,
                                        declared: declared.contains(caseFile.id ?? UUID()) ? [personID] : [],
                                        deputies: deputyCases.contains(caseFile.id ?? UUID()) ? [personID] : [], app: app, on: today) != nil
            }
        // Every report's procedure events in one query, not one per case.
        let progress = try await CaseProcedure.progress(for: visible.map(\.report), app: app, db: req.db)
        for caseFile in visible {
            let report = caseFile.report
            let recipient = RecipientKind(rawValue: report.recipientKind) ?? .centralRoute
            let lead = caseFile.leadPersonID.flatMap { organisation?.person(id: $0)?.name }
            let groupName = recipient == .confidentialAdvisor ? (lead ?? "?") : t.text("route.\(recipient.rawValue).name")
            guard let state = progress[try report.requireID()] else { continue }
            for running in CaseProcedure.running(state) {
                groups[groupName, default: []].append(Row(
                    reportID: try report.requireID().uuidString, kind: t.text("reportkind.\(report.kind)"),
                    step: t.text("step.\(running.procedure).\(running.step)"), due: t.longDate(running.due),
                    basis: running.basis, overdue: running.due < today, day: running.due))
            }
        }
        let content = Content(today: req.date(today), groups: groups.sorted { $0.key < $1.key }.map { name, rows in
            Group(handler: name, rows: rows.sorted { $0.day < $1.day })
        })
        return try await req.renderPage("deadlines", titleKey: "deadlines.title", content)
    }
}
