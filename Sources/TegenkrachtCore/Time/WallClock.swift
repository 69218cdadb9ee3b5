import Foundation

/// The one source of the current time (issue 12). The service runs on `SystemClock`; tests pin a
/// `FixedClock`, so a rule that depends on "today" is tested on the day the test chooses, not on
/// the day (or the UTC hour) the suite happens to run.
public protocol WallClock: Sendable {
    var now: Date { get }
}

extension WallClock {
    /// Today in the organisation's time zone.
    public func today(in timeZone: TimeZone) -> LocalDate {
        LocalDate.today(in: timeZone, now: now)
    }
}

public struct SystemClock: WallClock {
    public init() {}
    // The only place the service reads the machine's clock.
    public var now: Date { Date() }
}

/// A clock that stands still until it is moved (tests, benchmarks, replays).
public final class FixedClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) {
        current = start
    }

    public var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }

    public func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }
}
