import FluentKit
import Foundation
import TegenkrachtCore

// Staff actions outside a case, each one unit of work with its audit entry (issue 12).

/// An advisor records an oral report (a conversation or a phone call): the report with its case, the
/// record of the conversation for the reporter to approve, its event and the audit entry commit together.
package enum RecordOralReport {
    package static func run(_ submission: Submission, record recordText: String, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws -> ReportService.Receipt {
        let receipt = try await UnitOfWork.run(db) { tx in
            let receipt = try await ReportService.submit(submission, app: app, db: tx)
            guard let report = try await Report.find(receipt.reportID, on: tx) else { throw NotFound() }
            let now = app.clock.now
            try await ReportRecord.awaitingReporter(recordText, report: report, by: actor, crypto: try ReportService.crypto(for: report, app: app), at: now)
                .create(on: tx)
            try await ReportService.addEvent(.oralRecorded, report: report, actor: actor, db: tx, at: now)
            try await AuditLog.append(on: tx, actor: actor, action: .reportOralCreate, subject: "report:\(receipt.reportID)", now: now)
            return receipt
        }
        if !db.inTransaction, let opened = try await CaseService.find(reportID: receipt.reportID, db: db) {
            await Outbox.deliverPending(subject: try opened.requireID().uuidString, app: app)
        }
        return receipt
    }
}

/// The designated authority records how a pattern alert is followed up (its state and a sealed note).
package enum FollowUpAlert {
    package static func run(_ alert: RegistryAlert, state: AlertState?, note raw: String?, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws {
        guard let state else { throw Refusal("alerts.error.state") }
        let note = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= IntakeValidator.maxTextLength else { throw Refusal("portal.error.tooLong") }
        let id = try alert.requireID()
        let sealed = note.isEmpty ? nil : try app.keyVault.seal(Data(note.utf8), for: .alertFollowUp(id))
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            alert.state = state.rawValue
            alert.followUpSealed = sealed
            alert.updatedAt = now
            try await alert.save(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .registryAlertFollowUp, subject: "alert:\(id)", now: now)
        }
    }
}

/// An administrator opens a wave of the monitor with its single-use codes; the wave, its codes and
/// the audit entry commit together.
package enum OpenSurveyWave {
    package static func run(name: String, instrument: Instrument, respondentType: String, population: [String: Int], codes: Int,
                            employer: String? = nil, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws -> (SurveyWave, [String]) {
        try await UnitOfWork.run(db) { tx in
            let (wave, codes) = try await MonitorService.openWave(name: name, instrument: instrument, respondentType: respondentType,
                                                                 population: population, codes: codes, employer: employer, app: app, db: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .monitorWaveOpen, subject: "wave:\(try wave.requireID())", now: app.clock.now)
            return (wave, codes)
        }
    }
}

/// An administrator closes a wave: no more answers, the unfinished drafts go, with the audit entry.
package enum CloseSurveyWave {
    package static func run(_ wave: SurveyWave, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        let id = try wave.requireID()
        try await UnitOfWork.run(db) { tx in
            wave.closedOn = app.today.iso
            try await wave.save(on: tx)
            // Unfinished drafts of a closed wave are of no use any more.
            try await SurveyDraft.query(on: tx).filter(\.$wave.$id == id).delete()
            try await AuditLog.append(on: tx, actor: actor, action: .monitorWaveClose, subject: "wave:\(id)", now: app.clock.now)
        }
    }
}

/// A signal registered by hand (a conversation, a signal from outside a report): the registry entry,
/// its pattern and escrow checks and the audit entry, in one unit of work.
package enum RegisterSignal {
    package static func run(_ record: RegistryRecord, subjects: [RegistryService.Subject], registeredBy personID: String,
                            actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            let entry = try await RegistryService.insert(record, source: nil, caseID: nil, subjects: subjects, registeredBy: personID,
                                                         app: app, db: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .registryRegister, subject: "registry:\(try entry.requireID())", now: app.clock.now)
        }
    }
}
