import Vapor

/// The service's parts that hold state or secrets, built once in `configure` (issue 12: one
/// composition root instead of a storage key per service, each with its own fallback). Reading a
/// part before `configure` ran throws: nothing hands out a fresh, empty default (the old login
/// throttle did, and so never throttled).
struct AppServices: Sendable {
    let keyVault: KeyVault
    let throttles: Throttles
    /// Replaceable only through `Application.setFollowUpDeliverer` (tests put a failing one in front).
    fileprivate(set) var followUpDeliverer: any FollowUpDelivering
    let hashingPool: HashingPool
    let legacyReceiptBudget: LegacyReceiptBudget
    let intakeBodyGate: IntakeBodyGate
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = AppServices }

    var services: AppServices {
        get throws {
            guard let services = storage[ServicesKey.self] else { throw ConfigurationNotRun() }
            return services
        }
    }

    func setServices(_ services: AppServices) {
        storage[ServicesKey.self] = services
    }

    var keyVault: KeyVault { get throws { try services.keyVault } }
    var throttles: Throttles { get throws { try services.throttles } }
    var followUpDeliverer: any FollowUpDelivering { get throws { try services.followUpDeliverer } }
    var hashingPool: HashingPool { get throws { try services.hashingPool } }
    var legacyReceiptBudget: LegacyReceiptBudget { get throws { try services.legacyReceiptBudget } }
    var intakeBodyGate: IntakeBodyGate { get throws { try services.intakeBodyGate } }

    func setFollowUpDeliverer(_ deliverer: any FollowUpDelivering) throws {
        var changed = try services
        changed.followUpDeliverer = deliverer
        setServices(changed)
    }
}

/// A service was used before `configure` set it up (a programming error, answered with 500).
struct ConfigurationNotRun: Error, CustomStringConvertible {
    var description: String { "configure(_:_:) has not run" }
}
