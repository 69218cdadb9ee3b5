import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 17: public pages the same for everyone are rendered once, and each visitor still gets their
/// own CSRF token and a new submission key; a new organisation version shows at once; a signed-in
/// member of staff gets their own page.
@Suite("Shared public pages")
struct SharedPagesTests {
    static func token(_ body: String) -> String? {
        TestBrowser.firstMatch(#"name="_csrf" value="([^"]+)""#, in: body)
    }

    @Test("Two visitors: one rendering, each with their own token and submission key, never a placeholder", arguments: TestDatabase.all)
    func ownTokens(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let first = TestBrowser(app), second = TestBrowser(app)
            for path in ["/", "/melden", "/terugbellen", "/wegwijzer", "/organen"] {
                let a = try await first.get(path), b = try await second.get(path)
                #expect(a.status == .ok && b.status == .ok, "\(path)")
                #expect(!a.body.contains("TegenkrachtSharedPage") && !b.body.contains("TegenkrachtSharedPage"), "\(path)")
                if let tokenA = Self.token(a.body), let tokenB = Self.token(b.body) {
                    #expect(tokenA != tokenB, "\(path)")
                    #expect(a.body.replacingOccurrences(of: tokenA, with: "") .count > 0)
                }
            }
            let formA = try await first.get("/melden"), formB = try await second.get("/melden")
            let keyA = TestBrowser.firstMatch(#"name="submission" value="([^"]+)""#, in: formA.body)
            let keyB = TestBrowser.firstMatch(#"name="submission" value="([^"]+)""#, in: formB.body)
            #expect(keyA != nil && keyA != keyB)
            #expect(SubmissionKey(keyA) != nil)
            // A page not found is not kept, and carries no placeholder either.
            let missing = try await first.get("/organen/bestaat-niet")
            #expect(missing.status == .notFound && !missing.body.contains("TegenkrachtSharedPage"))
            // The token served works: a post with it is accepted.
            let page = try await first.get("/terugbellen")
            #expect(Self.token(page.body) != nil)
            #expect(try await first.post("/terugbellen", ["person": "niemand", "phone": "06 12345678"]).status == .unprocessableEntity,
                    "refused for the person, not for the token")
        }
    }

    @Test("A new organisation version shows at once; a signed-in member of staff is not served the shared page", arguments: TestDatabase.all)
    func freshAndPersonal(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let visitor = TestBrowser(app)
            let before = try await visitor.get("/")
            #expect(before.body.contains("Drs. Marloes Kerkhoven"))
            var organisation = try #require(try await app.organisationStore.current(on: app.db))
            let index = try #require(organisation.people.firstIndex { $0.id == "vp-extern" })
            organisation.people[index].name = "Drs. M. Kerkhoven-Nieuw"
            try await app.organisationStore.save(organisation, by: .system, userID: nil, note: "test", on: app.db)
            let after = try await visitor.get("/")
            #expect(after.body.contains("Drs. M. Kerkhoven-Nieuw") && !after.body.contains("Drs. Marloes Kerkhoven"))
            let staff = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let own = try await staff.get("/")
            #expect(own.status == .ok)
            #expect(own.body.contains("Uitloggen") || own.body.contains("uitloggen"))
            #expect(!(try await TestBrowser(app).get("/")).body.contains("Uitloggen"))
        }
    }

    @Test("The route API's kept answers: one per question and language, a refused question keeps its own error, a new organisation version answers anew",
          arguments: TestDatabase.all)
    func keptAnswers(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let visitor = TestBrowser(app)
            let question = "/api/v1/routes?reporter=ambtenaar&accused=ambtenaar&behaviour=ongewenst"
            let first = try await visitor.get(question), again = try await TestBrowser(app).get(question)
            #expect(first.status == .ok && again.status == .ok)
            #expect(first.body == again.body)
            #expect(first.body.contains("Drs. Marloes Kerkhoven"))
            // Another question, another answer.
            let other = try await visitor.get("/api/v1/routes?reporter=ambtenaar&accused=kamerlid&behaviour=ongewenst")
            #expect(other.status == .ok && other.body != first.body)
            // A refused question: 400 each time, in the language asked.
            let bad = "/api/v1/routes?reporter=niemand&accused=ambtenaar&behaviour=ongewenst"
            let dutch = try await visitor.get(bad + "&lang=nl"), english = try await visitor.get(bad + "&lang=en")
            let dutchAgain = try await TestBrowser(app).get(bad + "&lang=nl")
            #expect(dutch.status == .badRequest && english.status == .badRequest && dutchAgain.status == .badRequest)
            #expect(dutch.body == dutchAgain.body && dutch.body != english.body)
            // A new organisation version: the next answer is made with it.
            var organisation = try #require(try await app.organisationStore.current(on: app.db))
            let index = try #require(organisation.people.firstIndex { $0.id == "vp-extern" })
            organisation.people[index].name = "Drs. M. Kerkhoven-Nieuw"
            try await app.organisationStore.save(organisation, by: .system, userID: nil, note: "test", on: app.db)
            let after = try await visitor.get(question)
            #expect(after.body.contains("Drs. M. Kerkhoven-Nieuw") && !after.body.contains("Drs. Marloes Kerkhoven"))
        }
    }
}
