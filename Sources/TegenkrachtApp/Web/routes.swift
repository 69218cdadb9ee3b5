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

    // Reporting and the reporter portal (the receipt code never appears in a URL).
    app.get("melden", use: IntakeController.form)
    app.post("melden", "start", use: IntakeController.start)
    app.on(.POST, "melden", body: .collect(maxSize: "40mb"), use: IntakeController.submit)
    app.get("portaal", use: PortalController.loginPage)
    app.post("portaal", use: PortalController.login)
    app.post("portaal", "uitloggen", use: PortalController.logout)
    app.get("portaal", "melding", use: PortalController.show)
    app.post("portaal", "bericht", use: PortalController.message)
    app.post("portaal", "aanvullen", use: PortalController.supplement)
    app.post("portaal", "intrekken", use: PortalController.withdraw)
    app.post("portaal", "naam", use: PortalController.disclose)
    app.post("portaal", "verslag", ":record", use: PortalController.decideRecord)
    app.post("portaal", "toestemming", ":consent", use: PortalCase.decideConsent)
    app.post("portaal", "nazorg", ":checkin", use: PortalCase.answerCheckIn)
    app.post("portaal", "andere-behandelaar", use: PortalCase.requestOtherHandler)
    app.post("portaal", "vergelding", use: PortalCase.reportRetaliation)

    let staff = app.grouped(RequireStaffMiddleware())
    staff.get("werkruimte", use: HandlerReportController.inbox)
    staff.get("werkruimte", "meldingen", ":id", use: HandlerReportController.show)
    staff.get("werkruimte", "termijnen", use: DeadlineDashboard.show)
    staff.get("werkruimte", "meldingen", ":id", "brief", ":type", use: LetterController.show)
    staff.get("werkruimte", "mondeling", use: OralReportController.form)
    staff.get("werkruimte", "mijn-meldingen", use: OwnReports.list)
    staff.post("werkruimte", "mijn-meldingen", ":id", use: OwnReports.open)
    staff.post("werkruimte", "mondeling", use: OralReportController.submit)
    staff.post("werkruimte", "meldingen", ":id", "bevestigen", use: HandlerReportController.acknowledge)
    staff.post("werkruimte", "meldingen", ":id", "bericht", use: HandlerReportController.reply)
    staff.post("werkruimte", "meldingen", ":id", "verslag", use: HandlerReportController.record)
    staff.post("werkruimte", "meldingen", ":id", "procedure", use: HandlerReportController.procedureEvent)
    staff.get("werkruimte", "meldingen", ":id", "bijlagen", ":attachment", use: HandlerReportController.attachment)

    // Case handling on the report's page (issue 5).
    let caseRoutes = staff.grouped("werkruimte", "meldingen", ":id")
    caseRoutes.post("stap", use: CaseController.transition)
    caseRoutes.post("goedkeuren", use: CaseController.approveClosure)
    caseRoutes.post("heropenen", use: CaseController.reopen)
    caseRoutes.post("toestemming", use: CaseController.requestConsent)
    caseRoutes.post("notitie", use: CaseController.addNote)
    caseRoutes.post("taak", use: CaseController.addTask)
    caseRoutes.post("taak", ":task", "klaar", use: CaseController.completeTask)
    caseRoutes.post("beklaagde", use: CaseController.accusedRights)
    caseRoutes.post("toewijzen", use: CaseController.assign)
    caseRoutes.post("belangenconflict", use: CaseController.declareConflict)
    caseRoutes.post("doorverwijzen", use: ReferralController.refer)
    caseRoutes.post("nazorg", use: AftercareController.askNow)
    caseRoutes.post("nazorg", ":checkin", use: AftercareController.recordAnswer)
    staff.get("werkruimte", "doorverwijzingen", ":referral", use: ReferralController.show)
    staff.post("werkruimte", "doorverwijzingen", ":referral", "ontvangen", use: ReferralController.acknowledge)

    let admin = app.grouped(RequireStaffMiddleware(role: .administrator))
    admin.get("beheer", "organisatie", use: OrganisationAdminController.show)
    admin.get("beheer", "organisatie", "bewerken", use: OrganisationAdminController.edit)
    admin.post("beheer", "organisatie", "bewerken", use: OrganisationAdminController.save)
}
