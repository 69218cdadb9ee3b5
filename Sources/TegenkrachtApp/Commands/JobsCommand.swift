import Vapor

/// `tegenkracht jobs run`: runs the periodic jobs that are due, once (for cron or a systemd timer).
struct JobsCommands: AsyncCommandGroup {
    var help: String { "Runs periodic jobs." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunCommand()] }

    struct RunCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Runs every job whose current slot has not run yet, on any instance." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let ran = await JobRunner(app: context.application, jobs: Jobs.all()).runDue()
            context.console.print(ran.isEmpty ? "Nothing was due." : "Ran: \(ran.joined(separator: ", "))")
        }
    }
}
