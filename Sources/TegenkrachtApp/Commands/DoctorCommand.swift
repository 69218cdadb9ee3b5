import Fluent
import SQLKit
import TegenkrachtUseCases
import Vapor

/// `tegenkracht doctor`: checks a production configuration and says what is wrong, with the fix
/// (issue 17). It changes nothing. Exit code 0 when all is well, 1 when something needs fixing.
struct DoctorCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks the production configuration: key file, cookies, mail, database TLS, migrations, clock. Changes nothing." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var findings = ProductionCheck.findings(app.tegenkracht, now: app.clock.now)
        findings.append(await Readiness.migrations(app: app, db: app.db))
        for finding in findings {
            if let problem = finding.problem {
                context.console.print("problem  \(finding.check): \(problem)\n         fix: \(finding.fix ?? "")")
            } else {
                context.console.print("ok       \(finding.check)")
            }
        }
        let problems = findings.filter { $0.problem != nil }.count
        context.console.print(problems == 0 ? "All checks passed." : "\(problems) to fix.")
        if problems > 0 { throw CommandInputError("\(problems) check(s) failed", exitCode: 1) }
    }
}
