import TegenkrachtUseCases
import Vapor

/// `tegenkracht registry reconcile`: rebuilds every registry entry that a case feeds from its case
/// and says what it changed (issue 12). Safe to run at any time, as often as wanted.
struct RegistryCommands: AsyncCommandGroup {
    var help: String { "Maintains the registry." }
    var commands: [String: any AnyAsyncCommand] { ["reconcile": ReconcileCommand()] }

    struct ReconcileCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Rebuilds every case's registry entry from the case; prints what changed." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let result = try await RegistryService.reconcile(app: context.application)
            context.console.print("Checked \(result.checked) cases: created \(result.created) entries, changed \(result.changed).")
        }
    }
}
