import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// What a reporter is told about dates (issue 13): only the terms of the procedure their report really
/// follows. The Wbk's for a suspected wrongdoing, the committee's for a complaint, the advisors' own
/// agreement (said to be one) for a conversation, none at all for the College, which has no terms:
/// there the reporter reads how long recent cases took.
struct ReporterClock: Encodable, Sendable {
    struct StepDate: Encodable, Sendable {
        let name: String
        let state: String
        let overdue: Bool
    }

    /// One sentence: the next date, or why there is none.
    let next: String
    /// "Your report follows: …", nil when it follows no procedure.
    let procedure: String?
    let statutory: Bool
    /// The steps with a date (done or due), for the portal's list.
    let steps: [StepDate]
    /// The next due date, for the handler's pages (ISO), nil when no term runs.
    let nextDue: String?

    static func make(progress: ProcedureProgress?, app: Application, db: any Database,
                     localizer t: Localizer) async throws -> ReporterClock {
        guard let progress else {
            return ReporterClock(next: t.text("clock.none"), procedure: nil, statutory: true, steps: [], nextDue: nil)
        }
        let definition = progress.definition
        let today = app.today
        let steps = progress.steps.compactMap { state -> StepDate? in
            let name = t.text("step.\(definition.id).\(state.step.id)")
            if let done = state.done { return StepDate(name: name, state: t.text("clock.step.done", ["date": t.longDate(done)]), overdue: false) }
            guard let due = state.due else { return nil }
            let text = t.text("clock.step.due", ["date": t.longDate(due)]) + (state.extended ? " " + t.text("clock.step.extended") : "")
            return StepDate(name: name, state: text, overdue: state.overdue(today: today))
        }
        var next: String
        let concluded = progress.endedBy != nil || (definition.concludedBy ?? []).contains { event in
            progress.steps.contains { $0.step.completedBy == event && $0.done != nil }
        }
        if concluded, !progress.steps.contains(where: \.isNext) {
            next = t.text("clock.ended")
        } else if let coming = progress.nextDate, let due = coming.due, let deadline = coming.step.deadline {
            let specific = "clock.next.\(definition.id).\(deadline)"
            next = t.has(specific) ? t.text(specific, ["date": t.longDate(due)])
                : t.text("clock.next", ["step": t.text("step.\(definition.id).\(coming.step.id)"), "date": t.longDate(due)])
            if !definition.isStatutory { next += " " + t.text("clock.serviceNorm") }
        } else if !progress.setsTerms {
            next = t.text("clock.noTerms") + " " + (try await typicalDuration(definition, app: app, db: db, localizer: t))
        } else if let coming = progress.steps.first(where: \.isNext) {
            next = t.text("clock.between", ["step": t.text("step.\(definition.id).\(coming.step.id)")])
        } else {
            next = t.text("clock.ended")
        }
        return ReporterClock(next: next, procedure: t.text("clock.procedure", ["procedure": t.text("procedure.\(definition.id)")]),
                             statutory: definition.isStatutory, steps: steps, nextDue: progress.nextDate?.due.map(t.longDate))
    }

    static func make(_ report: Report, app: Application, db: any Database, localizer t: Localizer) async throws -> ReporterClock {
        try await make(progress: try await CaseProcedure.progress(for: report, app: app, db: db), app: app, db: db, localizer: t)
    }

    /// The sentence on the confirmation page, for the report just stored.
    static func confirmation(_ receipt: ReportService.Receipt, app: Application, db: any Database, localizer t: Localizer) async throws -> String {
        guard let report = try await Report.find(receipt.reportID, on: db) else { return t.text("clock.none") }
        // An escrowed report waits for a match: no clock runs for anyone yet.
        if try await CaseService.find(reportID: receipt.reportID, db: db)?.escrowed == true { return t.text("portal.escrow.held") }
        return try await make(report, app: app, db: db, localizer: t).next
    }

    /// How long the last ten concluded cases of this procedure took, from receipt to the concluding
    /// event: the middle one. Fewer than three say nothing (one case would be recognisable).
    static func typicalDuration(_ definition: ProcedureDefinition, app: Application, db: any Database,
                                localizer t: Localizer) async throws -> String {
        let concluding = definition.concludedBy ?? []
        guard !concluding.isEmpty else { return t.text("clock.typical.few") }
        let records = try await ProcedureEventRecord.query(on: db).filter(\.$procedure == definition.id)
            .filter(\.$event ~~ concluding).sort(\.$date, .descending).limit(10).with(\.$report).all()
        let weeks = records.compactMap { record -> Int? in
            guard let end = LocalDate(iso: record.date) else { return nil }
            return ReportService.localDate(record.report.submittedAt, app: app).days(until: end) / 7
        }.sorted()
        guard weeks.count >= 3 else { return t.text("clock.typical.few") }
        return t.text("clock.typical", ["weeks": String(max(1, weeks[weeks.count / 2])), "count": String(weeks.count)])
    }
}
