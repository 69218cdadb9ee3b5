import Fluent
import Foundation
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Reminders at configurable lead times (default 5 days and 1 day before a deadline): in the app for
/// the lead and the second person of the case, and by e-mail to those whose account has an address, through the
/// same mail path as the reporters' notices. The e-mail says only that a deadline is near and when.
enum DeadlineReminders {
    static func run(app: Application, today: LocalDate? = nil) async throws -> Int {
        let config = app.tegenkracht
        let today = today ?? app.today
        var created = 0
        let reports = try await Report.query(on: app.db).filter(\.$status != ReportStatus.withdrawn.rawValue)
            .filter(\.$status != ReportStatus.closed.rawValue).all()
        let progress = try await CaseProcedure.progress(for: reports, app: app, db: app.db)
        for report in reports {
            guard let state = progress[try report.requireID()], !state.running.isEmpty else { continue }
            // The case's lead and second person: follow-up never depends on one person.
            let caseFile = try await CaseService.caseFile(for: report, app: app, db: app.db)
            let handlers = [caseFile.leadPersonID, caseFile.secondPersonID].compactMap { $0 }
            for running in CaseProcedure.running(state) {
                let daysLeft = today.days(until: running.due)
                // The nearest lead time reached, so a job that ran late still reminds once.
                guard let lead = config.reminderLeadDays.sorted().first(where: { daysLeft >= 0 && daysLeft <= $0 }) else { continue }
                for handler in handlers {
                    let reminder = StaffReminder()
                    reminder.$report.id = try report.requireID()
                    reminder.personID = handler
                    reminder.deadline = running.deadline
                    reminder.due = running.due.iso
                    reminder.leadDays = lead
                    reminder.createdAt = app.clock.now
                    reminder.mailAttempts = 0
                    do {
                        try await reminder.create(on: app.db)
                        created += 1
                    } catch {
                        continue  // this reminder exists already
                    }
                }
            }
        }
        // Their e-mails go out with the `notices` job (MailQueue), which retries what the mail server refused.
        return created
    }
}
