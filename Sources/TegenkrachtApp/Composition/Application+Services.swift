import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The application is the service context of every use case (the composition root, issue 12).
extension Application: ServiceContext {}

// Formerly in Cases/CaseService.swift
extension Application {
    private struct CaseRulesKey: StorageKey { typealias Value = CaseRuleBook }

    package var caseRules: CaseRuleBook {
        get { storage[CaseRulesKey.self] ?? CaseRuleBook(versions: []) }
        set { storage[CaseRulesKey.self] = newValue }
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

// Formerly in Monitor/MonitorService.swift
extension Application {
    private struct InstrumentsKey: StorageKey { typealias Value = InstrumentBook }

    package var instruments: InstrumentBook {
        get { storage[InstrumentsKey.self] ?? InstrumentBook(instruments: []) }
        set { storage[InstrumentsKey.self] = newValue }
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

extension Application {
    private struct ProceduresKey: StorageKey { typealias Value = ProcedureBook }

    package var procedures: ProcedureBook {
        get { storage[ProceduresKey.self] ?? ProcedureBook(definitions: []) }
        set { storage[ProceduresKey.self] = newValue }
    }
}

extension Application {
    private struct ReportBookKey: StorageKey { typealias Value = ReportBook }

    package var reportBook: ReportBook {
        get { storage[ReportBookKey.self] ?? ReportBook(templates: []) }
        set { storage[ReportBookKey.self] = newValue }
    }
}
