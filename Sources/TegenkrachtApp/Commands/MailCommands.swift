import TegenkrachtUseCases
import Vapor

/// `tegenkracht mail status|send|retry`: the mail queue for an operator (issue 17). `send` hands what is due
/// to the mail program now instead of waiting for the `notices` job (after fixing a relay, or in a test).
struct MailCommands: AsyncCommandGroup {
    var help: String { "Shows or sends the mail queue (notices and reminders; never any content)." }
    var commands: [String: any AnyAsyncCommand] { ["status": StatusCommand(), "send": SendCommand(), "retry": RetryCommand()] }

    struct RetryCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Queues again every message that was given up (after fixing the mail relay); then run `mail send`." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let count = try await MailQueue.retryGivenUp(db: context.application.db)
            context.console.print("queued again: \(count)")
        }
    }

    struct StatusCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Counts the messages waiting, being retried and given up." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let mail = try await MailQueue.status(db: context.application.db)
            context.console.print("notices: \(mail.noticesWaiting) waiting, \(mail.noticesGivenUp) given up")
            context.console.print("reminders: \(mail.remindersWaiting) waiting, \(mail.remindersGivenUp) given up")
            context.console.print("refused at least once and still retried: \(mail.retrying)")
        }
    }

    struct SendCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Hands every message that is due to the mail program (TEGENKRACHT_SENDMAIL) now." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            guard app.tegenkracht.sendmailPath != nil else {
                throw CommandInputError("no mail program: set TEGENKRACHT_SENDMAIL (docs/operations.md)", exitCode: 2)
            }
            let sent = try await MailQueue.send(app: app)
            let mail = try await MailQueue.status(db: app.db)
            context.console.print("sent \(sent); \(mail.retrying) refused and waiting to be tried again")
        }
    }
}
