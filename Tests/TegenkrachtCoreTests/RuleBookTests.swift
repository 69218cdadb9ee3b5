import Foundation
@testable import TegenkrachtCore
import Testing

/// One loader and one in-force rule for every versioned rule book (issue 12).
@Suite struct RuleBookTests {
    struct Version: VersionedRules, Decodable, Equatable {
        let name: String
        let validFrom: LocalDate
    }

    func date(_ iso: String) throws -> LocalDate { try #require(LocalDate(iso: iso)) }

    @Test func theNewestVersionWhoseDateHasComeIsInForce() throws {
        let versions = RuleBook.byDate([
            Version(name: "2024", validFrom: try date("2024-07-01")),
            Version(name: "2021", validFrom: try date("2021-01-01")),
            Version(name: "2026", validFrom: try date("2026-02-28")),
        ])
        #expect(versions.map(\.name) == ["2021", "2024", "2026"])
        #expect(RuleBook.inForce(versions, on: try date("2024-06-30"))?.name == "2021")
        #expect(RuleBook.inForce(versions, on: try date("2024-07-01"))?.name == "2024")   // the day itself
        #expect(RuleBook.inForce(versions, on: try date("2026-02-27"))?.name == "2024")
        #expect(RuleBook.inForce(versions, on: try date("2026-02-28"))?.name == "2026")
        // Before the first version: the first, not none.
        #expect(RuleBook.inForce(versions, on: try date("2019-12-31"))?.name == "2021")
        #expect(RuleBook.inForce([Version](), on: try date("2024-01-01")) == nil)
    }

    @Test func theShippedBooksUseTheSameRule() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cases = try CaseRuleBook.load(directory: root.appendingPathComponent("Resources/Cases").path)
        let day = try date("2026-12-09")
        #expect(cases.rules(on: day)?.validFrom == RuleBook.inForce(cases.versions, on: day)?.validFrom)
        let procedures = try ProcedureBook.load(directory: root.appendingPathComponent("Resources/Procedures").path)
        for id in procedures.procedureIDs {
            let versions = procedures.definitions.filter { $0.id == id }
            #expect(procedures.definition(id, on: day) == RuleBook.inForce(versions, on: day))
        }
    }

    @Test func aBrokenFileIsNamedWithItsKind() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rulebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{\"validFrom\": \"2026-01-01\", ".utf8).write(to: folder.appendingPathComponent("kapot.json"))
        do {
            _ = try CaseRuleBook.load(directory: folder.path)
            Issue.record("a broken file was accepted")
        } catch let error as RuleDataError {
            #expect(error.kind == .caseRules)
            #expect(error.description.hasPrefix("case rules "))
            #expect(error.file.hasSuffix("kapot.json"))
        }
        do {
            _ = try ReportBook.load(directory: folder.path)
            Issue.record("a broken file was accepted")
        } catch let error as RuleDataError {
            #expect(error.kind == .reportTemplates)
        }
        // A missing folder is named too; an empty one gives no route rules at all.
        #expect(throws: RuleDataError.self) { try ProcedureBook.load(directory: folder.appendingPathComponent("nergens").path) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("kapot.json"))
        #expect(throws: RuleDataError.self) { try RouteRuleBook.load(directory: folder.path) }
        // Positive control: the same folder with nothing in it is a valid, empty case rule book.
        #expect(try CaseRuleBook.load(directory: folder.path).versions.isEmpty)
    }
}
