import FluentKit
import Foundation
import TegenkrachtCore

/// The reporter withdraws their report (issue 12). One unit of work: the report's state under its
/// version, the timeline event, the audit entry, and the registry's follow-up in the outbox (a
/// withdrawn report is still a signal, with its state).
package enum WithdrawReport {
    package static func run(_ report: Report, confirmed: Bool, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            // Withdrawn already (another tab) says so, whatever this form confirmed.
            guard try await ReportService.holdOpen(report, db: tx) else { throw Refusal("portal.error.withdrawn") }
            guard confirmed else { throw Refusal("portal.error.confirmWithdraw") }
            let now = app.clock.now
            try await ReportService.claimVersion(report, db: tx)
            report.status = ReportStatus.withdrawn.rawValue
            report.withdrawnAt = now
            try await report.save(on: tx)
            try await ReportService.addEvent(.withdrawn, report: report, actor: .reporter, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: .reporter, action: .reportWithdraw, subject: "report:\(try report.requireID())", now: now)
            if let caseFile = try await CaseFile.query(on: tx).filter(\.$report.$id == report.requireID()).first() {
                try await Outbox.enqueue(.registrySync(caseID: try caseFile.requireID()), db: tx, now: now)
            }
        }
    }
}

/// The reporter gives, refuses or withdraws a consent the handler asked for (issue 5). Only the
/// moves the consent allows: give or refuse what is asked, withdraw what was given.
package enum DecideConsent {
    package enum Decision: String, Sendable {
        case give = "geven"
        case refuse = "weigeren"
        case withdraw = "intrekken"
    }

    /// The consent's new state.
    @discardableResult
    package static func run(consentID: UUID, decision: Decision?, caseFile: CaseFile, report: Report,
                            app: any ServiceContext, db: any Database) async throws -> ConsentState {
        try await UnitOfWork.run(db) { tx in
            guard let consent = try await CaseConsentRecord.query(on: tx).filter(\.$id == consentID)
                .filter(\.$caseFile.$id == caseFile.requireID()).first() else { throw NotFound() }
            let decided: ConsentState
            switch (consent.consentState, decision) {
            case (.requested, .give): decided = .given
            case (.requested, .refuse): decided = .refused
            case (.given, .withdraw): decided = .withdrawn
            default: throw Refusal("consent.error.decision")
            }
            let now = app.clock.now
            consent.state = decided.rawValue
            consent.decidedAt = now
            try await consent.save(on: tx)
            try await CaseService.touch(caseFile, db: tx, now: now)
            try await ReportService.addEvent(.consent(decided), report: report, actor: .reporter, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: .reporter, action: .consentState(decided), subject: "report:\(try report.requireID())", now: now)
            return decided
        }
    }
}

/// A handler acknowledges a report: once, under its version (of two acknowledgements at once, one
/// goes through), with the reporter's notice, the audit entry and the registry's follow-up.
package enum AcknowledgeReport {
    package static func run(_ report: Report, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            guard report.acknowledgedAt == nil else { throw Refusal("handler.error.alreadyAcknowledged") }
            let now = app.clock.now
            try await ReportService.claimVersion(report, db: tx)
            report.acknowledgedAt = now
            report.status = ReportStatus.inProgress.rawValue
            try await report.save(on: tx)
            try await ReportService.addEvent(.acknowledged, report: report, actor: actor, db: tx, at: now)
            try await Notices.queue(for: report, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: actor, action: .reportAcknowledge, subject: "report:\(try report.requireID())", now: now)
            try await Outbox.enqueue(.registrySync(caseID: try await CaseService.caseFile(for: report, app: app, db: tx).requireID()),
                                     db: tx, now: now)
        }
    }
}
