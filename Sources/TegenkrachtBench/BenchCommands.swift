import Fluent
import Foundation
import TegenkrachtApp
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht-bench …`: measurements for docs/performance.md (not tests: numbers depend on the
/// machine). Run against the configured database (SQLite by default, PostgreSQL with DATABASE_URL);
/// use a scratch data directory or database, the benchmark writes reports.
struct BenchCommands: AsyncCommandGroup {
    /// Elapsed time on the monotonic clock (benchmarks measure durations, not dates).
    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    var help: String { "Benchmarks (see docs/performance.md)." }
    var commands: [String: any AnyAsyncCommand] {
        ["submissions": SubmissionsCommand(), "receipt-hash": ReceiptHashCommand(), "cases": CaseBenchCommand(), "registry": RegistryBenchCommand(), "monitor": MonitorBenchCommand(), "registers": RegisterBenchCommand()]
    }

    /// Submission throughput and latency with N concurrent reporters.
    struct SubmissionsCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "concurrency") var concurrency: Int?
            @Option(name: "count") var count: Int?
            @Option(name: "hash-logn", help: "scrypt cost (log2 N) for the receipt hash; 15 is production.") var hashLogN: Int?
        }

        var help: String { "Submits reports concurrently through the intake service and reports latency percentiles." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let concurrency = signature.concurrency ?? 50
            let count = signature.count ?? 500
            let logN = signature.hashLogN ?? app.tegenkracht.receiptHashLogN
            app.receiptHasher = ReceiptHasher(logN: logN)
            let submission = Submission(kind: .report, mode: .anonymous, recipient: .centralRoute, handlerPersonID: nil,
                                        content: ReportContent(whatHappened: String(repeating: "Benchmark melding. ", count: 40),
                                                               places: [.corridor], behaviourItems: ["a", "i"]),
                                        identity: ReportIdentity(), attachments: [])
            let start = app.clock.now
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var own: [Double] = []
                        var i = worker
                        while i < count {
                            let t0 = ContinuousClock.now
                            _ = try await ReportService.submit(submission, app: app, db: app.db)
                            own.append(BenchCommands.milliseconds(since: t0))
                            i += concurrency
                        }
                        return own
                    }
                }
                var all: [Double] = []
                for try await part in group { all += part }
                return all.sorted()
            }
            let elapsed = app.clock.now.timeIntervalSince(start)
            func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            let db = app.tegenkracht.usesPostgres ? "postgresql" : "sqlite"
            context.console.print(String(format: "%@ scrypt-logN=%d concurrency=%d reports=%d: %.1f reports/s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
                                         db, logN, concurrency, latencies.count, Double(latencies.count) / elapsed,
                                         percentile(0.5), percentile(0.95), percentile(0.99), latencies.last ?? 0))
        }
    }

    /// How long one receipt hash takes at a cost: the production cost must take at least 50 ms here.
    struct ReceiptHashCommand: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Times one scrypt receipt hash at each cost from 12 to 17." }

        func run(using context: CommandContext, signature: Signature) async throws {
            for logN in 12...17 {
                let hasher = ReceiptHasher(logN: logN)
                var times: [Double] = []
                for _ in 0..<5 {
                    let t0 = ContinuousClock.now
                    _ = try hasher.hash("K7QF3M9XVR2D8HJTW4NC")
                    times.append(BenchCommands.milliseconds(since: t0))
                }
                times.sort()
                context.console.print(String(format: "scrypt logN=%d (N=%d, r=8, p=1, %d MiB): median %.1f ms", logN, 1 << logN,
                                             (128 * 8 * (1 << logN)) >> 20, times[2]))
            }
        }
    }
}
