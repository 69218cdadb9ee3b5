import FluentKit
import Foundation
import TegenkrachtCore

/// The parts of a dossier a referral carries, as they were when it was sent.
package struct DossierSnapshot: Codable, Sendable {
    package var content: ReportContent?
    package var identity: ReportIdentity?
    package var messages: [ReportService.MessageView]?
    package var records: [ReportService.RecordView]?
}

/// A referral (issue 5): with the reporter's consent, the consented parts of the dossier go along, so
/// nobody tells their story twice. A target inside the organisation receives them in the app and
/// acknowledges; for one outside (police, help line) the reporter gets the guidance text.
package enum ShareReferral {
    package static func run(consentID: UUID?, version: Int?, on context: CaseContext) async throws {
        try await context.perform(version: version) { c in
            guard let consentID,
                  let consent = try await CaseConsentRecord.query(on: c.db).filter(\.$id == consentID)
                    .filter(\.$caseFile.$id == c.caseID).first(),
                  consent.step == ConsentTerms.referralStep, consent.consentState == .given else {
                throw Refusal("referral.error.consent")
            }
            let terms = try c.crypto.open(ConsentTerms.self, from: consent.termsSealed, purpose: .consent(consentID))
            guard let target = c.app.caseRules.rules(on: c.today)?.referralTarget(id: terms.target ?? "") else {
                throw Refusal("referral.error.target")
            }
            let parts = Set((terms.parts ?? []).compactMap(DossierPart.init(rawValue:)))
            var snapshot = DossierSnapshot()
            if parts.contains(.content) {
                snapshot.content = try c.crypto.open(ReportContent.self, from: c.report.contentSealed, purpose: .content)
            }
            if parts.contains(.identity), let sealed = c.report.identitySealed {
                snapshot.identity = try c.crypto.open(ReportIdentity.self, from: sealed, purpose: .identity)
            }
            if parts.contains(.messages) { snapshot.messages = try await ReportService.messages(c.report, app: c.app, db: c.db, localizer: c.localizer) }
            if parts.contains(.records) {
                snapshot.records = try await ReportService.records(c.report, app: c.app, db: c.db, localizer: c.localizer)
            }
            let referral = CaseReferral()
            referral.id = UUID()
            referral.$caseFile.id = c.caseID
            referral.target = target.id
            referral.recipientPersonID = recipient(for: target, c)
            referral.consentID = consentID
            referral.snapshotSealed = try c.crypto.seal(snapshot, purpose: .referral(try referral.requireID()))
            referral.state = (referral.recipientPersonID == nil ? ReferralState.handedOver : .sent).rawValue
            referral.createdBy = c.personID
            referral.createdAt = c.now
            try await referral.create(on: c.db)
            try await ReportService.addEvent(.referred, report: c.report, actor: c.actor, db: c.db, at: c.now)
            try await c.finish(audit: .caseShareReferral)
        }
    }

    /// The first holder of the target's role (and side) who is not a party to the case.
    static func recipient(for target: ReferralTarget, _ c: CaseContext) -> String? {
        guard let role = target.role, let organisation = c.organisation else { return nil }
        return organisation.holders(of: role, on: c.today)
            .filter { target.affiliation == nil || $0.assignment.affiliation == target.affiliation }
            .map(\.person.id)
            .first { $0 != c.caseFile.leadPersonID && $0 != c.caseFile.secondPersonID }
    }
}

/// The recipient acknowledges a referral: once, with the reporter's timeline and the audit entry.
package enum AcknowledgeReferral {
    package static func run(_ referral: CaseReferral, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        guard referral.acknowledgedAt == nil else { return }
        let now = app.clock.now
        let reportID = referral.caseFile.$report.id
        try await UnitOfWork.run(db) { tx in
            referral.acknowledgedAt = now
            referral.state = ReferralState.received.rawValue
            try await referral.save(on: tx)
            try await ReportEvent(reportID: reportID, event: .referralReceived, actor: actor, at: now).create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .caseReferralAcknowledge, subject: "report:\(reportID)", now: now)
        }
    }
}
