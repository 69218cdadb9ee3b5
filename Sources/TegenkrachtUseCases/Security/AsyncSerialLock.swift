/// Runs async critical sections one at a time, first come first served.
///
/// Appending to the audit log reads the last entry and writes the next: on SQLite such a
/// read-then-write transaction fails with "database is locked" when another writer commits in between
/// (SQLite does not call its busy handler for that case; anchors-swift-server.md, pitfall 5). Within
/// one process the appends therefore queue here; across instances (PostgreSQL) the unique sequence
/// number and a retry settle it.
package actor AsyncSerialLock {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    package func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
