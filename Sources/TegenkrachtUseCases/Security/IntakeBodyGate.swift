import Foundation

/// Bounds how many intake forms (up to 40 MB with attachments) are read at once (issue 16: twelve
/// concurrent posts took the server from 140 MB to 886 MB; bodies now stream into sealed chunks, so
/// this bounds disk and CPU more than memory). A request waits for a slot with its body still unread,
/// for at most `patience`; after that it is answered 503 with `Retry-After`, and nothing of it was
/// read or stored.
package actor IntakeBodyGate {
    package let capacity: Int
    package let patience: Duration
    private var inside = 0
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextID: UInt64 = 0

    /// A held slot; give it back with `leave`.
    package struct Slot: Sendable {}

    package init(capacity: Int = 16, patience: Duration = .seconds(30)) {
        self.capacity = max(1, capacity)
        self.patience = patience
    }

    /// A slot, or nil when none came free within `patience`.
    package func enter() async -> Slot? {
        if inside < capacity {
            inside += 1
            return Slot()
        }
        nextID += 1
        let id = nextID
        let patience = self.patience
        Task { [weak self] in
            try? await Task.sleep(for: patience)
            await self?.giveUp(id)
        }
        let admitted = await withCheckedContinuation { continuation in
            waiting.append((id, continuation))
        }
        return admitted ? Slot() : nil
    }

    /// Hands the slot to the longest waiter, or frees it.
    package func leave(_ slot: Slot) {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().continuation.resume(returning: true)
        }
    }

    /// How many slots are taken and how many requests wait (for tests and metrics).
    package var load: (inside: Int, waiting: Int) { (inside, waiting.count) }

    private func giveUp(_ id: UInt64) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(returning: false)
    }
}
