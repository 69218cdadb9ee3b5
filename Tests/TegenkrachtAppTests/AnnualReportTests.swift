import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// The annual reports rebuilt from fixture data through the registry (insert, SQL aggregation, the
/// report templates): the College's two tables (000c §4.1) and the confidential advisors' meldingen
/// per year (003a §5.6).
@Suite("Annual reports from the registry")
struct AnnualReportTests {
    /// Table 1 and Table 2 of the COI Jaarverslag 2021-2022 [L5660-5712]: (category, count) and (handling, count).
    static let categories: [(String, Int)] = [
        ("schending-registratieverplichting", 4), ("regels-kamer-grondwet", 4), ("regels-kamer-huisregels", 4),
        ("uiting-tijdens-vergadering", 49), ("uiting-buiten-vergadering", 2), ("uiting-buiten-vergadering-twitter", 27),
        ("gedrag-tijdens-vergadering", 3), ("gedrag-buiten-vergadering", 3), ("wijze-van-voorzitten", 9),
        ("onvrede-politiek", 2), ("onduidelijk", 1),
    ]
    static let handlings: [(String, Int)] = [
        ("voldoet-niet-aan-formele-vereisten", 7), ("kennelijk-ongegrond", 4), ("betreft-niet-kamerlid", 3),
        ("betreft-orde-van-vergadering", 11), ("betreft-politieke-uiting", 79), ("reeds-ingediend-en-behandeld", 2),
        ("onderzocht-rapportage", 1), ("onderzoek-loopt", 1),
    ]

    static func insert(_ record: RegistryRecord, app: Application) async throws {
        try await RegistryService.insert(record, source: nil, caseID: nil, subjects: [], registeredBy: nil, app: app, db: app.db)
    }

    static func lines(_ filled: FilledTable) -> [String] {
        filled.lines.map { "\(String(repeating: "  ", count: $0.depth))\($0.id) \($0.count.value.map(String.init) ?? "–")" }
    }

