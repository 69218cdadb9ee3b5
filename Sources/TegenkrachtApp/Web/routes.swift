import Vapor

/// Every route of the service, grouped by capability.
func routes(_ app: Application) throws {
    app.get("healthz") { _ in "ok" }

    // Public pages: no login, nothing stored.
    app.get(use: HomeController.index)
    app.get("wegwijzer", use: RouteFinderController.form)
    app.post("wegwijzer", use: RouteFinderController.result)
    app.get("organen", use: BodiesController.index)
    app.get("organen", ":id", use: BodiesController.show)
    app.get("fracties", use: BodiesController.register)
    app.get("extern-melden", use: BodiesController.external)
    app.get("api", "v1", "routes", use: RouteFinderController.api)
    app.get("api", "v1", "deadlines", ":procedure", use: DeadlinesController.api)

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
