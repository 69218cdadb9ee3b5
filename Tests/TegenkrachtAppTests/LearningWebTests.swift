import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 18: the intervention register with its indicators, onboarding, the open figures page.
@Suite struct LearningWebTests {
    static func coordinator(_ app: Application) async throws -> TestBrowser {
        let browser = TestBrowser(app)
        try await createStaff(app, username: "coordinator").with(personID: "integriteitscoordinator", app: app)
        try await signIn(browser, username: "coordinator")
        return browser
    }

    static func entries(_ app: Application, year: Int, count: Int, feedbackWithin3Months: Int) async throws {
        for i in 0..<count {
            let received = try #require(LocalDate(year: year, month: 3, day: 1))
            let feedback = i < feedbackWithin3Months ? received.adding(days: 30) : received.adding(days: 200)
            try await AnnualReportTests.insert(RegistryRecord(kind: .report, channel: .centralRoute, received: received,
                                                              acknowledged: received, feedbackGiven: feedback), app: app)
        }
    }

    static let form: [String: String] = [
        "title": "Terugkoppeling binnen drie maanden", "recommendations[]": "6.5.2", "owner": "presidium",
        "goal": "Iedere melder hoort binnen drie maanden wat er met de melding gebeurt.", "figures[]": "registry.feedbackWithin3Months",
        "intervalMonths": "6", "budget": "2.500", "involved[]": "ambtelijk", "startsDay": "1", "startsMonth": "1", "startsYear": "2026",
    ]