    @Test("The College's Table 1 and Table 2 rebuild exactly", arguments: TestDatabase.all)
    func coiTables(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let day = try #require(LocalDate(iso: "2021-10-01"))
            let handlings = Self.handlings.flatMap { Array(repeating: $0.0, count: $0.1) }
            let categories = Self.categories.flatMap { Array(repeating: $0.0, count: $0.1) }
            #expect(handlings.count == 108 && categories.count == 108)
            for (category, handling) in zip(categories, handlings) {
                try await Self.insert(RegistryRecord(kind: .complaint, channel: .integrityBoard, received: day,
                                                     category: category, handling: handling), app: app)
            }
            let template = try #require(app.reportBook.template("coi"))
            let tables = try await AnnualReports.filled(template, year: 2021, k: 1, db: app.db)
            #expect(Self.lines(tables[0].1) == [
                "in-gedragscode 12", "  bevordering-privebelangen 0", "  ongewenste-giften 0", "  schending-registratieverplichting 4",
                "  misbruik-vertrouwelijke-informatie 0", "  overtreding-regels-kamer 8", "    grondwet-wetten-rvo 4",
                "    huisregels-coronaregels 4", "niet-in-gedragscode 96", "  uiting-tijdens-vergadering 49",
                "  uiting-buiten-vergadering 29", "    twitter 27", "  gedrag-tijdens-vergadering 3", "  gedrag-buiten-vergadering 3",
                "  wijze-van-voorzitten 9", "  onvrede-politiek 2", "  onduidelijk 1",
            ])
            #expect(tables[0].1.total == .value(108))
            #expect(Self.lines(tables[1].1) == [
                "niet-in-behandeling 106", "  voldoet-niet-aan-formele-vereisten 7", "  kennelijk-ongegrond 4", "  betreft-niet-kamerlid 3",
                "  betreft-mogelijk-strafbaar-feit 0", "  betreft-orde-van-vergadering 11", "  betreft-gedraging-voor-1-april-2021 0",
                "  betreft-politieke-uiting 79", "  reeds-ingediend-en-behandeld 2", "wel-in-behandeling 2",
                "  onderzocht-geen-rapportage 0", "  onderzocht-rapportage 1", "  onderzoek-loopt 1",
            ])
            #expect(tables[1].1.total == .value(108))

            // With the default k = 5, the small rows are hidden, and never derivable within their group.
            let suppressed = try await AnnualReports.filled(template, year: 2021, k: 5, db: app.db)
            let wel = try #require(suppressed[1].1.lines.first { $0.id == "wel-in-behandeling" })
            #expect(wel.count == .suppressed)
            #expect(suppressed[1].1.lines.filter { ["onderzocht-rapportage", "onderzoek-loopt"].contains($0.id) }.allSatisfy { $0.count == .suppressed })
            let notTaken = suppressed[1].1.lines.filter { $0.depth == 1 }.prefix(8)
            #expect(notTaken.filter { $0.count == .suppressed }.count != 1)
        }
    }

    @Test("Art. 14: the committee's report for the bevoegd gezag and the works council is exact in a year of three complaints, in the regulation's own categories, with inadmissible and the kind of advice",
          arguments: TestDatabase.all)
    func committeeReport(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let day = try #require(LocalDate(iso: "2026-03-02"))
            // Three complaints: sexual harassment advised on (corrective), bullying inadmissible, threats still running.
            try await Self.insert(RegistryRecord(kind: .complaint, channel: .complaintsCommittee, behaviourItems: ["l"], received: day,
                                                 outcome: "gegrond", handling: "corrigerend"), app: app)
            try await Self.insert(RegistryRecord(kind: .complaint, channel: .complaintsCommittee, behaviourItems: ["c", "a"], received: day,
                                                 outcome: "niet-ontvankelijk"), app: app)
            try await Self.insert(RegistryRecord(kind: .complaint, channel: .complaintsCommittee, behaviourItems: ["g", "m"], received: day), app: app)
            for (username, person) in [("bevoegd", "griffier"), ("or", "or-secretaris")] {
                let reader = try await signedInFunctionary(app, username, person: person)
                let page = try await reader.get("/werkruimte/jaarverslagen/klachtencommissie?jaar=2026")
                #expect(page.status == .ok, "\(person)")
                #expect(page.body.contains("addressee-notice"), "\(person)")
                // No cell is hidden: the counts are the regulation's, for its addressees.
                #expect(!page.body.contains("minder dan"), "\(person)")
                for (label, count) in [("Seksuele intimidatie", 1), ("Agressie en geweld", 1), ("Pesten", 1), ("Direct of indirect onderscheid", 1),
                                       ("Niet-ontvankelijk", 1), ("Gegrond", 1), ("Nog in behandeling", 1), ("Corrigerend", 1)] {
                    #expect(page.body.contains("<th scope=\"row\">\(label)</th><td class=\"number\">\(count)</td>"), "\(person): \(label)")
                }
                #expect(!page.body.contains("Discriminatie"))
            }
            // The same three complaints on the dashboard: small counts stay hidden there.
            let coordinator = try await signedInFunctionary(app, "coordinator", person: "integriteitscoordinator")
            #expect(try await coordinator.get("/werkruimte/jaarverslagen/klachtencommissie?jaar=2026").status == .notFound)
        }
    }

    @Test("A cell of 9 hidden to protect a 4 says 'verborgen', in the annual report and on the dashboard (issue 15)", arguments: TestDatabase.all)
    func hiddenNine(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let day = app.today
            for i in 0..<13 {
                try await Self.insert(RegistryRecord(kind: .report, channel: .confidentialAdvisorInternal,
                                                     reporterGroup: i < 9 ? "ambtenaar" : "fractiemedewerker", received: day), app: app)
            }
            let coordinator = try await signedInFunctionary(app, "smeulders", person: "integriteitscoordinator")
            let report = try await coordinator.get("/werkruimte/jaarverslagen/vertrouwenspersonen?jaar=\(day.year)")
            let groups = try #require(report.body.components(separatedBy: "Ambtenaar</th>").dropFirst().first?.prefix(60))
            #expect(groups.contains(">verborgen<"), "\(groups)")
            #expect(!report.body.contains("minder dan") && !report.body.contains(">9<"))
            let dashboard = try await coordinator.get("/werkruimte/statistieken?jaar=\(day.year)&rij=reporterGroup&kolom=channel")
            let table = try #require(dashboard.body.components(separatedBy: "id=\"breakdown-table\"").last?.components(separatedBy: "</table>").first)
            #expect(table.contains(">verborgen<") && !table.contains(">9<") && !table.contains(">4<") && !table.contains("&lt;5"))
        }
    }

    @Test("The confidential advisors' meldingen per year (2011-2021), the external share and the groups", arguments: TestDatabase.all)
    func meldingenPerYear(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // 003a §5.6: mostly 21-26 a year, 2018: 10, 2020: 13, 2021: 26 (about 35% to the external advisor,
            // 80-90% from civil servants).
            let perYear = [2011: 21, 2012: 23, 2013: 22, 2014: 24, 2015: 26, 2016: 25, 2017: 22, 2018: 10, 2019: 21, 2020: 13, 2021: 26]
            for (year, count) in perYear {
                for i in 0..<count {
                    let external = year == 2021 && i < 9
                    try await Self.insert(RegistryRecord(kind: .report, channel: external ? .confidentialAdvisorExternal : .confidentialAdvisorInternal,
                                                         reporterGroup: i < count * 85 / 100 ? "ambtenaar" : "fractiemedewerker",
                                                         received: try #require(LocalDate(iso: "\(year)-06-15"))), app: app)
                }
            }
            let template = try #require(app.reportBook.template("vertrouwenspersonen"))
            let tables = try await AnnualReports.filled(template, year: 2021, k: 5, db: app.db)
            let years = try #require(tables.first { $0.0.id == "per-jaar" }?.1)
            #expect(years.lines.map(\.id) == (2011...2021).map(String.init))
            #expect(years.lines.map { $0.count.value ?? -1 } == (2011...2021).map { perYear[$0]! })
            let kinds = try #require(tables.first { $0.0.id == "soort-vertrouwenspersoon" }?.1)
            #expect(kinds.lines.map(\.count) == [.value(17), .value(9), .value(0)])
            // "~35% to the external advisor": from the table, not from the fixture's own numbers.
            let external = Double(kinds.lines[1].count.value ?? 0) / Double(kinds.total?.value ?? 1)
            #expect(external > 0.34 && external < 0.36)
            // 4 from party-group staff is under k: hidden, and so is the 22 (else 26 - 22 gives it away).
            let groups = try #require(tables.first { $0.0.id == "melder" }?.1)
            #expect(groups.lines.first { $0.id == "fractiemedewerker" }?.count == .suppressed)
            #expect(groups.lines.first { $0.id == "ambtenaar" }?.count == .suppressed)
            #expect(groups.total == .value(26))
            let exact = try await AnnualReports.filled(template, year: 2021, k: 1, db: app.db)
            let share = Double(exact.first { $0.0.id == "melder" }!.1.lines.first { $0.id == "ambtenaar" }!.count.value!) / 26
            #expect(share >= 0.8 && share <= 0.9)
        }
    }

    @Test("A breakdown below k answers with the suppressed result and an explanation, never the number", arguments: TestDatabase.all)
    func suppressedBreakdown(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let year = app.today.year
            let day = app.today
            // 12 from civil servants to the internal advisors, 3 from party-group staff to a manager.
            for _ in 0..<12 { try await Self.insert(RegistryRecord(kind: .report, channel: .confidentialAdvisorInternal, reporterGroup: "ambtenaar", received: day), app: app) }
            for _ in 0..<3 { try await Self.insert(RegistryRecord(kind: .signal, channel: .lineManager, reporterGroup: "fractiemedewerker", received: day), app: app) }
            let coordinator = try await signedInFunctionary(app, "smeulders", person: "integriteitscoordinator")
            let page = try await coordinator.get("/werkruimte/statistieken?jaar=\(year)&rij=channel&kolom=reporterGroup")
            #expect(page.status == .ok)
            #expect(page.body.contains("Deze uitsplitsing komt in een of meer cellen onder 5"))
            let table = try #require(page.body.components(separatedBy: "id=\"breakdown-table\"").last?.components(separatedBy: "</table>").first)
            // The 12 is hidden to protect the 3: it says "verborgen", never "less than 5" (issue 15).
            #expect(table.contains(">verborgen<"))
            #expect(!table.contains("&lt;5") && !table.contains("minder dan"))
            #expect(!table.contains(">3<"), "a count under k must not appear")
            #expect(table.contains(">15<"), "the grand total is large enough to show")
            // The three can also not be worked out: the other cells in its row and column are hidden too.
            #expect(!table.contains(">12<"))
            let csv = try await coordinator.get("/werkruimte/jaarverslagen/sociaal-jaarverslag/csv?jaar=\(year)")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.contains("\"Leidinggevenden, HR, fractiebesturen en griffier\";0;verborgen"))
            #expect(!csv.body.contains("<5"))
            // Only the College may see exact tables, and an advisor cannot read the College's report at all.
            let coi = try await coordinator.get("/werkruimte/jaarverslagen/coi?jaar=\(year)&exact=1")
            // Positive control: the coordinator does get the College's report itself.
            #expect(coi.status == .ok)
            #expect(coi.body.contains("Exacte aantallen") == false)
            let advisor = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            #expect(try await advisor.get("/werkruimte/jaarverslagen/coi?jaar=\(year)").status == .notFound)
        }
    }
}
