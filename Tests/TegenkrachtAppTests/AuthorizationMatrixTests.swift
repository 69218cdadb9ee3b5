import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// Need-to-know, proved: every route of the application against every role. A route that is not in
/// the table below fails the test, so a new route cannot be added without saying who may use it.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Role: String, CaseIterable, Sendable {
        case anonymous, reporter, assignedAdvisor, unassignedAdvisor, committeeMember, manager, administrator
    }

    /// Who may use a route.
    enum Access {
        /// Everyone, signed in or not.
        case everyone
        /// Any signed-in staff member (their own workspace, their own reports).
        case staff
        /// Only these roles (for a case: its lead and second person, and its team).
        case only(Set<Role>)
        /// Only someone none of the roles here is: the person a referral was sent to, the staff member
        /// who made a report under their own name.
        case nobodyHere
        case administrator
        /// The reporter of this report, through the portal.
        case reporter

        var isPublic: Bool {
            if case .everyone = self { return true }
            return false
        }
    }

    /// Every route, by method and path pattern. Destructive ones (log out, declare a conflict) run last.
    static let table: [String: Access] = [
        "GET /": .everyone, "GET /healthz": .everyone, "GET /readyz": .everyone, "GET /api/v1/openapi.json": .everyone, "GET /terugbellen": .everyone, "POST /terugbellen": .everyone, "GET /wegwijzer": .everyone, "POST /wegwijzer": .everyone,
        "GET /organen": .everyone, "GET /organen/:id": .everyone, "GET /fracties": .everyone, "GET /extern-melden": .everyone,
        "GET /api/v1/routes": .everyone, "GET /api/v1/deadlines/:procedure": .everyone,
        "GET /inloggen": .everyone, "POST /inloggen": .everyone, "POST /uitloggen": .everyone,
        "GET /inloggen/wachtwoord-vergeten": .everyone, "POST /inloggen/wachtwoord-vergeten": .everyone,
        // Only for someone between password and code.
        "GET /inloggen/tweestaps": .nobodyHere, "POST /inloggen/tweestaps": .nobodyHere,
        "GET /inloggen/tweestaps/instellen": .nobodyHere, "POST /inloggen/tweestaps/instellen": .nobodyHere,
        // Single sign-on is not configured here: 404 for everyone (tests/browser/test_oidc.py runs it).
        "GET /inloggen/sso": .nobodyHere, "GET /inloggen/sso/terug": .nobodyHere,
        "GET /melden": .everyone, "POST /melden/start": .everyone, "POST /melden/controleren": .everyone, "POST /melden": .everyone,
        "GET /portaal": .everyone, "POST /portaal": .everyone, "POST /portaal/uitloggen": .everyone, "GET /weg": .everyone,
        // The monitor: anyone with a code; a page of questions only with a draft on this device.
        "GET /monitor": .everyone, "POST /monitor": .everyone, "POST /monitor/stoppen": .everyone,
        "GET /monitor/vragen": .nobodyHere, "POST /monitor/vragen": .nobodyHere,
        "GET /beheer/monitor": .administrator, "POST /beheer/monitor": .administrator,
        "POST /beheer/monitor/:wave/sluiten": .administrator,
        // Results: HR, the integrity coordinator, competent authorities (none of the roles here).
        "GET /werkruimte/monitor": .nobodyHere, "GET /werkruimte/monitor/:wave": .nobodyHere,
        "GET /werkruimte/monitor/:wave/csv": .nobodyHere,
        "GET /portaal/melding": .reporter, "POST /portaal/bericht": .reporter, "POST /portaal/aanvullen": .reporter,
        "POST /portaal/intrekken": .reporter, "POST /portaal/naam": .reporter, "POST /portaal/verslag/:record": .reporter,
        "POST /portaal/toestemming/:consent": .reporter, "POST /portaal/nazorg/:checkin": .reporter,
        "POST /portaal/andere-behandelaar": .reporter, "POST /portaal/naam-delen": .reporter, "POST /portaal/nieuwe-lezer": .reporter, "POST /portaal/verzegeling": .reporter, "POST /portaal/vergelding": .reporter,
        "GET /werkruimte": .staff, "GET /werkruimte/termijnen": .staff,
        "GET /werkruimte/wachtwoord": .staff, "POST /werkruimte/wachtwoord": .staff,
        // Registering a signal and reading one's alerts: functionaries (an administrator has no person).
        "GET /werkruimte/registreren": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "POST /werkruimte/registreren": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "GET /werkruimte/signalen": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "POST /werkruimte/signalen/:alert": .nobodyHere,
        // A call-back request is for the one person it names (a random one here: nobody's).
        "POST /werkruimte/terugbellen/:callback/gebeld": .nobodyHere,
        // Reports and figures: the roles each report names (the demo's advisors read theirs).
        "GET /werkruimte/jaarverslagen": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember]),
        "GET /werkruimte/jaarverslagen/:report": .only([.assignedAdvisor, .unassignedAdvisor]),
        "GET /werkruimte/jaarverslagen/:report/csv": .only([.assignedAdvisor, .unassignedAdvisor]),
        "GET /werkruimte/statistieken": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember]),
        // Oral reports are recorded by confidential advisors.
        "GET /werkruimte/mondeling": .only([.assignedAdvisor, .unassignedAdvisor]),
        "POST /werkruimte/mondeling": .only([.assignedAdvisor, .unassignedAdvisor]), "GET /werkruimte/mijn-meldingen": .staff,
        "POST /werkruimte/mijn-meldingen/:id": .nobodyHere,
        "GET /werkruimte/meldingen/:id/brief/:type": .only([.committeeMember]),
        "GET /werkruimte/doorverwijzingen/:referral": .nobodyHere,
        "POST /werkruimte/doorverwijzingen/:referral/ontvangen": .nobodyHere,
        "GET /beheer/organisatie": .administrator, "GET /beheer/bezorging": .administrator, "GET /beheer/organisatie/bewerken": .administrator,
        "POST /beheer/organisatie/bewerken": .administrator,
        // The MPs' public registers and their open data (issue 14).
        // The learning organisation (issue 18): open figures for everyone; an onboarding path only by its
        // link (a random one here); the register for the coordinator, the Voorzitter and the works
        // council, onboarding offers for the coordinator and HR (none of the roles here).
        "GET /cijfers": .everyone, "GET /inwerken/:token": .nobodyHere, "POST /inwerken/:token": .nobodyHere,
        "GET /werkruimte/leren": .nobodyHere, "GET /werkruimte/leren/nieuw": .nobodyHere, "POST /werkruimte/leren": .nobodyHere,
        "GET /werkruimte/leren/voortgang": .nobodyHere, "GET /werkruimte/leren/:intervention": .nobodyHere,
        "POST /werkruimte/leren/:intervention/meting": .nobodyHere, "POST /werkruimte/leren/:intervention/indicator": .nobodyHere, "GET /werkruimte/inwerken": .nobodyHere,
        "POST /werkruimte/inwerken": .nobodyHere, "GET /werkruimte/cijfers": .nobodyHere, "POST /werkruimte/cijfers": .nobodyHere,
        "POST /werkruimte/cijfers/goedkeuren": .nobodyHere,
        // The RI&E input: HR and the competent authority of the employer, and the coordinator.
        "GET /werkruimte/rie": .nobodyHere, "GET /werkruimte/rie/:employer": .nobodyHere,
        // The House-wide code of conduct: the page and its comment form for everyone; the rounds for the
        // coordinator and the Voorzitter, neither of whom is a role here.
        "GET /gedragscode": .everyone, "POST /gedragscode": .everyone,
        "GET /werkruimte/gedragscode": .nobodyHere, "POST /werkruimte/gedragscode/rondes": .nobodyHere,
        "POST /werkruimte/gedragscode/rondes/:round/sluiten": .nobodyHere, "POST /werkruimte/gedragscode/reacties/:comment": .nobodyHere,
        "POST /werkruimte/gedragscode/vaststellen": .nobodyHere,
        // The network of functionaries (6.5.1): the integrity coordinator only (none of the roles here).
        "GET /werkruimte/netwerk": .nobodyHere, "POST /werkruimte/netwerk/certificaat": .nobodyHere,
        "POST /werkruimte/netwerk/scholing": .nobodyHere, "POST /werkruimte/netwerk/dubbele-rol": .nobodyHere,
        "GET /registers": .everyone, "GET /registers/ambtenaren": .everyone, "GET /registers/lid/:member": .everyone, "GET /registers/register/:register": .everyone,
        "GET /api/v1/registers/:register": .everyone, "GET /api/v1/registers/:register/csv": .everyone,
        // Declaring gifts: every functionary with a person (an administrator has none).
        "GET /werkruimte/verklaringen": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "POST /werkruimte/verklaringen": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        // One declaration: its declarant, their manager, the coordinator (none of the roles here).
        "GET /werkruimte/verklaringen/:declaration": .nobodyHere, "POST /werkruimte/verklaringen/:declaration/besluit": .nobodyHere,
        "GET /werkruimte/nevenwerkzaamheden": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "POST /werkruimte/nevenwerkzaamheden": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "GET /werkruimte/nevenwerkzaamheden/:activity": .nobodyHere, "POST /werkruimte/nevenwerkzaamheden/:activity/besluit": .nobodyHere,
        "GET /werkruimte/reisverlenging": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "POST /werkruimte/reisverlenging": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "GET /werkruimte/reisverlenging/:trip": .nobodyHere, "POST /werkruimte/reisverlenging/:trip/besluit": .nobodyHere,
        "GET /werkruimte/financiele-belangen": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "POST /werkruimte/financiele-belangen": .only([.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager]),
        "GET /werkruimte/financiele-belangen/:interest": .nobodyHere, "POST /werkruimte/financiele-belangen/:interest/besluit": .nobodyHere,
        // The MPs' registers behind the login: members and the Griffie plenair (none of the roles here).
        "GET /werkruimte/registers": .nobodyHere, "POST /werkruimte/registers": .nobodyHere,
        "POST /werkruimte/registers/:version/publiceren": .nobodyHere, "POST /werkruimte/registers/aanwijzing": .nobodyHere,
    ]

    static func access(_ key: String) -> Access? {
        if let access = table[key] { return access }
        // Everything else under a report's page is the case: its handlers only.
        if key.contains(" /werkruimte/meldingen/:id") { return .only([.assignedAdvisor]) }
        return nil
    }

    @Test("Every route against every role", arguments: TestDatabase.all)
    func matrix(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // An advisor case (A) with an attachment, a record, a consent request, a task, a check-in and a
            // referral; and a complaint to the committee (B).
            let reporter = TestBrowser(app)
            let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            let code = try await submitReport(reporter, CaseHandlingTests.report,
                                              files: [(field: "attachment1", filename: "bewijs.pdf", type: "application/pdf", bytes: pdf)])
            try await submitReport(TestBrowser(app), [("kind", "klacht"), ("mode", "met-naam"), ("recipient", "klachtencommissie"),
                                                      ("name", "Kim Klager"), ("whatHappened", "Mijn chef kleineert mij."), ("when", "vorige maand"),
                                                      ("accused0Name", "E. Chef")])
            let reportA = try #require(try await Report.query(on: app.db).filter(\.$recipientKind == "vertrouwenspersoon").first())
            let reportB = try #require(try await Report.query(on: app.db).filter(\.$recipientKind == "klachtencommissie").first())
            let caseA = try #require(try await CaseService.find(reportID: reportA.requireID(), db: app.db))

            var browsers: [Role: TestBrowser] = [.anonymous: TestBrowser(app), .reporter: reporter]
            browsers[.assignedAdvisor] = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            browsers[.unassignedAdvisor] = try await signedInFunctionary(app, "brandhorst", person: "vp-fractie-2")
            browsers[.committeeMember] = try await signedInFunctionary(app, "tolhuis", person: "kc-lid-ambtelijk")
            browsers[.manager] = try await signedInFunctionary(app, "ramdin", person: "manager-ict")
            try await createStaff(app, username: "beheer", role: .administrator)
            let admin = TestBrowser(app)
            let adminSecret = try await signIn(admin, username: "beheer")
            browsers[.administrator] = admin
            _ = try await loginPortal(reporter, code: code)

            // The parts of case A that routes point at.
            let lead = browsers[.assignedAdvisor]!
            let pathA = "/werkruimte/meldingen/\(try reportA.requireID())"
            var page = try await lead.get(pathA)
            try await lead.post("\(pathA)/verslag", ["text": "Gesprek gevoerd."])
            page = try await lead.get(pathA)
            try await lead.post("\(pathA)/toestemming", ["version": try caseVersion(page.body), "step": "doorverwijzing",
                                                         "target": "bedrijfsmaatschappelijk-werk", "parts[]": "melding"])
            page = try await lead.get(pathA)
            try await lead.post("\(pathA)/taak", ["version": try caseVersion(page.body), "text": "Terugbellen",
                                                  "owner": "vp-extern", "due": "2030-01-01"])
            let consent = try #require(try await CaseConsentRecord.query(on: app.db).first())
            consent.state = "gegeven"
            try await consent.save(on: app.db)
            page = try await lead.get(pathA)
            try await lead.post("\(pathA)/doorverwijzen", ["version": try caseVersion(page.body), "consent": try consent.requireID().uuidString])
            let checkIn = AftercareCheckIn()
            checkIn.$caseFile.id = try caseA.requireID()
            checkIn.party = "beklaagde"
            checkIn.due = "2020-01-01"
            checkIn.createdAt = app.clock.now
            try await checkIn.create(on: app.db)
            let reporterCheckIn = AftercareCheckIn()
            reporterCheckIn.$caseFile.id = try caseA.requireID()
            reporterCheckIn.party = "melder"
            reporterCheckIn.due = "2020-01-01"
            reporterCheckIn.createdAt = app.clock.now
            try await reporterCheckIn.create(on: app.db)
            let values: [String: String] = [
                ":id": try reportA.requireID().uuidString,
                ":attachment": try #require(try await ReportAttachment.query(on: app.db).first()).requireID().uuidString,
                ":record": try #require(try await ReportRecord.query(on: app.db).first()).requireID().uuidString,
                ":consent": try consent.requireID().uuidString,
                ":task": try #require(try await CaseTask.query(on: app.db).first()).requireID().uuidString,
                ":checkin": try checkIn.requireID().uuidString,
                ":referral": try #require(try await CaseReferral.query(on: app.db).first()).requireID().uuidString,
                ":alert": UUID().uuidString, ":callback": UUID().uuidString, ":report": "vertrouwenspersonen",
                ":wave": try await MonitorService.openWave(name: "Matrix", instrument: try #require(app.instruments.instrument("kzt", version: "1.1")),
                                                           respondentType: "current", population: [:], codes: 3, app: app, db: app.db).0.requireID().uuidString,
                ":member": "kamerlid-1", ":register": "nevenactiviteit", ":declaration": UUID().uuidString, ":activity": UUID().uuidString, ":trip": UUID().uuidString, ":interest": UUID().uuidString, ":version": UUID().uuidString,
                ":intervention": UUID().uuidString, ":token": "geen-geldige-link", ":employer": "ambtelijke-organisatie",
                ":round": UUID().uuidString, ":comment": UUID().uuidString,
                ":type": "begeleidende-brief-advies", ":procedure": "wbk", ":organen": "klachtencommissie",
            ]

            // Positive control: the handler's inbox lists case A by this path (the check below can see it).
            #expect(try await lead.get("/werkruimte").body.contains(pathA))

            let destructive = ["POST /werkruimte/meldingen/:id/belangenconflict", "POST /portaal/intrekken",
                               "POST /portaal/uitloggen", "GET /weg", "POST /uitloggen"]
            let routes = app.routes.all.map { route in
                (route, "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/"))
            }.sorted { a, b in (destructive.firstIndex(of: a.1) ?? -1, a.1) < (destructive.firstIndex(of: b.1) ?? -1, b.1) }
            var checked = 0
            for (route, key) in routes {
                let access = try #require(Self.access(key), "route \(key) is not in the authorization table")
                var path = "/" + route.path.map { component -> String in
                    let text = "\(component)"
                    if text == ":id", key.hasPrefix("GET /organen") { return "klachtencommissie" }
                    if text == ":id", key.contains("/brief/") { return (try? reportB.requireID().uuidString) ?? "" }
                    if text == ":checkin", key.hasPrefix("POST /portaal") { return reporterCheckIn.id?.uuidString ?? "" }
                    return values[text] ?? text
                }.joined(separator: "/")
                if path == "//" { path = "/" }
                for role in Role.allCases {
                    let browser = browsers[role]!
                    // A page with a form first, for the CSRF token.
                    if route.method == .POST { try await browser.get("/melden") }
                    let response = route.method == .GET ? try await browser.get(path)
                        : try await browser.post(path, key.hasSuffix("/intrekken") ? ["confirm": "nee"] : [:])
                    // A 500 is a failure whatever the role (issue 12): no route falls over on a request it refuses.
                    #expect(response.status != .internalServerError, "\(key) as \(role.rawValue): 500")
                    // A public route may answer 401 to a wrong password; it is never closed to a role.
                    let closed: [Int] = access.isPublic ? [403, 404] : [401, 403, 404]
                    let denied = closed.contains(Int(response.status.code))
                        || response.location?.hasPrefix("/inloggen") == true || response.location?.hasPrefix("/portaal?verlopen") == true
                        || response.location?.hasPrefix("/monitor?verlopen") == true
                    let expected = Self.allowed(access, role)
                    #expect(denied != expected, "\(key) as \(role.rawValue): \(response.status.code) \(response.location ?? "")")
                }
                checked += 1
            }
            #expect(checked == app.routes.all.count)
            #expect(checked > 60)

            // Case B belongs to the committee: its member sees it, the advisor of case A does not.
            let pathB = "/werkruimte/meldingen/\(try reportB.requireID())"
            let member = TestBrowser(app)
            try await createStaff(app, username: "voorzitter").with(personID: "kc-voorzitter", app: app)
            try await signIn(member, username: "voorzitter")
            #expect(try await member.get(pathB).status == .ok)
            #expect(try await member.get(pathA).status == .notFound)
            // Administrators manage the organisation but read no case content.
            // The matrix ended with "POST /uitloggen": sign the administrator in again first.
            try await signIn(admin, username: "beheer", secret: adminSecret)
            let adminInbox = try await admin.get("/werkruimte")
            // Positive control: this is the administrator's own workspace, not a redirect to the login page.
            #expect(adminInbox.status == .ok)
            #expect(!adminInbox.body.contains(pathA))
        }
    }

    static func allowed(_ access: Access, _ role: Role) -> Bool {
        switch access {
        case .everyone: return true
        case .staff: return [.assignedAdvisor, .unassignedAdvisor, .committeeMember, .manager, .administrator].contains(role)
        case .only(let roles): return roles.contains(role)
        case .nobodyHere: return false
        case .administrator: return role == .administrator
        case .reporter: return role == .reporter
        }
    }
}
