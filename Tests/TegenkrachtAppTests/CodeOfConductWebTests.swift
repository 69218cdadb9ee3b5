import Fluent
import Foundation
@testable import TegenkrachtApp
import TegenkrachtCore
@testable import TegenkrachtUseCases
import Testing
import Vapor

/// Issue 18, 6.4.1: the House-wide code of conduct made in comment rounds, its public record, and the
/// norms that the behaviour chosen in the route finder breaks.
@Suite struct CodeOfConductWebTests {
    static let version = "concept-2026-1"

    @Test("A round: comments from two groups without an account, a response to each (once; in parallel exactly one), close, adoption by the Voorzitter; the record has no names",
          arguments: TestDatabase.all)
    func commentRound(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Before any round: the page shows the draft, labelled, and refuses a comment without storing it.
            let visitor = TestBrowser(app)
            var page = try await visitor.get("/gedragscode")
            #expect(page.status == .ok)
            #expect(page.body.contains("id=\"code-draft\"") && page.body.contains("id=\"norm-toon\"") && page.body.contains("id=\"agreement-kritiek\""))
            #expect(page.body.contains("id=\"code-no-round\""))
            // (No form while no round is open: the token comes from another page with a form.)
            try await visitor.get("/melden")
            #expect(try await visitor.post("/gedragscode", ["group": "ambtenaar", "topic": "toon", "text": "Te vroeg."]).status == .unprocessableEntity)

            // The route finder links the behaviour to the draft's norms, labelled as a draft.
            let finder = TestBrowser(app)
            try await finder.get("/wegwijzer")
            var result = try await finder.post("/wegwijzer", ["reporter": "ambtenaar", "accused": "kamerlid", "item[]": "i", "wish": "advies"])
            #expect(result.status == .ok)
            #expect(result.body.contains("id=\"found-norm-toon\"") && result.body.contains("nog niet vastgesteld"))
            #expect(!result.body.contains("id=\"found-norm-seksueel\""))

            // The coordinator opens a round on the draft; a second at the same time is refused.
            let coordinator = try await LearningWebTests.coordinator(app)
            try await coordinator.get("/werkruimte/gedragscode")
            #expect(try await coordinator.post("/werkruimte/gedragscode/rondes", ["version": Self.version]).status == .seeOther)
            try await coordinator.get("/werkruimte/gedragscode")
            #expect(try await coordinator.post("/werkruimte/gedragscode/rondes", ["version": Self.version]).status == .unprocessableEntity)
            let round = try #require(try await CodeRoundRecord.query(on: app.db).first())
            #expect(round.number == 1 && round.versionID == Self.version)

            // Comments from two groups, and a third that names someone.
            let civilServant = TestBrowser(app)
            page = try await civilServant.get("/gedragscode")
            #expect(page.body.contains("id=\"code-comment-form\""))
            let sent = try await civilServant.post("/gedragscode", ["group": "ambtenaar", "topic": "toon",
                                                                    "text": "Schreeuwen gebeurt vooral laat op de avond bij stemmingen."])
            #expect(sent.status == .seeOther && sent.location?.contains("ontvangen") == true)
            let member = TestBrowser(app)
            try await member.get("/gedragscode")
            #expect(try await member.post("/gedragscode", ["group": "kamerlid", "topic": "kritiek",
                                                           "text": "Kritiek in het debat is iets anders dan kritiek op de werkvloer."]).status == .seeOther)
            let staffer = TestBrowser(app)
            try await staffer.get("/gedragscode")
            #expect(try await staffer.post("/gedragscode", ["group": "fractiemedewerker", "topic": "algemeen",
                                                            "text": "Meneer Jansen van de commissie schreeuwt altijd."]).status == .seeOther)
            // Bad input is refused and stores nothing: an unknown group or topic, an empty or too long text.
            try await staffer.get("/gedragscode")
            #expect(try await staffer.post("/gedragscode", ["group": "directeur", "topic": "toon", "text": "x"]).status == .unprocessableEntity)
            #expect(try await staffer.post("/gedragscode", ["group": "ambtenaar", "topic": "bestaat-niet", "text": "x"]).status == .unprocessableEntity)
            #expect(try await staffer.post("/gedragscode", ["group": "ambtenaar", "topic": "toon", "text": "   "]).status == .unprocessableEntity)
            let long = try await staffer.post("/gedragscode", ["group": "ambtenaar", "topic": "toon",
                                                               "text": String(repeating: "a", count: CodeOfConductRounds.maxText + 1)])
            #expect(long.status == .unprocessableEntity && long.body.contains("te lang"))
            let comments = try await CodeCommentRecord.query(on: app.db).sort(\.$seq).all()
            #expect(comments.map(\.group) == ["ambtenaar", "kamerlid", "fractiemedewerker"])
            #expect(comments.map(\.seq) == [1, 2, 3])

            // Nothing public before a response; the page says how many wait.
            page = try await visitor.get("/gedragscode")
            #expect(!page.body.contains("Schreeuwen gebeurt vooral") && page.body.contains("id=\"code-waiting\""))

            // A round does not close while a comment waits for its response.
            try await coordinator.get("/werkruimte/gedragscode")
            let early = try await coordinator.post("/werkruimte/gedragscode/rondes/\(try round.requireID())/sluiten", [:])
            #expect(early.status == .unprocessableEntity && early.body.contains("Nog niet elke reactie"))

            // A response to the first comment, once.
            let first = try comments[0].requireID()
            #expect(try await coordinator.post("/werkruimte/gedragscode/reacties/\(first)",
                                               ["response": "Dank je. We nemen de avonden en stemmingen op in de norm."]).status == .seeOther)
            try await coordinator.get("/werkruimte/gedragscode")
            let again = try await coordinator.post("/werkruimte/gedragscode/reacties/\(first)", ["response": "Nog een antwoord."])
            #expect(again.status == .unprocessableEntity && again.body.contains("al geantwoord"))

            // Responses to the second comment in parallel: exactly one is kept.
            let user = try #require(try await StaffUser.query(on: app.db).filter(\.$username == "coordinator").first())
            let userID = try user.requireID()
            let second = try comments[1].requireID()
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<6 {
                    group.addTask {
                        do {
                            try await CodeOfConductRounds.respond(commentID: second, text: "Antwoord \(i): kritiek is welkom.", withhold: false,
                                                                  personID: "integriteitscoordinator", by: .staff(userID), app: app, db: app.db)
                            return true
                        } catch let refusal as Refusal where refusal.key == "code.error.answered" {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let kept = try #require(try await CodeCommentRecord.find(second, on: app.db)?.response)

            // The third names a person: its text is withheld from the record, the response is published.
            try await coordinator.get("/werkruimte/gedragscode")
            #expect(try await coordinator.post("/werkruimte/gedragscode/reacties/\(try comments[2].requireID())",
                                               ["response": "We noemen geen personen. Meld dit bij een vertrouwenspersoon.", "withhold": "on"]).status == .seeOther)
            // Withheld is erased: the database keeps no more than the record shows.
            #expect(try await CodeCommentRecord.find(try comments[2].requireID(), on: app.db)?.text == "")

            // Close; no more comments; the Voorzitter records the adoption, once; the coordinator cannot.
            try await coordinator.get("/werkruimte/gedragscode")
            #expect(try await coordinator.post("/werkruimte/gedragscode/rondes/\(try round.requireID())/sluiten", [:]).status == .seeOther)
            try await member.get("/melden")
            #expect(try await member.post("/gedragscode", ["group": "kamerlid", "topic": "toon", "text": "Te laat."]).status == .unprocessableEntity)
            try await coordinator.get("/werkruimte/gedragscode")
            #expect(try await coordinator.post("/werkruimte/gedragscode/vaststellen",
                                               ["version": Self.version, "decision": "Presidiumbesluit"]).status == .forbidden)
            let chair = TestBrowser(app)
            try await createStaff(app, username: "voorzitter").with(personID: "voorzitter-kamer", app: app)
            try await signIn(chair, username: "voorzitter")
            #expect(try await chair.get("/werkruimte/gedragscode").body.contains("id=\"adopt\""))
            #expect(try await chair.post("/werkruimte/gedragscode/vaststellen",
                                         ["version": Self.version, "decision": "Presidiumbesluit 12 maart 2026"]).status == .seeOther)
            try await chair.get("/werkruimte/gedragscode")
            #expect(try await chair.post("/werkruimte/gedragscode/vaststellen",
                                         ["version": Self.version, "decision": "Nogmaals"]).status == .unprocessableEntity)
            #expect(try await CodeAdoptionRecord.query(on: app.db).count() == 1)

            // The public record: each comment with its response, the group only, never a name.
            page = try await visitor.get("/gedragscode")
            #expect(page.body.contains("id=\"code-adopted\"") && page.body.contains("Presidiumbesluit 12 maart 2026"))
            #expect(!page.body.contains("id=\"code-draft\""))
            let record = try #require(page.body.firstRange(of: "code-record-heading").map { String(page.body[$0.lowerBound...]) })
            #expect(record.contains("id=\"round-1\""))
            #expect(record.contains("Schreeuwen gebeurt vooral laat op de avond") && record.contains("We nemen de avonden en stemmingen op"))
            #expect(record.contains("Kritiek in het debat is iets anders") && record.contains(kept))
            #expect(record.contains("<strong>Ambtenaar</strong>") && record.contains("<strong>Kamerlid</strong>"))
            #expect(!record.contains("Meneer Jansen") && record.contains("niet gepubliceerd") && record.contains("We noemen geen personen"))
            for name in ["Hanneke Smeulders", "coordinator", "Coordinator", "Marijke", "voorzitter"] {
                #expect(!record.contains(name), "\(name) on the public record")
            }

            // The route finder now names the norms of the adopted code.
            try await finder.get("/wegwijzer")
            result = try await finder.post("/wegwijzer", ["reporter": "ambtenaar", "accused": "kamerlid", "item[]": "i", "wish": "advies"])
            #expect(result.body.contains("id=\"found-norm-toon\"") && !result.body.contains("nog niet vastgesteld"))

            // The audit log has every step, and never a comment's text.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["code.round-open", "code.comment", "code.response",
                                                                                      "code.round-close", "code.adopt"]).all()
            #expect(entries.filter { $0.action == "code.comment" }.count == 3)
            #expect(entries.filter { $0.action == "code.response" }.count == 3)
            #expect(entries.filter { $0.action == "code.adopt" }.count == 1)
            #expect(!entries.contains { $0.subject.contains("Schreeuwen") || $0.subject.contains("Jansen") })
        }
    }

    @Test("The intake's check page names the norms of the draft that the chosen behaviour breaks, and none without behaviour",
          arguments: TestDatabase.all)
    func intakeCheck(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            let form = ["kind": "melding", "mode": "anoniem", "recipient": "centraal-meldpunt", "whatHappened": "Er werd naar mij geschreeuwd."]
            var withItem = form
            withItem["item[]"] = "k"
            let page = try await browser.post("/melden/controleren", withItem)
            #expect(page.status == .ok)
            #expect(page.body.contains("id=\"found-norm-seksueel\"") && page.body.contains("nog niet vastgesteld"))
            #expect(!page.body.contains("id=\"found-norm-toon\""))
            try await browser.get("/melden")
            #expect(!(try await browser.post("/melden/controleren", form)).body.contains("id=\"code-norms-found\""))
        }
    }
}
