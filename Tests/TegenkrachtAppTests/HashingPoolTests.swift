import Foundation
import Vapor
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing

@Suite("Hashing on threads of its own, with a bound (issue 16)")
struct HashingPoolTests {
    @Test("Past its bound the pool answers 'busy' at once instead of queueing; afterwards it works again")
    func bounded() async throws {
        let pool = HashingPool(threads: 1, waiting: 1)
        let slow: @Sendable () throws -> Int = { Thread.sleep(forTimeInterval: 1.5); return 1 }
        async let first = pool.run(slow)
        async let second = pool.run(slow)
        try await Task.sleep(nanoseconds: 100_000_000)
        let started = ContinuousClock.now
        await #expect(throws: HashingBusy.self) { try await pool.run(slow) }
        #expect(ContinuousClock.now - started < .seconds(1), "the refusal waited for the queue (1.5 s per job)")
        #expect(try await first + second == 2)
        // Positive control: with room again, the same work runs.
        #expect(try await pool.run { 7 } == 7)
        #expect(try await pool.verifyPassword("wrong", against: try Bcrypt.hash("right", cost: 4)) == false)
        await pool.shutdown()
    }
}
