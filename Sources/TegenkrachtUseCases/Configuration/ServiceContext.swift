import FluentKit
import Foundation
import Logging
import TegenkrachtCore

/// What a use case or store needs from the running service: its database, its log, its
/// configuration and the parts built once in `configure` (issue 12). The web target's `Application`
/// conforms, so handlers, commands and jobs pass it as they are; this target never sees `Request`,
/// Leaf or an HTTP error, and the compiler keeps it that way (it does not depend on Vapor).
package protocol ServiceContext: Sendable {
    var db: any Database { get }
    var logger: Logger { get }
    var tegenkracht: AppConfiguration { get }
    /// Throws when `configure` has not run: nothing hands out an empty default.
    var services: AppServices { get throws }
    var organisationStore: OrganisationStore { get }
    var caseRules: CaseRuleBook { get }
    var instruments: InstrumentBook { get }
    var procedures: ProcedureBook { get }
    var reportBook: ReportBook { get }
    var integrityRules: IntegrityRuleBook { get }
    var recommendations: RecommendationBook { get }
    var onboarding: OnboardingBook { get }
    var codeOfConduct: CodeOfConductBook { get }
    var localisation: LocalisationCatalog { get }
    var receiptHasher: ReceiptHasher { get }
}

extension ServiceContext {
    /// Now, from the configured clock.
    package var clock: any WallClock { tegenkracht.clock }

    /// Today in the organisation's time zone, from the configured clock.
    package var today: LocalDate { tegenkracht.clock.today(in: tegenkracht.timeZone) }

    package var keyVault: KeyVault { get throws { try services.keyVault } }
    package var throttles: Throttles { get throws { try services.throttles } }
    package var followUpDeliverer: any FollowUpDelivering { get throws { try services.followUpDeliverer } }
    package var hashingPool: HashingPool { get throws { try services.hashingPool } }
    package var legacyReceiptBudget: LegacyReceiptBudget { get throws { try services.legacyReceiptBudget } }
    package var intakeBodyGate: IntakeBodyGate { get throws { try services.intakeBodyGate } }
}

/// A store was handed a database it cannot use the way it needs (a programming error, answered 500).
package enum StoreFault: Error {
    /// The database is not an SQL database (both supported ones are).
    case notSQL
    /// A stored row could not be read back.
    case unreadableRow
}
