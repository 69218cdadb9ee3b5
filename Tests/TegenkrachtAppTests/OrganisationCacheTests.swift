import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import LeafKit
import Testing
import Vapor

/// Issue 17: the version in force is kept in memory, so public pages do not read a 31 KB document on
/// every request; the database stays the truth for every instance.
@Suite("The organisation in memory")
struct OrganisationCacheTests {
    @Test("A version saved here is seen at once; one saved by another instance within the freshness interval; each save has its audit entry",
          arguments: TestDatabase.all)
    func freshness(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let clock = try #require(app.clock as? FixedClock)
            let here = app.organisationStore
            let first = try #require(try await here.inForce(on: app.today, db: app.db))
            // Another instance on the same database.
            let elsewhere = OrganisationStore(timeZone: app.tegenkracht.timeZone, clock: clock)
            var renamed = first.organisation
            renamed.name = "Elders opgeslagen"
            let second = try await elsewhere.save(renamed, by: .system, userID: nil, note: "test", on: app.db)
            #expect(second == first.number + 1)
            // Within the interval this instance still answers from memory…
            #expect(try await here.current(on: app.db)?.name == first.organisation.name)
            // …and after it, from the database.
            clock.advance(by: here.freshness + 1)
            #expect(try await here.current(on: app.db)?.name == "Elders opgeslagen")
            #expect(try await here.inForce(on: app.today, db: app.db)?.number == second)
            // Saved here: seen at once, without waiting.
            renamed.name = "Hier opgeslagen"
            let third = try await here.save(renamed, by: .system, userID: nil, note: "test", on: app.db)
            #expect(try await here.inForce(on: app.today, db: app.db)?.number == third)
            #expect(try await here.current(on: app.db)?.name == "Hier opgeslagen")
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.organisationVersionCreate.rawValue).all()
            #expect(Set(audited.map(\.subject)).isSuperset(of: ["organisation:\(second)", "organisation:\(third)"]))
        }
    }

    @Test("Templates are parsed once, also in the development environment `serve` runs in (Leaf's own renderer turns its cache off there)")
    func templatesParsedOnce() async throws {
        try await withTestApp(.sqlite, environment: .development) { app in
            #expect(try await TestBrowser(app).get("/").status == .ok)
            let renderer = try #require(app.view as? LeafRenderer)
            #expect(renderer.cache.isEnabled)
            let cache = try #require(renderer.cache as? DefaultLeafCache)
            #expect(cache.count > 0, "the home page's templates are in the cache")
        }
        // Positive control: asked for, they are read again on every request.
        let reload: (inout AppConfiguration) -> Void = { $0.reloadTemplates = true }
        try await withTestApp(.sqlite, environment: .development, adjust: reload) { app in
            let page = try await TestBrowser(app).get("/")
            #expect(page.status == .ok)
            let renderer = try #require(app.view as? LeafRenderer)
            #expect(!renderer.cache.isEnabled)
        }
    }
}
