import TegenkrachtCore
import Foundation

/// Slows every login down when many fail across the whole service in a short time: a password
/// spraying attack over many accounts stays under each account's own limit, and everybody in the
/// building shares one address, so neither the account nor the address alone is enough.
package actor LoginThrottle {
    private var failures: [Date] = []
    package let window: TimeInterval
    package let threshold: Int
    /// Past this many failures in the window, attempts are refused outright until it drains.
    package let blockAt: Int

    private let clock: any WallClock
    /// Which door this throttle guards, for the metrics.
    package let door: ServiceMetrics.Door

    package init(door: ServiceMetrics.Door, window: TimeInterval = 60, threshold: Int = 30, blockAt: Int = Int.max, clock: any WallClock) {
        self.door = door
        self.clock = clock
        self.window = window
        self.threshold = threshold
        self.blockAt = blockAt
    }

    package func isBlocked(now: Date? = nil) -> Bool {
        let now = now ?? clock.now
        prune(now)
        let blocked = failures.count >= blockAt
        if blocked { ServiceMetrics.throttled(door) }
        return blocked
    }

    package func recordFailure(now: Date? = nil) {
        let now = now ?? clock.now
        failures.append(now)
        prune(now)
    }

    /// How long the next attempt should wait: nothing under the threshold, then growing to 5 s.
    package func delay(now: Date? = nil) -> TimeInterval {
        let now = now ?? clock.now
        prune(now)
        let excess = failures.count - threshold
        guard excess > 0 else { return 0 }
        ServiceMetrics.throttled(door)
        return min(5, 0.25 * pow(2, Double(excess) / 10))
    }

    private func prune(_ now: Date) {
        failures.removeAll { now.timeIntervalSince($0) > window }
    }
}

/// The per-account lock: after `maxFailed` failures in a row, the account is locked for 1 minute,
/// doubling with every further failure up to an hour.
package enum AccountLock {
    package static func lockDuration(failedAttempts: Int, maxFailed: Int) -> TimeInterval? {
        guard failedAttempts >= maxFailed else { return nil }
        let exponent = min(failedAttempts - maxFailed, 6)
        return min(3600, 60 * pow(2, Double(exponent)))
    }
}

/// The service's throttles, one per door (issue 12: a missing throttle used to be replaced by a
/// fresh, empty one on every read, which never throttled anything).
package struct Throttles: Sendable {
    package init(staffLogin: LoginThrottle, receipt: LoginThrottle, monitorCode: LoginThrottle) {
        self.staffLogin = staffLogin
        self.receipt = receipt
        self.monitorCode = monitorCode
    }

    package let staffLogin: LoginThrottle
    package let receipt: LoginThrottle
    package let monitorCode: LoginThrottle
}
