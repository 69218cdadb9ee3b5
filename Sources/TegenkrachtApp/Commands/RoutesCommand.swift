import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht routes --reporter GROUP --accused GROUP --behaviour KIND[,KIND] [--reporter-adopted yes|no]
/// [--accused-adopted yes|no] [--reporter-fractie ID] [--accused-fractie ID] [--wish W] [--date D] [--lang en] --json`
///
/// The same answer as `GET /api/v1/routes`. Wrong input exits with status 2 and lists the valid values.
/// With `--organisation FILE` it answers for that file and opens no database at all.
struct RoutesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "reporter") var reporter: String?
        @Option(name: "accused") var accused: String?
        @Option(name: "behaviour") var behaviour: String?
        @Option(name: "reporter-adopted") var reporterAdopted: String?
        @Option(name: "accused-adopted") var accusedAdopted: String?
        @Option(name: "reporter-fractie") var reporterFractie: String?
        @Option(name: "accused-fractie") var accusedFractie: String?
        @Option(name: "wish") var wish: String?
        @Option(name: "date") var date: String?
        @Option(name: "lang") var lang: String?
        @Option(name: "organisation", help: "Answer for this organisation file, without a database.") var organisation: String?
        @Flag(name: "json", help: "Print the answer as JSON (the API's shape).") var json: Bool
    }

    var help: String { "Shows every route open to a reporter, and the gaps (see docs/routes.md)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let language = Language(rawValue: signature.lang ?? "") ?? .default
        let t = app.localisation.localizer(language)
        let parameters = RouteParameters(
            reporter: signature.reporter, accused: signature.accused,
            behaviours: [signature.behaviour].compactMap { $0 }, wish: signature.wish,
            reporterAdopted: signature.reporterAdopted, accusedAdopted: signature.accusedAdopted,
            reporterFractie: signature.reporterFractie, accusedFractie: signature.accusedFractie, date: signature.date)
        let answer: RouteAnswer
        do {
            if let file = signature.organisation {
                let organisation: Organisation
                do {
                    organisation = try OrganisationFile.load(path: file)
                } catch {
                    throw CommandInputError("\(file): \(error)", exitCode: 2)
                }
                answer = try RouteFinderService.answer(parameters, organisation: organisation, app: app)
            } else {
                answer = try await RouteFinderService.answer(parameters, app: app, db: app.db)
            }
        } catch let error as RouteQuestionError {
            throw CommandInputError(error.message(app.localisation.localizer(.english)), exitCode: 2)
        }
        let response = RoutesResponse(answer, t)
        if signature.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            context.console.print(String(decoding: try encoder.encode(response), as: UTF8.self))
        } else {
            for route in response.routes {
                context.console.print("\(route.formal ? "[formal]" : "[      ]") \(route.id): \(route.name)\(route.conditional ? " (?)" : "")")
                for reason in route.reasons { context.console.print("         ? \(reason)") }
            }
            for gap in response.gaps {
                context.console.print("[gap]    \(gap.id): \(gap.explanation)")
            }
        }
    }
}
