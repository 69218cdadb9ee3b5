import Fluent
import TegenkrachtUseCases
import Vapor

/// `tegenkracht audit verify|head`: checks the audit log's hash chain, and prints its head so that it
/// can be kept outside the database (a rewrite of the whole chain from some entry on is then found
/// too: the anchored entry no longer has its hash).
struct AuditCommands: AsyncCommandGroup {
    var help: String { "Works with the tamper-evident audit log." }
    var commands: [String: any AnyAsyncCommand] { ["verify": VerifyCommand(), "head": HeadCommand()] }

    struct VerifyCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "anchor", help: "SEQUENCE:HASH printed earlier by `audit head` (kept outside the database).")
            var anchor: String?
        }
        var help: String { "Checks the hash chain and names the first broken entry; with --anchor, also an earlier head." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let db = context.application.db
            if let broken = try await AuditLog.firstBrokenEntry(on: db) {
                context.console.error("The audit log is broken at entry \(broken): it was changed, removed or inserted.")
                throw AuditChainBroken(sequence: broken)
            }
            if let anchor = signature.anchor {
                let parts = anchor.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, let sequence = Int(parts[0]) else {
                    context.console.error("--anchor takes SEQUENCE:HASH, as `tegenkracht audit head` prints it.")
                    throw AuditChainBroken(sequence: 0)
                }
                let entry = try await AuditEntry.query(on: db).filter(\.$sequence == sequence).first()
                guard entry?.hash == parts[1] else {
                    context.console.error("The audit log does not contain the anchored entry \(sequence) with that hash: it was rewritten.")
                    throw AuditChainBroken(sequence: sequence)
                }
            }
            context.console.print("The audit log is intact.")
        }
    }

    struct HeadCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Prints SEQUENCE:HASH of the newest entry, to keep outside the database (e.g. in the backup report)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let last = try await AuditEntry.query(on: context.application.db).sort(\.$sequence, .descending).first() else {
                context.console.print("0:\(AuditLog.genesis)")
                return
            }
            context.console.print("\(last.sequence):\(last.hash)")
        }
    }
}

struct AuditChainBroken: Error, CustomStringConvertible {
    let sequence: Int
    var description: String { "audit log broken at entry \(sequence)" }
}
