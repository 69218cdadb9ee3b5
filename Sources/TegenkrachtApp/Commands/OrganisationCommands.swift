import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht organisation validate FILE` and `tegenkracht organisation load FILE`.
struct OrganisationCommands: AsyncCommandGroup {
    var help: String { "Checks or loads an organisation file." }
    var commands: [String: any AnyAsyncCommand] {
        ["validate": ValidateCommand(), "load": LoadCommand()]
    }

    struct FileSignature: CommandSignature {
        @Argument(name: "file", help: "The organisation file (JSON).")
        var file: String
    }

    struct ValidateCommand: AsyncCommand {
        var help: String { "Checks an organisation file and lists every problem; exits non-zero when there is one." }

        func run(using context: CommandContext, signature: FileSignature) async throws {
            let organisation = try OrganisationFile.load(path: signature.file)
            context.console.print("\(signature.file): valid (\(organisation.fracties.count) fracties, "
                                  + "\(organisation.people.count) people, \(organisation.roles.count) roles).")
        }
    }

    struct LoadCommand: AsyncCommand {
        var help: String { "Validates an organisation file and stores it as a new version." }

        func run(using context: CommandContext, signature: FileSignature) async throws {
            let organisation = try OrganisationFile.load(path: signature.file)
            let number = try await context.application.organisationStore.save(
                organisation, by: .system, userID: nil, note: "loaded from \(signature.file)", on: context.application.db)
            context.console.print("Stored as organisation version \(number), valid from \(organisation.validFrom).")
        }
    }
}
