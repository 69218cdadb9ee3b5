import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Referrals (issue 5): with the reporter's consent, the consented parts of the dossier go along, so
/// nobody tells their story twice. A target inside the organisation receives them in the app and
/// acknowledges; for one outside (police, help line) the reporter gets the guidance text.
enum ReferralController {
    @Sendable static func refer(req: Request) async throws -> Response {
        try await CaseActions.run(req, anchor: "referrals", ReferralShareForm.self) { c, form in
            try await ShareReferral.run(consentID: UUID(uuidString: form.consent ?? ""), version: form.version, on: c)
        }
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
            sentAt: req.dateTime(referral.createdAt), acknowledged: referral.acknowledgedAt != nil,
            snapshot: snapshot, places: snapshot.content?.places.map { t.text("place.\($0.rawValue)") } ?? [],
            behaviours: snapshot.content?.behaviourItems.map { t.text("behaviour.\($0)") } ?? []))
    }

    @Sendable static func acknowledge(req: Request) async throws -> Response {
        let (referral, staff) = try await received(req)
        try await AcknowledgeReferral.run(referral, by: .staff(staff.userID), app: req.application, db: req.db)
        return req.redirect(to: "/werkruimte/doorverwijzingen/\(try referral.requireID())")
    }
}
