import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The parts of a dossier a referral carries, as they were when it was sent.
struct DossierSnapshot: Codable, Sendable {
    var content: ReportContent?
    var identity: ReportIdentity?
    var messages: [ReportService.MessageView]?
    var records: [ReportService.RecordView]?
}

/// Referrals (issue 5): with the reporter's consent, the consented parts of the dossier go along, so
/// nobody tells their story twice. A target inside the organisation receives them in the app and
/// acknowledges; for one outside (police, help line) the reporter gets the guidance text.
enum ReferralController {
    @Sendable static func refer(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "referrals", ReferralShareForm.self) { c, form in
            let app = req.application
            guard let consentID = UUID(uuidString: form.consent ?? ""),
                  let consent = try await CaseConsentRecord.query(on: c.db).filter(\.$id == consentID)
                    .filter(\.$caseFile.$id == c.caseID).first(),
                  consent.step == ConsentTerms.referralStep, consent.consentState == .given else {
                return req.text("referral.error.consent")
            }
            let terms = try c.crypto.open(ConsentTerms.self, from: consent.termsSealed, purpose: .consent(consentID))
            guard let target = app.caseRules.rules(on: c.today)?.referralTarget(id: terms.target ?? "") else {
                return req.text("referral.error.target")
            }
            let parts = Set((terms.parts ?? []).compactMap(DossierPart.init(rawValue:)))
            var snapshot = DossierSnapshot()
            if parts.contains(.content) {
                snapshot.content = try c.crypto.open(ReportContent.self, from: c.report.contentSealed, purpose: .content)
            }
            if parts.contains(.identity), let sealed = c.report.identitySealed {
                snapshot.identity = try c.crypto.open(ReportIdentity.self, from: sealed, purpose: .identity)
            }
            if parts.contains(.messages) { snapshot.messages = try await ReportService.messages(c.report, app: app, db: c.db) }
            if parts.contains(.records) {
                snapshot.records = try await ReportService.records(c.report, app: app, db: c.db, localizer: req.localizer)
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
            return nil
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

    // MARK: The receiving side

    /// The referral, if it was sent to this staff member; 404 for anyone else.
    static func received(_ req: Request) async throws -> (CaseReferral, SignedInStaff) {
        guard let staff = req.staff, staff.role == .functionary, let personID = staff.personID,
              let id = req.parameters.get("referral", as: UUID.self),
              let referral = try await CaseReferral.query(on: req.db).filter(\.$id == id)
                .filter(\.$recipientPersonID == personID).with(\.$caseFile).first() else {
            throw Abort(.notFound)
        }
        return (referral, staff)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (referral, staff) = try await received(req)
        let app = req.application
        guard let report = try await Report.find(referral.caseFile.$report.id, on: req.db) else { throw Abort(.notFound) }
        let crypto = try ReportService.crypto(for: report, app: app)
        let snapshot = try crypto.open(DossierSnapshot.self, from: referral.snapshotSealed, purpose: .referral(try referral.requireID()))
        let organisation = try await app.organisationStore.current(on: req.db)
        let t = req.localizer
        try await AuditLog.append(on: req.db, actor: .staff(staff.userID), action: .caseReferralView, subject: "report:\(try report.requireID())", now: req.application.clock.now)
        return try await req.renderPage("referral", titleKey: "referral.title", ReferralPage(
            id: try referral.requireID().uuidString, target: t.text("referral.target.\(referral.target)"),
            from: organisation?.person(id: referral.createdBy)?.name ?? referral.createdBy,
            sentAt: ReportService.formatDateTime(referral.createdAt, app: app), acknowledged: referral.acknowledgedAt != nil,
            snapshot: snapshot, places: snapshot.content?.places.map { t.text("place.\($0.rawValue)") } ?? [],
            behaviours: snapshot.content?.behaviourItems.map { t.text("behaviour.\($0)") } ?? []))
    }

    @Sendable static func acknowledge(req: Request) async throws -> Response {
        let (referral, staff) = try await received(req)
        if referral.acknowledgedAt == nil {
            let now = req.application.clock.now
            let reportID = referral.caseFile.$report.id
            // The acknowledgement, the reporter's timeline and the audit entry commit together.
            try await UnitOfWork.run(req.db) { tx in
                referral.acknowledgedAt = now
                referral.state = ReferralState.received.rawValue
                try await referral.save(on: tx)
                try await ReportEvent(reportID: reportID, event: .referralReceived, actor: .staff(staff.userID), at: now).create(on: tx)
                try await AuditLog.append(on: tx, actor: .staff(staff.userID), action: .caseReferralAcknowledge, subject: "report:\(reportID)", now: now)
            }
        }
        return req.redirect(to: "/werkruimte/doorverwijzingen/\(try referral.requireID())")
    }
}
