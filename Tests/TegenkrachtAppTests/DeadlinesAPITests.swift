import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor

@Suite("Deadlines API")
struct DeadlinesAPITests {
    @Test("The API computes the deadlines of a procedure from its events", arguments: TestDatabase.all)
    func deadlines(database: TestDatabase) async throws {
        try await withTestApp(database, demo: false) { app in
            let browser = TestBrowser(app)
            let page = try await browser.get("/api/v1/deadlines/klachtenregeling-oo?compleet=2026-03-09&advies=2026-04-16&verdaagd=2026-06-11&ontvankelijk=2026-03-20")
            #expect(page.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
            let deadlines = try #require(body["deadlines"] as? [[String: String]])
            let due = Dictionary(uniqueKeysWithValues: deadlines.map { ($0["id"]!, $0["due"]!) })
            #expect(due == ["ontvankelijkheid": "2026-03-23", "advies": "2026-05-15", "beslissing": "2026-06-11"])
            #expect(deadlines.first { $0["id"] == "beslissing" }?["basis"] == "art. 13 lid 1 en 3")
        }
    }

    @Test("Unknown procedure, unknown event, impossible date, events out of order: 400 naming the problem", arguments: TestDatabase.all, [
        ("/api/v1/deadlines/klachtenregeling?ingediend=2026-01-01", "unknown procedure 'klachtenregeling'"),
        ("/api/v1/deadlines/wbk?ontvangen=2026-01-01&gezien=2026-01-02", "unknown event 'gezien'"),
        ("/api/v1/deadlines/wbk?ontvangen=2026-02-30", "'2026-02-30' is not an existing date"),
        // Issue 16: a deadline past the year 9999 reached a force-unwrap and killed the process.
        ("/api/v1/deadlines/wbk?ontvangen=9999-12-31", "'9999-12-31' is not an existing date from 1900 to 2999"),
        ("/api/v1/deadlines/gedragscode-coi?ontvangen=2999-12-31&\(String(repeating: "x", count: 300))=2026-01-01", "unknown event"),
        ("/api/v1/deadlines/klachtenregeling-oo?ontvankelijk=2026-03-01&advies=2026-02-01", "events out of order: 'advies'"),
        // Art. 13 lid 3: at most four weeks; art. 12 lid 3: only later than the statutory end.
        ("/api/v1/deadlines/klachtenregeling-oo?advies=2026-04-16&verdaagd=2026-06-12", "beyond its maximum; the latest allowed is 2026-06-11"),
        ("/api/v1/deadlines/klachtenregeling-oo?ontvankelijk=2026-03-02&nieuwe-adviestermijn=2026-04-20", "must be a last day after the term's own end (2026-04-28)"),
        ("/api/v1/deadlines/klachtenregeling-oo?ontvankelijk=2026-03-02&advies-niet-ontvankelijk=2026-03-05", "cannot both happen"),
    ])
    func badInput(database: TestDatabase, example: (path: String, message: String)) async throws {
        let (path, message) = example
        try await withTestApp(database, demo: false) { app in
            let page = try await TestBrowser(app).get(path)
            #expect(page.status == .badRequest)
            #expect(page.body.contains(message))
        }
    }
}
