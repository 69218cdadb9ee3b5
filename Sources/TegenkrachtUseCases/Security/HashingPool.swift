import NIOCore
import NIOPosix

/// Password and old receipt-code hashing on threads of their own (issue 16: bcrypt and scrypt ran on
/// the thread pool that SQLite uses, so a burst of logins made other people's requests fail after
/// 15 s). At most `threads` hashes run at once and at most `waiting` wait; beyond that the caller
/// gets `HashingBusy` at once and answers 503 with `Retry-After`, instead of queueing without end.
package final class HashingPool: Sendable {
    package let threads: Int
    package let waiting: Int
    private let pool: NIOThreadPool
    private let gate: HashingGate

    package init(threads: Int = 2, waiting: Int = 16) {
        self.threads = threads
        self.waiting = waiting
        pool = NIOThreadPool(numberOfThreads: threads)
        gate = HashingGate(limit: threads + waiting)
        pool.start()
    }

    package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard await gate.enter() else { throw HashingBusy() }
        do {
            let value = try await pool.runIfActive(work)
            await gate.leave()
            return value
        } catch {
            await gate.leave()
            throw error
        }
    }

    package func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}

/// Too many hashes are running or waiting: try again in a few seconds.
package struct HashingBusy: Error {}

private actor HashingGate {
    package let limit: Int
    private var inside = 0

    package init(limit: Int) { self.limit = limit }

    package func enter() -> Bool {
        guard inside < limit else { return false }
        inside += 1
        return true
    }

    package func leave() { inside -= 1 }
}
