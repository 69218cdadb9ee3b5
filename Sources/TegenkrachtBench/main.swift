import Foundation
import TegenkrachtApp
import TegenkrachtUseCases
import Vapor

/// `tegenkracht-bench`: the measurements behind docs/performance.md, in their own executable so that
/// the production binary carries no benchmark (issue 12). It wires the application exactly as
/// `tegenkracht` does (the same `configure`, the same database from `DATABASE_URL` or the SQLite file
/// under `TEGENKRACHT_DATA_DIR`), migrates it, and runs one measurement. It writes reports: use a
/// scratch data directory or database.
///
///     tegenkracht-bench cases --cases 100000
///     tegenkracht-bench registry --entries 1000000
///     tegenkracht-bench monitor --respondents 10000
///     tegenkracht-bench submissions --concurrency 50 --count 500
///     tegenkracht-bench receipt-hash
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env) { level in
    { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
var config = AppConfiguration.fromEnvironment()
config.runJobs = false
let app = try await Application.make(env)
var exitCode: Int32 = 0
do {
    try await configure(app, config)
    try await prepareDatabase(app)
    let bench = BenchCommands()
    for (name, command) in bench.commands {
        app.asyncCommands.use(command, as: name)
    }
    app.asyncCommands.defaultCommand = nil
    try await app.execute()
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exitCode = 1
}
try? await app.asyncShutdown()
exit(exitCode)
