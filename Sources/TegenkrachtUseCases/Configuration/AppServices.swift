
/// The service's parts that hold state or secrets, built once in `configure` (issue 12: one
/// composition root instead of a storage key per service, each with its own fallback). Reading a
/// part before `configure` ran throws: nothing hands out a fresh, empty default (the old login
/// throttle did, and so never throttled).
package struct AppServices: Sendable {
    package init(keyVault: KeyVault, throttles: Throttles, followUpDeliverer: any FollowUpDelivering,
                 hashingPool: HashingPool, legacyReceiptBudget: LegacyReceiptBudget, intakeBodyGate: IntakeBodyGate,
                 publishedRegisters: PublishedRegisterCache = PublishedRegisterCache()) {
        self.publishedRegisters = publishedRegisters
        self.keyVault = keyVault
        self.throttles = throttles
        self.followUpDeliverer = followUpDeliverer
        self.hashingPool = hashingPool
        self.legacyReceiptBudget = legacyReceiptBudget
        self.intakeBodyGate = intakeBodyGate
    }

    package let keyVault: KeyVault
    package let throttles: Throttles
    /// Replaceable only through `Application.setFollowUpDeliverer` (tests put a failing one in front).
    package var followUpDeliverer: any FollowUpDelivering
    package let hashingPool: HashingPool
    package let legacyReceiptBudget: LegacyReceiptBudget
    package let intakeBodyGate: IntakeBodyGate
    /// The MPs' published registers in memory, reloaded when a publication is added (issue 14).
    package let publishedRegisters: PublishedRegisterCache
}


/// A service was used before `configure` set it up (a programming error, answered with 500).
package struct ConfigurationNotRun: Error, CustomStringConvertible {
    package init() {}

    package var description: String { "configure(_:_:) has not run" }
}
