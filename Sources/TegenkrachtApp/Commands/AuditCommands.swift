import Vapor

/// `tegenkracht audit verify`: checks the audit log's hash chain.
struct AuditCommands: AsyncCommandGroup {
    var help: String { "Works with the tamper-evident audit log." }
    var commands: [String: any AnyAsyncCommand] { ["verify": VerifyCommand()] }

    struct VerifyCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Checks the hash chain and names the first broken entry." }

        func run(using context: CommandContext, signature: Signature) async throws {
            if let broken = try await AuditLog.firstBrokenEntry(on: context.application.db) {
                context.console.error("The audit log is broken at entry \(broken): it was changed, removed or inserted.")
                throw AuditChainBroken(sequence: broken)
            }
            context.console.print("The audit log is intact.")
        }
    }
}

struct AuditChainBroken: Error, CustomStringConvertible {
    let sequence: Int
    var description: String { "audit log broken at entry \(sequence)" }
}
