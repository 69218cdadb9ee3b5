import Foundation
import Testing
@testable import TegenkrachtCore

/// Issue 18, 6.4.1: the House-wide code of conduct as versioned data, and the norms a behaviour breaks.
@Suite struct CodeOfConductTests {
    static var file: String { CorePaths.root + "/Resources/Learning/code-of-conduct.json" }

    @Test("The draft loads: norms with Dutch and English text, each covering typology items that exist, and agreements for the dilemmas")
    func loads() throws {
        let book = try CodeOfConductBook.load(file: Self.file)
        #expect(CodeOfConductBook.problems(book).isEmpty)
        let version = try #require(book.versions.first)
        #expect(version.status == .draft, "the House adopts a code; Tegenkracht ships a draft")
        #expect(version.title.nl.contains("concept") && version.source.hasPrefix("CONCEPT"))
        let known = Set(BehaviourItem.all.map(\.code))
        for norm in version.norms {
            #expect(!norm.text.nl.isEmpty && !norm.text.en.isEmpty && !norm.lines.isEmpty, "\(norm.id)")
            #expect(Set(norm.items).isSubset(of: known), "\(norm.id): \(norm.items)")
        }
        // Every one of the 20 behaviours is covered by at least one norm.
        #expect(Set(version.norms.flatMap(\.items)) == known)
        // The dilemmas the report names (L2585): addressing someone, being addressed, receiving criticism.
        let agreements = Set(version.agreements.map(\.id))
        #expect(agreements.isSuperset(of: ["aanspreken", "aangesproken", "kritiek"]))
        #expect(version.commentTopics.first == "algemeen" && version.commentTopics.contains("kritiek"))
    }

    @Test("norms(for:) gives the norms covering the chosen items, in the code's order, and nothing for none or unknown codes")
    func normsForItems() throws {
        let book = try CodeOfConductBook.load(file: Self.file)
        let version = try #require(book.versions.first)
        #expect(version.norms(for: ["i"]).map(\.id) == ["toon"])
        #expect(version.norms(for: ["k", "a"]).map(\.id) == ["gelijkwaardig", "toon", "seksueel"])
        #expect(version.norms(for: ["e"]).map(\.id) == ["grenzen", "integer"])
        #expect(version.norms(for: ["o"]).map(\.id) == ["onderscheid"])
        #expect(version.norms(for: []).isEmpty)
        #expect(version.norms(for: ["zz", "<script>"]).isEmpty)
    }

    @Test("The code shown: the draft until a version is adopted, then the adopted one; an adoption by file or by record")
    func shown() throws {
        let norm = CodeOfConductBook.Norm(id: "toon", text: .init(nl: "x", en: "x"), items: ["i"], lines: "L1")
        func version(_ id: String, _ from: String, _ status: CodeOfConductBook.Status) throws -> CodeOfConductBook.Version {
            CodeOfConductBook.Version(id: id, validFrom: try #require(LocalDate(iso: from)), status: status, source: "s",
                                      title: .init(nl: id, en: id), intro: .init(nl: "", en: ""), norms: [norm], agreements: [])
        }
        let book = CodeOfConductBook(versions: [try version("v2", "2026-06-01", .draft), try version("v1", "2026-01-01", .draft)])
        let day = try #require(LocalDate(iso: "2026-07-01"))
        #expect(book.shown(on: day, adoptedIDs: [])?.version.id == "v2")
        #expect(book.shown(on: day, adoptedIDs: [])?.adopted == false)
        #expect(book.shown(on: day, adoptedIDs: ["v1"])?.version.id == "v1")
        #expect(book.shown(on: day, adoptedIDs: ["v1"])?.adopted == true)
        #expect(book.norms(for: ["i"], on: day, adoptedIDs: ["v1"]).adopted)
        // Before the first version's date: the first version, as a draft.
        #expect(book.shown(on: try #require(LocalDate(iso: "2025-01-01")), adoptedIDs: [])?.version.id == "v1")
        let adoptedInFile = CodeOfConductBook(versions: [try version("v1", "2026-01-01", .adopted), try version("v2", "2026-06-01", .draft)])
        #expect(adoptedInFile.shown(on: day, adoptedIDs: [])?.version.id == "v1")
        // A norm covering an item the typology does not have is refused.
        var bad = try version("v3", "2026-01-01", .draft)
        bad.norms[0].items = ["u"]
        #expect(!CodeOfConductBook.problems(CodeOfConductBook(versions: [bad])).isEmpty)
    }
}
