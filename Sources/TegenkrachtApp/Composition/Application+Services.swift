import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The application is the service context of every use case (the composition root, issue 12).
extension Application: ServiceContext {}

/// The rule books `configure` loads from the resources (versioned data, issue 12), kept as one value.
/// Read before `configure` (a programming error, no request can), the books are empty: nothing is
/// in force, so no route, procedure or case rule applies, rather than a trap that ends the process.
struct RuleBooks: Sendable {
    var caseRules = CaseRuleBook(versions: [])
    var procedures = ProcedureBook(definitions: [])
    var reportBook = ReportBook(templates: [])
    var instruments = InstrumentBook(instruments: [])
    var integrityRules = IntegrityRuleBook(versions: [])
    var recommendations = RecommendationBook(versions: [])
    var onboarding = OnboardingBook(versions: [])
    var codeOfConduct = CodeOfConductBook(versions: [])
}

extension Application {
    private struct RuleBooksKey: StorageKey { typealias Value = RuleBooks }

    private var ruleBooks: RuleBooks {
        get { storage[RuleBooksKey.self] ?? RuleBooks() }
        set { storage[RuleBooksKey.self] = newValue }
    }

    package var caseRules: CaseRuleBook {
        get { ruleBooks.caseRules }
        set { ruleBooks.caseRules = newValue }
    }

    package var procedures: ProcedureBook {
        get { ruleBooks.procedures }
        set { ruleBooks.procedures = newValue }
    }

    package var reportBook: ReportBook {
        get { ruleBooks.reportBook }
        set { ruleBooks.reportBook = newValue }
    }

    package var instruments: InstrumentBook {
        get { ruleBooks.instruments }
        set { ruleBooks.instruments = newValue }
    }

    package var integrityRules: IntegrityRuleBook {
        get { ruleBooks.integrityRules }
        set { ruleBooks.integrityRules = newValue }
    }

    package var recommendations: RecommendationBook {
        get { ruleBooks.recommendations }
        set { ruleBooks.recommendations = newValue }
    }

    package var onboarding: OnboardingBook {
        get { ruleBooks.onboarding }
        set { ruleBooks.onboarding = newValue }
    }

    package var codeOfConduct: CodeOfConductBook {
        get { ruleBooks.codeOfConduct }
        set { ruleBooks.codeOfConduct = newValue }
    }
}

extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = AppConfiguration }

    /// Set by `configure` before any route, job or command is registered. Read before that (a
    /// programming error: a test or command that forgot `configure`), it is the configuration with
    /// nothing set, whose values are the strict ones (Secure cookies, full password cost, the
    /// system clock), instead of ending the process. The parts that hold state or secrets are not
    /// here: `services` throws until `configure` has built them.
    package var tegenkracht: AppConfiguration {
        get { storage[ConfigurationKey.self] ?? .unconfigured }
        set { storage[ConfigurationKey.self] = newValue }
    }
}

// Formerly in Configuration/AppServices.swift
extension Application {
    private struct ServicesKey: StorageKey { typealias Value = AppServices }

    package var services: AppServices {
        get throws {
            guard let services = storage[ServicesKey.self] else { throw ConfigurationNotRun() }
            return services
        }
    }

    func setServices(_ services: AppServices) {
        storage[ServicesKey.self] = services
    }

    func setFollowUpDeliverer(_ deliverer: any FollowUpDelivering) throws {
        var changed = try services
        changed.followUpDeliverer = deliverer
        setServices(changed)
    }
}

// Formerly in Intake/ReportService.swift
extension Application {
    private struct HasherKey: StorageKey { typealias Value = ReceiptHasher }

    /// Verifies receipt codes stored in the old scrypt format (new codes use the keyed hash).
    package var receiptHasher: ReceiptHasher {
        get { storage[HasherKey.self] ?? .production }
        set { storage[HasherKey.self] = newValue }
    }
}

// Formerly in Organisation/OrganisationStore.swift
extension Application {
    private struct StoreKey: StorageKey { typealias Value = OrganisationStore }

    package var organisationStore: OrganisationStore {
        get {
            if let store = storage[StoreKey.self] { return store }
            let store = OrganisationStore(timeZone: tegenkracht.timeZone, clock: tegenkracht.clock)
            storage[StoreKey.self] = store
            return store
        }
        set { storage[StoreKey.self] = newValue }
    }
}

// Formerly in Security/HashingPool.swift
/// Stops the hashing threads when the application shuts down.
struct HashingPoolLifecycle: LifecycleHandler {
    let pool: HashingPool

    func shutdownAsync(_ application: Application) async {
        await pool.shutdown()
    }
}

