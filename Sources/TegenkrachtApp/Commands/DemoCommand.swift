import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht demo`: loads the fictional demo parliament as a new organisation version.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Loads the demo organisation (a fictional parliament) as a new organisation version." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let demo = try OrganisationFile.load(path: app.tegenkracht.demoOrganisationFile)
        let number = try await app.organisationStore.save(demo, by: .system, userID: nil, note: "demo organisation",
                                                          on: app.db)
        let today = app.today
        context.console.print("Loaded the demo organisation as version \(number): "
            + "\(demo.fracties(on: today).count) fracties, "
            + "\(demo.holders(of: .confidentialAdvisorUnwantedBehaviour, on: today).count) confidential advisors, "
            + "\(demo.people.count) people.")
    }
}
