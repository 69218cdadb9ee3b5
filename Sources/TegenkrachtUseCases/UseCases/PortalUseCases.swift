import FluentKit
import Foundation
import TegenkrachtCore

// What the reporter does in the portal, each one unit of work (issue 12). An action on the report
// first holds it open (`ReportService.holdOpen`): a withdrawal committed in another tab meanwhile
// refuses it, and nothing is stored after a withdrawal.

/// The reporter writes to their handler, or adds to their report (a supplement is part of the report).
package enum SendReporterMessage {
    package static func run(text raw: String?, supplement: Bool, report: Report, app: any ServiceContext, db: any Database) async throws {
        let (text, problem) = ReportService.checkedText(raw)
        try await UnitOfWork.run(db) { tx in
            guard try await ReportService.holdOpen(report, db: tx) else { throw Refusal("portal.error.withdrawn") }
            if let problem { throw Refusal(problem) }
            let now = app.clock.now
            try await ReportService.addMessage(text, report: report, author: .reporter, supplement: supplement, app: app, db: tx)
            if supplement { try await ReportService.addEvent(.supplemented, report: report, actor: .reporter, db: tx, at: now) }
            try await AuditLog.append(on: tx, actor: .reporter, action: supplement ? .reportSupplement : .reportMessage,
                                      subject: "report:\(try report.requireID())", now: now)
        }
    }
}

/// An anonymous reporter gives their name, to the handler only (the report becomes confidential).
/// This cannot be undone, and the page says so.
package enum DiscloseIdentity {
    package static func run(_ identity: ReportIdentity, confirmed: Bool, report: Report, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard try await ReportService.holdOpen(report, db: tx) else { throw Refusal("portal.error.withdrawn") }
            guard report.identityMode == IdentityMode.anonymous.rawValue else { throw Refusal("portal.error.notAnonymous") }
            guard confirmed else { throw Refusal("portal.error.confirmDisclose") }
            guard !identity.name.isEmpty else { throw Refusal("intake.error.nameNeeded") }
            guard [identity.name, identity.email, identity.phone, identity.function].allSatisfy({ $0.count <= IntakeValidator.maxShortLength })
            else { throw Refusal("portal.error.tooLong") }
            // The intake's check: an address the mail program would never be given is refused here,
            // not discovered later as mail "refused by the server".
            guard identity.email.isEmpty || IntakeValidator.isPlausibleEmail(identity.email) else { throw Refusal("intake.error.email") }
            let now = app.clock.now
            report.identitySealed = try ReportService.crypto(for: report, app: app).seal(identity, purpose: .identity)
            report.identityMode = IdentityMode.confidential.rawValue
            report.notifyByEmail = !identity.email.isEmpty
            try await ReportService.claimVersion(report, db: tx)
            try await report.save(on: tx)
            try await ReportService.addEvent(.nameGiven, report: report, actor: .reporter, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: .reporter, action: .reportDiscloseIdentity, subject: "report:\(try report.requireID())", now: now)
        }
    }
}

/// The reporter approves the record of a meeting, or asks for a correction (Directive art. 18).
package enum DecideRecord {
    package enum Decision: String, Sendable {
        case approve = "goedkeuren"
        case correct = "verbeteren"
    }

    package static func run(recordID: UUID, decision: Decision?, comment raw: String?, report: Report,
                            app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard try await ReportService.holdOpen(report, db: tx) else { throw Refusal("portal.error.withdrawn") }
            guard let record = try await ReportRecord.query(on: tx).filter(\.$id == recordID)
                    .filter(\.$report.$id == report.requireID()).first() else { throw NotFound() }
            guard record.recordState == .awaitingReporter else { throw Refusal("portal.error.recordDecided") }
            switch decision {
            case .approve:
                record.state = RecordState.approved.rawValue
            case .correct:
                let comment = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !comment.isEmpty else { throw Refusal("portal.error.correctionEmpty") }
                record.state = RecordState.correctionRequested.rawValue
                record.reporterCommentSealed = try ReportService.crypto(for: report, app: app)
                    .seal(Data(comment.utf8), purpose: .recordComment(recordID))
            case nil:
                throw Refusal("portal.error.empty")
            }
            let now = app.clock.now
            record.decidedAt = now
            try await record.save(on: tx)
            try await ReportService.addEvent(record.recordState == .approved ? .recordApproved : .recordCorrectionRequested,
                                             report: report, actor: .reporter, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: .reporter, action: .recordState(record.recordState ?? .awaitingReporter),
                                      subject: "report:\(try report.requireID())", now: now)
        }
    }
}

