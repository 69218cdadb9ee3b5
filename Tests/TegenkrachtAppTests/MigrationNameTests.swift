@testable import TegenkrachtUseCases
import Testing

/// The migration log holds each migration's name as it was when it ran. The migrations moved to
/// another module (issue 12), and Fluent's default name carries the module: without fixed names every
/// existing database would be migrated again and fail on its first `CREATE TABLE`.
@Suite struct MigrationNameTests {
    @Test func everyMigrationKeepsTheNameTheLogHolds() {
        let names = SchemaMigrations.all.map(\.name)
        #expect(names.count == 17)
        #expect(names.first == "TegenkrachtApp.M001_Foundation")
        #expect(names.contains("TegenkrachtApp.M007_StaffReminders"))
        for name in names {
            #expect(name.hasPrefix("TegenkrachtApp.M"), "\(name)")
        }
        #expect(Set(names).count == names.count)
        // Positive control: Fluent's default for a type of this module would differ.
        #expect(String(reflecting: M001_Foundation.self) != "TegenkrachtApp.M001_Foundation")
    }
}