    @Test("The coordinator records an intervention for 6.5.2 bound to 'feedback within 3 months': baseline and trend from the registry's years",
          arguments: TestDatabase.all)
    func interventionWithIndicator(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // 2023: 2 of 6 within three months (33%); 2024: too few to show; 2025: 3 of 6 (50%); 2026, still
            // running: 5 of 6 (83%).
            try await Self.entries(app, year: 2023, count: 6, feedbackWithin3Months: 2)
            try await Self.entries(app, year: 2024, count: 2, feedbackWithin3Months: 2)
            try await Self.entries(app, year: 2025, count: 6, feedbackWithin3Months: 3)
            try await Self.entries(app, year: 2026, count: 6, feedbackWithin3Months: 5)
            let browser = try await Self.coordinator(app)
            try await browser.get("/werkruimte/leren/nieuw?aanbeveling=6.5.2")
            var form = Self.form
            form["startsDay"] = "1"
            form["startsMonth"] = "6"
            form["startsYear"] = "2024"
            let saved = try await browser.post("/werkruimte/leren", form)
            let location = try #require(saved.location)
            #expect(location.hasPrefix("/werkruimte/leren/"))
            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(page.body.contains("Terugkoppeling binnen drie maanden"))
            let baseline = TestBrowser.firstMatch(#"id="indicator-0-baseline">([^<]*)<"#, in: page.body)
            let latest = TestBrowser.firstMatch(#"id="indicator-0-latest">([^<]*)<"#, in: page.body)
            #expect(baseline == "2023: 33%", "baseline: the last year ended before the start (2024 is hidden)")
            #expect(latest == "2025: 50%", "latest: the last year that has ended; 2026 is still running")
            #expect(page.body.contains("beter dan bij de start"))
            #expect(page.body.contains("2024: verborgen"), "two entries: a share of fewer than k is hidden")
            #expect(page.body.contains("2026: 83% (tot nu toe)"))
            #expect(!page.body.contains("id=\"intervention-symbolic\""))
            let overview = try await browser.get("/werkruimte/leren")
            #expect(overview.body.contains("recommendation-6.5.2") && overview.body.contains("Terugkoppeling binnen drie maanden"))
            let progress = try await browser.get("/werkruimte/leren/voortgang")
            #expect(progress.body.contains("progress-6.5.2") && progress.body.contains("1 interventies, waarvan 0 symbolisch"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "learning.intervention-create").count() == 1)
        }
    }

    @Test("Without a measure it is saved and labelled symbolic; a broken binding shows as broken, never as 0; a manual figure needs its source",
          arguments: TestDatabase.all)
    func symbolicAndBroken(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = try await Self.coordinator(app)
            var form = Self.form
            form["figures[]"] = nil
            try await browser.get("/werkruimte/leren/nieuw")
            let symbolicPath = String(try #require(try await browser.post("/werkruimte/leren", form).location).split(separator: "?")[0])
            let symbolic = try await browser.get(symbolicPath)
            #expect(symbolic.body.contains("id=\"intervention-symbolic\""))
            // A measure added later ends "symbolic"; the same one twice, or one not in the catalogue, is refused.
            #expect(try await browser.post("\(symbolicPath)/indicator", ["figure": "registry.notAFigure", "version": "1"]).status == .unprocessableEntity)
            #expect(try await browser.post("\(symbolicPath)/indicator", ["figure": "registry.feedbackWithin3Months", "version": "1"]).status == .seeOther)
            let measured = try await browser.get(symbolicPath)
            #expect(!measured.body.contains("id=\"intervention-symbolic\"") && measured.body.contains("indicator-0-baseline"))
            #expect(try await browser.post("\(symbolicPath)/indicator", ["figure": "registry.feedbackWithin3Months", "version": "2"]).status == .unprocessableEntity)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "learning.indicator-add").count() == 1)

            // A manual figure without a source is refused, and what was typed stays in the form.
            form["manualName"] = "Deelnemers aan intervisie"
            try await browser.get("/werkruimte/leren/nieuw")
            let refused = try await browser.post("/werkruimte/leren", form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("naam en een bron") && refused.body.contains("Deelnemers aan intervisie"))

            // With its source it is a measure; a reading is added to it.
            form["manualSource"] = "Presentielijsten P&O"
            try await browser.get("/werkruimte/leren/nieuw")
            let manualPath = try #require(try await browser.post("/werkruimte/leren", form).location).split(separator: "?")[0]
            var manual = try await browser.get(String(manualPath))
            #expect(!manual.body.contains("id=\"intervention-symbolic\""))
            let added = try await browser.post("\(manualPath)/meting", ["indicator": "0", "on": "2026-06-30", "value": "12", "version": "1"])
            #expect(added.status == .seeOther)
            manual = try await browser.get(String(manualPath))
            #expect(manual.body.contains("2026-06-30: 12"))
            // The page read before that change is stale: its reading is refused, not lost silently.
            let stale = try await browser.post("\(manualPath)/meting", ["indicator": "0", "on": "2026-07-30", "value": "14", "version": "1"])
            #expect(stale.status == .unprocessableEntity)

            // A figure that no longer exists (a later version dropped it): broken, and the intervention symbolic.
            let record = try #require(try await InterventionRecord.query(on: app.db).filter(\.$title == Self.form["title"]!).first())
            record.indicators = #"[{"figure":"registry.notAnymore"}]"#
            record.title = "Gebroken"
            try await record.save(on: app.db)
            let broken = try await browser.get("/werkruimte/leren/\(try record.requireID())")
            #expect(broken.body.contains("indicator-0-broken") && broken.body.contains("Het is geen 0"))
            #expect(broken.body.contains("id=\"intervention-symbolic\""))
            #expect(!broken.body.contains("indicator-0-baseline"))
        }
    }

    @Test("Only the coordinator keeps the register; the Voorzitter and the works council read it; others get 403", arguments: [TestDatabase.sqlite])
    func access(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let advisor = TestBrowser(app)
            try await createStaff(app, username: "adviseur").with(personID: "vp-extern", app: app)
            try await signIn(advisor, username: "adviseur")
            #expect(try await advisor.get("/werkruimte/leren").status == .forbidden)
            let chair = TestBrowser(app)
            try await createStaff(app, username: "voorzitter").with(personID: "voorzitter-kamer", app: app)
            try await signIn(chair, username: "voorzitter")
            #expect(try await chair.get("/werkruimte/leren/voortgang").status == .ok)
            #expect(try await chair.get("/werkruimte/leren/nieuw").status == .forbidden)
            try await chair.get("/werkruimte/leren")
            #expect(try await chair.post("/werkruimte/leren", Self.form).status == .forbidden)
            #expect(try await InterventionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("A fractie's board offers onboarding by a link; the newcomer completes it without an account, once; the completion rate moves and hides small groups; HR of another employer neither offers nor sees it",
          arguments: TestDatabase.all)
    func onboarding(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Noordstar's secretary is the competent authority of its foundation, the staff's employer.
            let hr = TestBrowser(app)
            try await createStaff(app, username: "secretaris").with(personID: "secretaris-noordstar", app: app)
            try await signIn(hr, username: "secretaris")
            var links: [String] = []
            for name in ["Ada", "Bram", "Cem", "Dewi", "Eva"] {
                try await hr.get("/werkruimte/inwerken")
                let offered = try await hr.post("/werkruimte/inwerken", ["name": name, "group": "fractieStaff", "fractie": "noordstar"])
                let link = try #require(offered.body.firstMatch(of: /\/inwerken\/([A-Za-z0-9_-]+)/)?.0)
                links.append(String(link))
            }
            // HR of the civil service may not offer to a fractie's staff, and does not see their names.
            let civilHR = TestBrowser(app)
            try await createStaff(app, username: "hr").with(personID: "hr-1", app: app)
            try await signIn(civilHR, username: "hr")
            try await civilHR.get("/werkruimte/inwerken")
            #expect(try await civilHR.post("/werkruimte/inwerken", ["name": "Fenna", "group": "fractieStaff", "fractie": "noordstar"]).status
                    == .unprocessableEntity)
            let civilPage = try await civilHR.get("/werkruimte/inwerken")
            #expect(civilPage.status == .ok && !civilPage.body.contains("Ada") && !civilPage.body.contains("Fenna"))
            // The name is sealed at rest.
            let stored = try #require(try await OnboardingOfferRecord.query(on: app.db).first())
            #expect(!stored.nameSealed.contains("Ada") && !stored.nameSealed.contains("Eva"))

            let newcomer = TestBrowser(app)
            let path = try await newcomer.get(links[0])
            #expect(path.status == .ok)
            #expect(path.body.contains("id=\"section-noordstar\"") && path.body.contains("id=\"onboarding-advisors\""))
            #expect(path.headers.first(name: .cacheControl) == "no-store")
            // Several presses at once complete it once.
            let first = links[0]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 { group.addTask { _ = try await TestBrowser(app).post(first, [:]) } }
                try await group.waitForAll()
            }
            try await newcomer.get(links[0])
            _ = try await newcomer.post(links[0], [:])
            #expect(try await newcomer.get(links[0]).body.contains("onboarding-done"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "onboarding.complete").count() == 1)
            #expect(try await newcomer.get("/inwerken/verzonnen").status == .notFound)

