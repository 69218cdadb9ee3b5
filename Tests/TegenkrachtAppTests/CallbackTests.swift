import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Asking to be called back without writing down what happened (issue 15).
@Suite("Call-back requests")
struct CallbackTests {
    @Test("Asked on the public page, seen only by the person chosen, sealed at rest, erased once called; done twice counts once",
          arguments: TestDatabase.all)
    func callback(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Only people with a staff account are offered: nobody else would see the request.
            let visitor = TestBrowser(app)
            #expect(!(try await visitor.get("/terugbellen").body.contains("id=\"person-vp-extern\"")))
            let advisor = try await signedInFunctionary(app, "kerkhoven", person: "vp-extern")
            let other = try await signedInFunctionary(app, "oudemolen", person: "vp-ambtelijk-1")
            let page = try await visitor.get("/terugbellen?voor=vp-extern")
            #expect(page.body.contains("id=\"person-vp-extern\" value=\"vp-extern\" checked"))
            // A wrong number is refused with what was typed kept; nothing is stored.
            let refused = try await visitor.post("/terugbellen", ["person": "vp-extern", "phone": "bel me", "name": "Sam"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("value=\"Sam\""))
            #expect(try await CallbackRequest.query(on: app.db).count() == 0)
            // Somebody who is not among the people to ask is refused too.
            #expect(try await visitor.post("/terugbellen", ["person": "griffier", "phone": "06 12345678"]).status == .unprocessableEntity)

            let sent = try await visitor.post("/terugbellen", ["person": "vp-extern", "phone": "06 12345678", "name": "Sam", "when": "na 17 uur"])
            #expect(sent.status == .ok)
            #expect(sent.body.contains("id=\"callback-sent\""))
            // Sent again (a refresh, a double click): still one request.
            try await visitor.get("/terugbellen")
            #expect(try await visitor.post("/terugbellen", ["person": "vp-extern", "phone": "06 12345678", "name": "Sam"]).status == .ok)
            #expect(try await CallbackRequest.query(on: app.db).count() == 1)
            let stored = try #require(try await CallbackRequest.query(on: app.db).first())
            // Sealed at rest: the number is not in the row.
            #expect(stored.detailsSealed?.contains("12345678") == false)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.callbackRequest.rawValue).count() == 1)

            let inbox = try await advisor.get("/werkruimte")
            #expect(inbox.body.contains("<a href=\"tel:0612345678\">06 12345678</a>"))
            #expect(inbox.body.contains("Sam"))
            // Another advisor does not see it, and cannot mark it done.
            let otherInbox = try await other.get("/werkruimte")
            #expect(otherInbox.status == .ok && !otherInbox.body.contains("12345678"))
            let id = try stored.requireID()
            #expect(try await other.post("/werkruimte/terugbellen/\(id)/gebeld", [:]).status == .notFound)

            // Two clicks at once: both end well, one counts (one audit entry); the details are erased.
            async let first = advisor.post("/werkruimte/terugbellen/\(id)/gebeld", [:])
            async let second = advisor.post("/werkruimte/terugbellen/\(id)/gebeld", [:])
            let statuses = [try await first.status, try await second.status]
            #expect(statuses == [.seeOther, .seeOther])
            let done = try #require(try await CallbackRequest.find(id, on: app.db))
            #expect(done.detailsSealed == nil && done.doneAt != nil)
            #expect(!(try await advisor.get("/werkruimte").body.contains("12345678")))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.callbackDone.rawValue).count() == 1)
        }
    }

    @Test("The limit rests on the caller's number, not the address: one open request per number and person however it is written, and many posts at once make one",
          arguments: TestDatabase.all)
    func limitsPerNumber(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let people = ["vp-extern", "vp-ambtelijk-1", "vp-ambtelijk-2", "vp-fractie-1"]
            for (index, person) in people.enumerated() {
                _ = try await signedInFunctionary(app, "staf\(index)", person: person)
            }
            let visitor = TestBrowser(app)
            try await visitor.get("/terugbellen")
            // Six posts at once, the number written three ways: one request.
            let spellings = ["06 12345678", "06-12345678", "+31 6 12345678", "0031612345678", "0612345678", "06 1234 5678"]
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for phone in spellings {
                    group.addTask {
                        let browser = TestBrowser(app)
                        try await browser.get("/terugbellen")
                        return try await browser.post("/terugbellen", ["person": "vp-extern", "phone": phone]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses)")
            #expect(try await CallbackRequest.query(on: app.db).count() == 1)
            // Other people may be asked by the same number, each once, with the same answer as a first
            // request: no refusal tells a stranger who knows the number whom its owner asked.
            for person in people.dropFirst() {
                try await visitor.get("/terugbellen")
                #expect(try await visitor.post("/terugbellen", ["person": person, "phone": "+31 (0)6 1234 5678"]).status == .ok)
                try await visitor.get("/terugbellen")
                #expect(try await visitor.post("/terugbellen", ["person": person, "phone": "06 12345678"]).status == .ok)
            }
            #expect(try await CallbackRequest.query(on: app.db).count() == people.count)
            // Positive control: another number, from the same building (the same address), goes through.
            try await visitor.get("/terugbellen")
            #expect(try await visitor.post("/terugbellen", ["person": "vp-extern", "phone": "070 1234567"]).status == .ok)
            // Once a call is done, the number is free again for that person.
            for open in try await CallbackRequest.query(on: app.db).filter(\.$personID == "vp-extern").all() {
                try await CompleteCallback.run(id: try open.requireID(), personID: "vp-extern", by: .system, app: app, db: app.db)
                #expect(try await CallbackRequest.find(open.id, on: app.db)?.phoneIndex == nil)
            }
            try await visitor.get("/terugbellen")
            #expect(try await visitor.post("/terugbellen", ["person": "vp-extern", "phone": "06 12345678"]).status == .ok)
            #expect(try await CallbackRequest.query(on: app.db).filter(\.$personID == "vp-extern").count() == 3)
        }
    }
}
