import Vapor

/// Every route of the service, grouped by capability.
func routes(_ app: Application) throws {
    app.get("healthz") { _ in "ok" }

    // Public pages: no login, nothing stored.
    app.get(use: HomeController.index)

    // Staff login with two factors.
    app.get("inloggen", use: LoginController.show)
    app.post("inloggen", use: LoginController.submit)
    app.get("inloggen", "tweestaps", use: TwoFactorController.showCode)
    app.post("inloggen", "tweestaps", use: TwoFactorController.submitCode)
    app.get("inloggen", "tweestaps", "instellen", use: TwoFactorController.showEnrol)
    app.post("inloggen", "tweestaps", "instellen", use: TwoFactorController.submitEnrol)
    app.post("uitloggen", use: LoginController.logout)

    let staff = app.grouped(RequireStaffMiddleware())
    staff.get("werkruimte", use: WorkspaceController.index)

    let admin = app.grouped(RequireStaffMiddleware(role: .administrator))
    admin.get("beheer", "organisatie", use: OrganisationAdminController.show)
    admin.get("beheer", "organisatie", "bewerken", use: OrganisationAdminController.edit)
    admin.post("beheer", "organisatie", "bewerken", use: OrganisationAdminController.save)
}