            let rates = try await OnboardingOffers.rates(year: app.today.year, employers: ["stichting-noordstar"], db: app.db)
            #expect(rates[.fractieStaff] == CompletionRate(offered: 5, completed: 1))
            let page = try await hr.get("/werkruimte/inwerken")
            #expect(page.body.contains("20%"))
            // The indicator bound to the completion rate reads the same.
            let readings = try await LearningFigures.readings([[.figure("onboarding.completion.fractieStaff")]], app: app, db: app.db)
            #expect(readings == [[.series(points: [IndicatorPoint(period: "2026", starts: try #require(LocalDate(iso: "2026-01-01")),
                                                                         ends: try #require(LocalDate(iso: "2027-01-01")), value: 20)],
                                          higherIsBetter: true)]])
        }
    }

    @Test("The open figures page needs no login, hides small cells (and the cells that would give them away), and shows lessons only once approved by another",
          arguments: TestDatabase.all)
    func openFigures(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let day = try #require(LocalDate(iso: "2025-04-01"))
            for _ in 0..<7 {
                try await AnnualReportTests.insert(RegistryRecord(kind: .report, channel: .centralRoute, behaviourItems: ["a"], received: day,
                                                                  outcome: "informeel-opgelost"), app: app)
            }
            for _ in 0..<2 {
                try await AnnualReportTests.insert(RegistryRecord(kind: .complaint, channel: .complaintsCommittee, behaviourItems: ["g"], received: day,
                                                                  outcome: "gegrond"), app: app)
            }
            let visitor = TestBrowser(app)
            let page = try await visitor.get("/cijfers?jaar=2025")
            #expect(page.status == .ok)
            #expect(page.body.contains("Open cijfers over 2025"))
            let handling = try #require(page.body.firstRange(of: "figures-handling-table").map { String(page.body[$0.lowerBound...]) })
            let table = String(handling.prefix { $0 != "§" }.split(separator: "</table>", maxSplits: 1)[0])
            // Two upheld complaints: hidden, and so is the reports' cell of 7 that, with the published
            // row and column totals, would give them away; the grand total of 9 alone pins neither.
            #expect(!table.contains("<td>2</td>") && !table.contains("<td>7</td>"))
            #expect(table.contains("verborgen") && table.contains("<td>9</td>"))
            // The nature: the two about threats are hidden, and so are the seven about words, which with
            // the grand total of 9 would point at them.
            let nature = try #require(page.body.firstRange(of: "figures-nature-table").map { String(page.body[$0.lowerBound...]) })
            #expect(nature.contains("verborgen") && !nature.contains("<td>2</td>") && !nature.contains("<td>7</td>"))
            #expect(page.body.contains("figures-hidden-explained"))
            #expect(page.body.contains("nog niet goedgekeurd"))

            let coordinator = try await Self.coordinator(app)
            try await coordinator.get("/werkruimte/cijfers?jaar=2025")
            #expect(try await coordinator.post("/werkruimte/cijfers", ["year": "2025", "lessons": "Meer melders kregen op tijd antwoord."]).status == .seeOther)
            #expect(!(try await visitor.get("/cijfers?jaar=2025")).body.contains("Meer melders kregen op tijd antwoord."))
            // The coordinator cannot approve (only the Voorzitter may, and never their own text).
            #expect(try await coordinator.post("/werkruimte/cijfers/goedkeuren", ["year": "2025", "version": "1"]).status == .forbidden)
            let chair = TestBrowser(app)
            try await createStaff(app, username: "voorzitter").with(personID: "voorzitter-kamer", app: app)
            try await signIn(chair, username: "voorzitter")
            try await chair.get("/werkruimte/cijfers?jaar=2025")
            #expect(try await chair.post("/werkruimte/cijfers/goedkeuren", ["year": "2025", "version": "1"]).status == .seeOther)
            #expect(try await visitor.get("/cijfers?jaar=2025").body.contains("Meer melders kregen op tijd antwoord."))
            // A page read before any text existed (no version) does not overwrite what was written meanwhile.
            try await coordinator.get("/werkruimte/cijfers?jaar=2025")
            #expect(try await coordinator.post("/werkruimte/cijfers", ["year": "2025", "lessons": "Overschreven?"]).status == .unprocessableEntity)
            #expect(try await visitor.get("/cijfers?jaar=2025").body.contains("Meer melders kregen op tijd antwoord."))
            // This year has not ended: its lessons cannot be written yet.
            try await coordinator.get("/werkruimte/cijfers")
            #expect(try await coordinator.post("/werkruimte/cijfers", ["year": "2026", "lessons": "Te vroeg."]).status == .unprocessableEntity)
            #expect(try await visitor.get("/cijfers?jaar=2026").body.contains("Open cijfers over 2025"), "only completed years are shown")
            // Changed after approval: off the page until approved again.
            try await coordinator.get("/werkruimte/cijfers?jaar=2025")
            _ = try await coordinator.post("/werkruimte/cijfers", ["year": "2025", "lessons": "Herschreven.", "version": "1"])
            let after = try await visitor.get("/cijfers?jaar=2025")
            #expect(!after.body.contains("Herschreven.") && !after.body.contains("Meer melders kregen"))
        }
    }

    @Test("At New Year in Amsterdam (still 31 December in UTC) the year just ended is the open figures' default, and the new one is not offered",
          arguments: [TestDatabase.sqlite])
    func completedYearAtNewYear(database: TestDatabase) async throws {
        // 2026-12-31 23:30 UTC is 2027-01-01 00:30 in Amsterdam.
        let newYear = Date(timeIntervalSince1970: 1_798_759_800)
        try await withTestApp(database, adjust: { $0.clock = FixedClock(newYear) }) { app in
            #expect(app.today.iso == "2027-01-01")
            let page = try await TestBrowser(app).get("/cijfers?jaar=2027")
            #expect(page.body.contains("Open cijfers over 2026"))
            #expect(page.body.contains("<option value=\"2026\" selected>") && !page.body.contains("<option value=\"2027\""))
        }
    }
}