/// The reporter lifts the escrow: the handler may read the report now.
package enum ReleaseEscrow {
    package static func run(caseFile: CaseFile, report: Report, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard caseFile.escrowed else { throw Refusal("consent.error.decision") }
            let now = app.clock.now
            caseFile.escrowed = false
            try await CaseService.touch(caseFile, db: tx, now: now)
            try await ReportService.addEvent(.escrowReleased, report: report, actor: .reporter, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: .reporter, action: .caseEscrowRelease, subject: "report:\(try report.requireID())", now: now)
            try await Outbox.enqueue(.registrySync(caseID: try caseFile.requireID()), db: tx, now: now)
        }
    }
}

/// The reporter answers whether a new lead may read their confidential name.
package enum DecideIdentityShare {
    package static func run(allow: Bool?, caseFile: CaseFile, report: Report, app: any ServiceContext, db: any Database) async throws {
        guard let allow else { throw Refusal("consent.error.decision") }
        try await UnitOfWork.run(db) { tx in
            guard try await ReassignCase.decideIdentityShare(allow: allow, caseFile: caseFile, report: report, now: app.clock.now, db: tx)
            else { throw Refusal("consent.error.decision") }
        }
    }
}

/// The reporter answers whether the people a reassignment would bring in may read the report
/// (issue 15). Until they say yes, the people on the case stay.
package enum DecideNewReader {
    package static func run(allow: Bool?, proposal: String?, caseFile: CaseFile, report: Report, app: any ServiceContext,
                            db: any Database) async throws {
        guard let allow else { throw Refusal("consent.error.decision") }
        let now = app.clock.now
        let today = ReportService.localDate(now, app: app)
        guard caseFile.proposedLead != nil, let organisation = try await app.organisationStore.current(on: db),
              let kind = RecipientKind(rawValue: caseFile.recipient),
              let team = app.caseRules.rules(on: today)?.team(for: kind) else { throw Refusal("consent.error.decision") }
        let content = try ReportService.crypto(for: report, app: app).open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let parties = CaseStaffing.parties(accused: content.accused, witnesses: content.witnesses, organisation: organisation, on: today)
        try await UnitOfWork.run(db) { tx in
            let declared = try await CaseService.declaredConflicts(caseFile, db: tx)
            guard try await ReassignCase.decideNewReader(allow: allow, caseFile: caseFile, report: report, team: team,
                                                         answering: proposal ?? "", parties: parties,
                                                         declaredConflicts: declared, organisation: organisation,
                                                         today: today, now: now, db: tx)
            else { throw Refusal("consent.error.decision") }
        }
    }
}

/// The reporter asks for another handler (once); the team sees the request.
package enum RequestOtherHandler {
    package static func run(caseFile: CaseFile, report: Report, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard !caseFile.handlerChangeRequested else { throw Refusal("portal.error.alreadyRequested") }
            let now = app.clock.now
            caseFile.handlerChangeRequested = true
            try await CaseService.touch(caseFile, db: tx, now: now)
            try await ReportService.addEvent(.otherHandlerRequested, report: report, actor: .reporter, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: .reporter, action: .caseHandlerChangeRequest, subject: "report:\(try report.requireID())", now: now)
        }
    }
}

/// Retaliation after reporting: a new report, linked to this case, with priority and the same
/// handlers, and the event on the original's timeline, in one unit of work (a crash never leaves a
/// linked report without its mark on the original, or the reverse).
package enum ReportRetaliation {
    package static func run(text raw: String?, report: Report, app: any ServiceContext, db: any Database) async throws -> ReportService.Receipt {
        let (text, problem) = ReportService.checkedText(raw)
        if let problem { throw Refusal(problem) }
        let parent = try await CaseService.caseFile(for: report, app: app, db: db)
        let crypto = try ReportService.crypto(for: report, app: app)
        let original = try crypto.open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let identity = try report.identitySealed.map { try crypto.open(ReportIdentity.self, from: $0, purpose: .identity) } ?? ReportIdentity()
        let submission = Submission(
            kind: .report, mode: IdentityMode(rawValue: report.identityMode) ?? .anonymous,
            recipient: RecipientKind(rawValue: report.recipientKind) ?? .centralRoute, handlerPersonID: report.handlerPersonID,
            content: ReportContent(whatHappened: text, reporterGroup: original.reporterGroup, accusedGroup: original.accusedGroup),
            identity: identity, attachments: [])
        let receipt = try await UnitOfWork.run(db) { tx in
            let receipt = try await ReportService.submit(submission, app: app, db: tx, retaliationAgainst: parent)
            let now = app.clock.now
            try await ReportService.addEvent(.retaliationReported, report: report, actor: .reporter, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: .reporter, action: .caseRetaliationReport, subject: "report:\(try report.requireID())", now: now)
            return receipt
        }
        if !db.inTransaction, let opened = try await CaseService.find(reportID: receipt.reportID, db: db) {
            await Outbox.deliverPending(subject: try opened.requireID().uuidString, app: app)
        }
        return receipt
    }
}
