import Fluent
import TegenkrachtUseCases
import Vapor

/// `tegenkracht jobs run`: runs the periodic jobs that are due, once (for cron or a systemd timer).
struct JobsCommands: AsyncCommandGroup {
    var help: String { "Runs periodic jobs." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunCommand(), "status": StatusCommand()] }

    /// `tegenkracht jobs status`: the last run of each job, the outbox (pending follow-ups and the
    /// ones that keep failing) and the mail queue. Exits 1 when a follow-up is stuck or mail was given
    /// up (for monitoring).
    struct StatusCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Shows each job's last run and the outbox (pending and stuck follow-ups)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            for job in Jobs.all() {
                let last = try await JobRun.query(on: app.db).filter(\.$job == job.name).sort(\.$startedAt, .descending).first()
                let line = last.map { "\($0.startedAt) \($0.outcome ?? "running")" } ?? "never ran"
                context.console.print("job \(job.name): \(line)")
            }
            let status = try await Outbox.status(db: app.db)
            context.console.print("outbox: \(status.pending) pending" + (status.oldestPendingSince.map { ", oldest since \($0)" } ?? ""))
            for record in status.stuck {
                context.console.print("stuck: \(record.kind) \(record.subject), \(record.attempts) attempts, last error \(record.lastError ?? "?")")
            }
            let mail = try await MailQueue.status(db: app.db)
            context.console.print("mail: \(mail.noticesWaiting + mail.remindersWaiting) waiting (\(mail.retrying) refused and retried), "
                                  + "\(mail.noticesGivenUp + mail.remindersGivenUp) given up after \(MailQueue.maxAttempts) refusals")
            if !status.stuck.isEmpty { throw OutboxStuck(count: status.stuck.count) }
            if mail.noticesGivenUp + mail.remindersGivenUp > 0 { throw MailGivenUp(count: mail.noticesGivenUp + mail.remindersGivenUp) }
        }
    }

    struct MailGivenUp: Error, CustomStringConvertible {
        let count: Int
        var description: String { "\(count) message(s) given up: fix the relay, then `tegenkracht mail retry` and `mail send`" }
    }

    struct OutboxStuck: Error, CustomStringConvertible {
        let count: Int
        var description: String { "\(count) follow-up(s) keep failing" }
    }

    struct RunCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Runs every job whose current slot has not run yet, on any instance." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let ran = await JobRunner(app: context.application, jobs: Jobs.all()).runDue()
            context.console.print(ran.isEmpty ? "Nothing was due." : "Ran: \(ran.joined(separator: ", "))")
        }
    }
}
