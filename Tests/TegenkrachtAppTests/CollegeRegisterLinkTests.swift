import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 14, the link with the College: a College case cites a member's registers as they stood on a
/// day; the case shows what they held then and whether the House's instruction to register had been
/// followed; the College's annual report counts the citing cases and the instructions (COI.2021.0021).
@Suite("The College and the registers")
struct CollegeRegisterLinkTests {
    @Test("A College case cites the version of a day; the instruction shows as not followed then; the annual report counts it",
          arguments: TestDatabase.all)
    func cite(database: TestDatabase) async throws {
        let clock = FixedClock(TestClock.start)
        try await withTestApp(database, adjust: { $0.clock = clock }) { app in
            let dutch = app.localisation.localizer(.dutch)
            // The member's register: one side activity, published; an instruction to register a second.
            let first = try await SubmitRegisterEntry.run(
                RegisterSubmission(memberID: "kamerlid-1", kind: .sideActivity, description: "Lid raad van advies Stichting Aurora", paid: false),
                submitterID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            try await PublishRegisterVersion.run(versionID: first, keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            try await RecordRegistrationInstruction.run(memberID: "kamerlid-1", issuedOn: app.today, required: ["Directeur Holding Bever"],
                                                        keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            let citedDay = app.today.adding(days: 2)
            clock.advance(by: 5 * 86_400)

            try await submitReport(TestBrowser(app), [
                ("kind", "klacht"), ("mode", "met-naam"), ("recipient", "college-onderzoek-integriteit"), ("name", "Klaas Klager"),
                ("postalAddress", "Lange Poten 4, 2511 CL Den Haag"),
                ("whatHappened", "Het Kamerlid heeft een nevenfunctie niet geregistreerd."), ("when", "december 2026"),
                ("accused0Name", "Kamerlid X"), ("integrity", "on"),
            ])
            let lead = try await signedInFunctionary(app, "college", person: "coi-voorzitter")
            let report = try #require(try await Report.query(on: app.db).first())
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            var page = try await lead.get(path)
            #expect(page.body.contains("id=\"register-citation-form\"") && page.body.contains("<option value=\"kamerlid-1\">"))
            func cite(_ member: String, _ day: LocalDate) async throws -> TestBrowser.Page {
                page = try await lead.get(path)
                return try await lead.post("\(path)/register-citaat", ["version": try caseVersion(page.body), "member": member,
                                                                       "asOfDay": String(day.day), "asOfMonth": String(day.month),
                                                                       "asOfYear": String(day.year)])
            }
            // Bad input: not a member, a day still to come; nothing stored.
            let stranger = try await cite("vp-extern", citedDay)
            #expect(stranger.status == .unprocessableEntity && stranger.body.contains(dutch.text("register.error.member")))
            let future = try await cite("kamerlid-1", app.today.adding(days: 1))
            #expect(future.status == .unprocessableEntity && future.body.contains(dutch.text("register.error.futureDate")))
            #expect(try await RegisterCitation.query(on: app.db).count() == 0)

            #expect(try await cite("kamerlid-1", citedDay).status == .seeOther)
            let citation = try #require(try await RegisterCitation.query(on: app.db).first())
            #expect(citation.asOf == citedDay.iso && !String(decoding: citation.memberSealed, as: UTF8.self).contains("kamerlid-1"))
            page = try await lead.get(path)
            #expect(page.body.contains("id=\"register-citation-list\""))
            #expect(page.body.contains("/registers/lid/kamerlid-1?datum=\(citedDay.iso)"))
            #expect(page.body.contains(dutch.text("citation.entries", ["register": dutch.text("register.kind.nevenactiviteit"), "count": "1"])))
            #expect(page.body.contains(dutch.text("register.instruction.notFollowed", ["missing": "Directeur Holding Bever"])))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "case.register-cite").count() == 1)

            // The member registers it later: the instruction is followed since then; the citation still reads its own day.
            let second = try await SubmitRegisterEntry.run(
                RegisterSubmission(memberID: "kamerlid-1", kind: .sideActivity, description: "Directeur Holding Bever BV", paid: true),
                submitterID: "kamerlid-1", by: .system, app: app, db: app.db)
            try await PublishRegisterVersion.run(versionID: second, keeperID: "griffie-plenair-1", by: .system, app: app, db: app.db)
            page = try await lead.get(path)
            #expect(page.body.contains(dutch.text("register.instruction.notFollowed", ["missing": "Directeur Holding Bever"])))

            // The College's annual report (its own exact version) counts one citing case and one instruction, followed.
            // Below the minimum cell, the one citing case is hidden in the suppressed version.
            let suppressed = try await lead.get("/werkruimte/jaarverslagen/coi?jaar=\(app.today.year)")
            #expect(suppressed.body.range(of: "<tr id=\"registers-cases\"><th scope=\"row\">[^<]*</th><td class=\"number\">\(dutch.text("stats.hidden"))</td>",
                                          options: .regularExpression) != nil)
            let csv = try await lead.get("/werkruimte/jaarverslagen/coi/csv?jaar=\(app.today.year)&exact=1")
            #expect(csv.body.contains(dutch.text("citation.report.issued")))
            let annual = try await lead.get("/werkruimte/jaarverslagen/coi?jaar=\(app.today.year)&exact=1")
            #expect(annual.body.contains("id=\"report-registers\""))
            for (row, count) in [("cases", 1), ("issued", 1), ("followed", 1), ("not-followed", 0)] {
                #expect(annual.body.contains("<tr id=\"registers-\(row)\"><th scope=\"row\">") && annual.body.range(
                    of: "<tr id=\"registers-\(row)\"><th scope=\"row\">[^<]*</th><td class=\"number\">\(count)</td>", options: .regularExpression) != nil,
                        "\(row)")
            }
        }
    }

    @Test("Only a College case cites registers", arguments: TestDatabase.all)
    func onlyTheCollege(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await submitReport(TestBrowser(app), [
                ("kind", "melding"), ("mode", "vertrouwelijk"), ("recipient", "vp:vp-extern"), ("whatHappened", "Er gebeurde iets."),
                ("name", "Iris Bakker"), ("email", "iris@example.org"),
            ])
            let advisor = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let report = try #require(try await Report.query(on: app.db).first())
            let path = "/werkruimte/meldingen/\(try report.requireID())"
            let page = try await advisor.get(path)
            #expect(!page.body.contains("id=\"register-citation-form\""))
            let refused = try await advisor.post("\(path)/register-citaat", ["version": try caseVersion(page.body), "member": "kamerlid-1",
                                                                             "asOf": app.today.iso])
            #expect(refused.status == .unprocessableEntity
                    && refused.body.contains(app.localisation.localizer(.dutch).text("citation.error.notCollege")))
            #expect(try await RegisterCitation.query(on: app.db).count() == 0)
        }
    }
}
