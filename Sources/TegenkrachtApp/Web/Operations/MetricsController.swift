import CoreMetrics
import Fluent
import Foundation
import Prometheus
import TegenkrachtUseCases
import Vapor

/// `/metrics` for Prometheus (issue 17), only when `TEGENKRACHT_METRICS_TOKEN` is set and only to a
/// request that carries it as a bearer token; otherwise 401. It holds counts, durations and ages:
/// requests per route *pattern* (Vapor's own `http_requests_total` and `http_request_duration_seconds`,
/// with `/werkruimte/meldingen/:id`, never the id), throttles and locks, the outbox, mail, jobs, the
/// database and the build. No label is ever an id, a name, an address or a text.
enum MetricsController {
    /// One registry per process: swift-metrics takes its backend once (the test suite starts many
    /// applications in one process; they share it).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                                   .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                                   .milliseconds(2500), .seconds(5), .seconds(10)]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Called by `configure` when a token is set: from then on every request is counted.
    static func install(on app: Application, token: MetricsToken) {
        _ = registry
        app.get("metrics") { req in try await scrape(req, token: token) }
    }

    static func scrape(_ req: Request, token: MetricsToken) async throws -> Response {
        guard token.admits(authorization: req.headers.first(name: .authorization)) else {
            let response = Response(status: .unauthorized, body: .init(string: "401 Unauthorized\n"))
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Bearer realm="metrics""#)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        await refreshGauges(app: req.application, db: req.db)
        let response = Response(status: .ok, body: .init(string: registry.emitToString()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The figures read at scrape time from the database, shared by every instance.
    static func refreshGauges(app: Application, db: any Database) async {
        let now = app.clock.now
        let config = app.tegenkracht
        registry.makeGauge(name: "tegenkracht_build_info", labels: [("version", BuildInfo.version),
                                                                   ("database", config.usesPostgres ? "postgresql" : "sqlite")],
                           help: "The running version (always 1).").set(to: 1)
        registry.makeGauge(name: "tegenkracht_database_pool_max_connections", labels: [],
                           help: "Connections this instance may open to the database.")
            .set(to: Double(config.usesPostgres ? AppConfiguration.postgresConnectionsPerEventLoop * System.coreCount : 1))

        let started = ContinuousClock.now
        let status: Outbox.Status?
        do { status = try await Outbox.status(db: db) } catch { status = nil }
        let elapsed = ContinuousClock.now - started
        registry.makeGauge(name: "tegenkracht_database_up", labels: [], help: "1 when the database answered this scrape.")
            .set(to: status == nil ? 0 : 1)
        registry.makeGauge(name: "tegenkracht_database_query_seconds", labels: [],
                           help: "How long the outbox status query took at this scrape.")
            .set(to: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        guard let status else { return }
        registry.makeGauge(name: "tegenkracht_outbox_pending", labels: [], help: "Follow-ups not delivered yet.")
            .set(to: Double(status.pending))
        registry.makeGauge(name: "tegenkracht_outbox_stuck", labels: [], help: "Follow-ups that failed \(Outbox.stuckAfter) times or more.")
            .set(to: Double(status.stuck.count))
        registry.makeGauge(name: "tegenkracht_outbox_lag_seconds", labels: [], help: "Age of the oldest follow-up not delivered (0 when none).")
            .set(to: status.oldestPendingSince.map { max(0, now.timeIntervalSince($0)) } ?? 0)

        if let mail = try? await MailQueue.status(db: db) {
            for (kind, waiting, givenUp) in [(ServiceMetrics.MailKind.reporterNotice, mail.noticesWaiting, mail.noticesGivenUp),
                                             (.staffReminder, mail.remindersWaiting, mail.remindersGivenUp)] {
                registry.makeGauge(name: "tegenkracht_mail_waiting", labels: [("kind", kind.rawValue)],
                                   help: "Messages not handed to the mail server yet (still retried).").set(to: Double(waiting))
                registry.makeGauge(name: "tegenkracht_mail_given_up", labels: [("kind", kind.rawValue)],
                                   help: "Messages the mail server refused \(MailQueue.maxAttempts) times (not retried).").set(to: Double(givenUp))
            }
        }
        for job in Jobs.all() {
            // Slots are the same number of digits for years to come, so the index on (job, slot) sorts them.
            guard let last = try? await JobRun.query(on: db).filter(\.$job == job.name).sort(\.$slot, .descending).first() else { continue }
            registry.makeGauge(name: "tegenkracht_job_last_run_age_seconds", labels: [("job", job.name)],
                               help: "Seconds since the job last started on any instance.")
                .set(to: max(0, now.timeIntervalSince(last.startedAt)))
        }
    }
}
