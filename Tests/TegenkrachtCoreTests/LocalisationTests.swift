import Foundation
import TegenkrachtCore
import Testing

@Suite("Localisation")
struct LocalisationTests {
    let catalog: LocalisationCatalog

    init() throws {
        catalog = try LocalisationCatalog.load(directory: CorePaths.localisation)
    }

    @Test("Figures on a page use the language's decimal sign; days and moments are written in words (issue 15)")
    func numbersAndDates() throws {
        let dutch = catalog.localizer(.dutch), english = catalog.localizer(.english)
        #expect(dutch.decimal(3.456, places: 2) == "3,46")
        #expect(english.decimal(3.456, places: 2) == "3.46")
        #expect(dutch.decimal(12.5, places: 1) + "%" == "12,5%")
        let day = try #require(LocalDate(year: 2026, month: 12, day: 9))
        #expect(dutch.longDate(day) == "9 december 2026")
        #expect(english.longDate(day) == "9 December 2026")
        #expect(dutch.longDate(iso: "2026-12-09") == "9 december 2026")
        #expect(dutch.longDate(iso: "geen datum") == "geen datum")
        // 23:30 UTC is already the next day in Amsterdam.
        let moment = Date(timeIntervalSince1970: 1_796_859_000) // 2026-12-09T23:30:00Z
        #expect(dutch.dateTime(moment, in: try #require(TimeZone(identifier: "Europe/Amsterdam"))) == "10 december 2026, 00:30")
    }

    @Test("Dutch and English have exactly the same keys")
    func sameKeys() {
        let dutch = catalog.localizer(.dutch).keys
        let english = catalog.localizer(.english).keys
        #expect(dutch.subtracting(english).sorted() == [])
        #expect(english.subtracting(dutch).sorted() == [])
    }

    @Test("Every key used in the templates and the code exists")
    func everyKeyExists() throws {
        let keys = catalog.localizer(.dutch).keys
        var used: Set<String> = []
        let patterns = [#"#t\("([a-zA-Z0-9.\-]+)""#, #"text\("([a-zA-Z0-9.\-]+)""#, #"titleKey: "([a-zA-Z0-9.\-]+)""#,
                        #""(config\.problem\.[a-zA-Z]+)""#, #"key = "([a-z]+\.[a-zA-Z.]+)""#, #""(login\.[a-zA-Z]+)""#]
        for folder in ["Resources/Views", "Sources"] {
            let base = CorePaths.root + "/" + folder
            let files = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".leaf") || file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: base + "/" + file, encoding: .utf8)
                for pattern in patterns {
                    let regex = try NSRegularExpression(pattern: pattern)
                    for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                        used.insert(String(text[Range(match.range(at: 1), in: text)!]))
                    }
                }
            }
        }
        #expect(used.count > 50)
        #expect(used.subtracting(keys).sorted() == [])
    }

    @Test("No template puts a colon right after a tag: Leaf would read it as the start of a block")
    func noColonAfterTags() throws {
        let base = CorePaths.root + "/Resources/Views"
        let regex = try NSRegularExpression(pattern: #"#(t)?\([^()]*\):"#)
        for file in try FileManager.default.contentsOfDirectory(atPath: base) where file.hasSuffix(".leaf") {
            let text = try String(contentsOfFile: base + "/" + file, encoding: .utf8)
            let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(matches.isEmpty, "\(file): \(matches.map { String(text[Range($0.range, in: text)!]) })")
        }
    }

    @Test("Every role, affiliation and unit kind has a name in both languages")
    func dataLabels() {
        for language in Language.allCases {
            let localizer = catalog.localizer(language)
            for role in FunctionaryRole.allCases { #expect(localizer.has("role.\(role.rawValue)")) }
            for affiliation in Affiliation.allCases { #expect(localizer.has("affiliation.\(affiliation.rawValue)")) }
            for kind in OrganisationUnit.Kind.allCases { #expect(localizer.has("unitkind.\(kind.rawValue)")) }
        }
    }

    @Test("Placeholders are filled in, and a missing key shows itself")
    func placeholders() {
        let dutch = catalog.localizer(.dutch)
        #expect(dutch.text("workspace.heading", ["name": "Karin"]) == "Welkom, Karin")
        #expect(dutch.text("geen.sleutel") == "geen.sleutel")
    }
}
