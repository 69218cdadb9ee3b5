import TegenkrachtUseCases
import Vapor

/// `tegenkracht migrate [--revert] [-y]`: brings the schema up to date, one transaction per
/// migration (`SchemaMigrations`); `--revert` undoes the newest migration. Safe to interrupt at any
/// moment and to run from two places at once. `-y` is accepted for scripts written for Fluent's
/// own command (this one never asks).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Undo the newest migration instead.") var revert: Bool
        @Flag(name: "yes", short: "y", help: "Do not ask (nothing is asked; kept for scripts).") var yes: Bool
    }

    var help: String { "Brings the database schema up to date (exit 0), crash-safe; --revert undoes the newest migration." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareStorage(app)
        if signature.revert {
            let name = try await SchemaMigrations.revertLast(on: app.db, logger: app.logger)
            context.console.print(name.map { "Reverted \($0)." } ?? "Nothing to revert.")
            return
        }
        let applied = try await SchemaMigrations.migrate(on: app.db, logger: app.logger)
        context.console.print(applied.isEmpty ? "The schema is up to date." : "Applied \(applied.count) migration(s).")
    }
}
