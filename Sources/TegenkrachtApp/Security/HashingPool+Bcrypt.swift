import TegenkrachtUseCases
import Vapor

extension HashingPool {
    /// Checks a staff password on the pool's threads (Vapor's bcrypt).
    func verifyPassword(_ password: String, against hash: String) async throws -> Bool {
        try await run { try Bcrypt.verify(password, created: hash) }
    }
}
