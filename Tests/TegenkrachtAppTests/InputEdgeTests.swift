import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor

@Suite("Input at the edges (issue 16, low)")
struct InputEdgeTests {
    @Test("A path segment over 255 bytes is 404, not 500", arguments: TestDatabase.all, ["/" + String(repeating: "x", count: 300),
                                                                      "/css/" + String(repeating: "y", count: 256),
                                                                      "/werkruimte/meldingen/" + String(repeating: "z", count: 400)])
    func longSegment(database: TestDatabase, path: String) async throws {
        try await withTestApp(database, demo: false) { app in
            let browser = TestBrowser(app)
            let long = try await browser.get(path)
            #expect(long.status == .notFound)
            // Positive control: a normal unknown path is 404 too, and a known one is 200.
            let unknown = try await browser.get("/bestaat-niet")
            #expect(unknown.status == .notFound)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
        }
    }

    @Test("The CSV guard covers TAB and CR as well as = + - @", arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"])
    func csvGuard(text: String) {
        #expect(CSV.field(text).hasPrefix("\"'"))
        #expect(CSV.field("gewoon").hasPrefix("\"g"))
    }

    @Test("A staff account's e-mail address with a line break is refused by the command line", arguments: TestDatabase.all)
    func userEmail(database: TestDatabase) async throws {
        try await withTestApp(database, demo: false) { app in
            func run(_ email: String) async throws {
                var context = CommandContext(console: app.console, input: CommandInput(arguments: [
                    "tegenkracht", "user", "create", "--username", "mail", "--role", "beheerder", "--email", email]))
                context.application = app
                try await app.asyncCommands.group().run(using: &context)
            }
            await #expect(throws: CommandInputError.self) { try await run("a@b.nl\r\nBcc: c@d.nl") }
            #expect(try await StaffUser.query(on: app.db).count() == 0)
            // Positive control: a plain address makes the account.
            try await run("beheer@tweedekamer.nl")
            #expect(try await StaffUser.query(on: app.db).first()?.email == "beheer@tweedekamer.nl")
        }
    }
}
