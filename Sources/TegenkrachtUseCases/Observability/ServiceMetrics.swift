import CoreMetrics

/// The service's own counters, through swift-metrics (issue 17). Without a metrics backend they cost
/// nothing; with `TEGENKRACHT_METRICS_TOKEN` set they are served at `/metrics` for Prometheus.
/// Labels are fixed words chosen here, never an id, a name, an address or a text.
package enum ServiceMetrics {
    /// The doors a throttle guards (`Throttles`).
    package enum Door: String, Sendable {
        case staffLogin = "staff-login"
        case receipt = "receipt"
        case monitorCode = "monitor-code"
    }

    /// A request slowed down or refused by a throttle.
    package static func throttled(_ door: Door) {
        Counter(label: "tegenkracht_throttled_total", dimensions: [("door", door.rawValue)]).increment()
    }

    /// An account locked by too many failed attempts (the attempt that set the lock).
    package static func accountLocked() {
        Counter(label: "tegenkracht_account_locks_total").increment()
    }

    /// An attempt refused because its account was locked.
    package static func lockedAttemptRefused() {
        Counter(label: "tegenkracht_locked_attempts_total").increment()
    }

    /// A follow-up in the outbox that failed once (it is retried).
    package static func followUpFailed(kind: String) {
        Counter(label: "tegenkracht_outbox_failures_total", dimensions: [("kind", kind)]).increment()
    }

    /// What the mail transfer agent did with a message: "sent" or "failed", per kind of message.
    package enum MailKind: String, Sendable {
        case reporterNotice = "reporter-notice"
        case staffReminder = "staff-reminder"
        case memberReminder = "member-reminder"
        case networkReminder = "network-reminder"
    }

    package static func mail(_ kind: MailKind, sent: Bool) {
        Counter(label: "tegenkracht_mail_total", dimensions: [("kind", kind.rawValue), ("outcome", sent ? "sent" : "failed")]).increment()
    }

    /// A periodic job's run on this instance, by outcome.
    package static func jobRan(_ job: String, failed: Bool) {
        Counter(label: "tegenkracht_job_runs_total", dimensions: [("job", job), ("outcome", failed ? "failed" : "ok")]).increment()
    }
}
