import FluentKit
import Foundation
import TegenkrachtCore

/// What a staff member's inbox holds (issue 12: the query is a use case; the page only puts it in
/// words). The cases they lead or are the second person on, those of their team and those they stand
/// in for: index look-ups, newest change first, priority (retaliation) on top. No content is opened.
package struct WorkspaceInbox: Sendable {
    /// Why a case asks for attention, most urgent first.
    package enum Flag: String, Sendable {
        case escrowMatch, handlerChange, conflict, approval, shifted
    }

    package struct Entry: Sendable {
        package let reportID: UUID
        package let kind: String
        package let status: String
        package let stage: String
        package let role: CaseRole
        package let submittedAt: Date
        /// The next term of the report's own procedure, nil when none runs.
        package let nextDue: LocalDate?
        package let overdue: Bool
        package let priority: Bool
        package let flag: Flag?
        /// The reporter wrote (a message or a supplement) after this staff member last opened the report.
        package let unread: Bool
    }

    package struct Referral: Sendable {
        package let id: UUID
        package let target: String
        package let at: Date
        package let acknowledged: Bool
    }

    package struct Reminder: Sendable {
        package let reportID: UUID
        package let due: String
    }

    package let entries: [Entry]
    package let referrals: [Referral]
    package let reminders: [Reminder]
    /// More cases than one page shows (the dashboard and search find the rest).
    package let limited: Bool
    /// Pattern alerts addressed to this person (as the designated authority) and not yet handled.
    package let openAlerts: Int

    /// Cases per inbox page: the most recently changed first.
    package static let limit = 50

    package static func load(for staff: SignedInStaff, app: any ServiceContext, db: any Database) async throws -> WorkspaceInbox {
        let today = app.today
        var entries: [Entry] = []
        var referrals: [Referral] = []
        var limited = false
        var openAlerts = 0
        if staff.role == .functionary, let personID = staff.personID {
            let organisation = try await app.organisationStore.current(on: db)
            let teams = CaseService.teams(of: personID, organisation: organisation, app: app, on: today)
            let deputyCases = try await CaseService.deputyCases(of: personID, db: db)
            let cases = try await CaseService.newestCases(for: personID, teams: teams, deputyCases: deputyCases, limit: limit + 1, db: db)
            limited = cases.count > limit
            let reports = Dictionary(uniqueKeysWithValues: try await Report.query(on: db).filter(\.$id ~~ cases.map { $0.$report.id })
                .all().compactMap { report in report.id.map { ($0, report) } })
            let declared = Set(try await ConflictDeclaration.query(on: db).filter(\.$personID == personID).all().map(\.$caseFile.id))
            // Every report's procedure events in one query.
            let progress = try await CaseProcedure.progress(for: Array(reports.values), app: app, db: db)
            let unread = try await Self.unread(Array(reports.keys), staff: staff, db: db)
            for caseFile in cases.prefix(limit) {
                // The same rule as the case page: a declared conflict, or a role that ended, hides it.
                guard let report = reports[caseFile.$report.id],
                      let role = CaseService.role(of: staff, in: caseFile, organisation: organisation,
                                                  declared: declared.contains(try caseFile.requireID()) ? [personID] : [],
                                                  deputies: deputyCases.contains(try caseFile.requireID()) ? [personID] : [],
                                                  app: app, on: today) else { continue }
                let nextDue = progress[try report.requireID()]?.nextDate?.due
                let flag: Flag? = caseFile.escrowMatchedAt != nil && caseFile.stage == CaseStage.listening.rawValue ? .escrowMatch
                    : caseFile.handlerChangeRequested ? .handlerChange
                    : caseFile.leadConflict != nil ? .conflict
                    : caseFile.pendingClosureSealed != nil && role == .second ? .approval
                    : caseFile.responsibilityShifted ? .shifted : nil
                entries.append(Entry(reportID: try report.requireID(), kind: report.kind, status: report.status, stage: caseFile.stage,
                                     role: role, submittedAt: report.submittedAt, nextDue: nextDue,
                                     overdue: nextDue.map { $0 < today } ?? false, priority: caseFile.priority, flag: flag,
                                     unread: unread.contains(try report.requireID())))
            }
            entries.sort { $0.priority && !$1.priority }
            referrals = try await CaseReferral.query(on: db).filter(\.$recipientPersonID == personID)
                .sort(\.$createdAt, .descending).limit(50).all().map {
                    Referral(id: try $0.requireID(), target: $0.target, at: $0.createdAt, acknowledged: $0.acknowledgedAt != nil)
                }
            openAlerts = try await RegistryAlerts.addressed(to: personID, db: db).filter { $0.alertState != .handled }.count
        }
        var reminders: [Reminder] = []
        if let personID = staff.personID {
            reminders = try await StaffReminder.query(on: db).filter(\.$personID == personID)
                .filter(\.$due >= today.iso).sort(\.$due).all()
                .map { Reminder(reportID: $0.$report.id, due: $0.due) }
        }
        return WorkspaceInbox(entries: entries, referrals: referrals, reminders: reminders, limited: limited, openAlerts: openAlerts)
    }
}

extension WorkspaceInbox {
    /// The reports on which the reporter wrote after this staff member last opened them: two queries
    /// for the whole page (the reporter's messages, and this person's reads in the audit log).
    static func unread(_ reportIDs: [UUID], staff: SignedInStaff, db: any Database) async throws -> Set<UUID> {
        guard !reportIDs.isEmpty else { return [] }
        let fromReporter = [ActorRef.reporter.stored, ActorRef.supplementAuthor]
        var lastWritten: [UUID: Date] = [:]
        for message in try await ReportMessage.query(on: db).filter(\.$report.$id ~~ reportIDs).filter(\.$author ~~ fromReporter).all() {
            lastWritten[message.$report.id] = max(lastWritten[message.$report.id] ?? .distantPast, message.createdAt)
        }
        guard !lastWritten.isEmpty else { return [] }
        var lastRead: [String: Date] = [:]
        for entry in try await AuditEntry.query(on: db).filter(\.$subject ~~ lastWritten.keys.map { "report:\($0)" })
            .filter(\.$actor == ActorRef.staff(staff.userID).stored).filter(\.$action == AuditAction.reportView.rawValue).all() {
            lastRead[entry.subject] = max(lastRead[entry.subject] ?? .distantPast, entry.occurredAt)
        }
        // The audit log keeps whole seconds: a message in the same second as the read counts as read.
        return Set(lastWritten.filter { id, written in
            guard let read = lastRead["report:\(id)"] else { return true }
            return written.timeIntervalSince(read) >= 1
        }.keys)
    }
}

/// Pattern alerts as their recipients see them.
package enum RegistryAlerts {
    /// The alerts addressed to a person, newest first. Recipients are a short comma-separated list;
    /// an authority has few alerts.
    package static func addressed(to personID: String, db: any Database) async throws -> [RegistryAlert] {
        try await RegistryAlert.query(on: db).filter(\.$recipients, .contains(inverse: false, .anywhere), personID)
            .sort(\.$raisedAt, .descending).all()
            .filter { $0.recipients.split(separator: ",").contains(Substring(personID)) }
    }
}
