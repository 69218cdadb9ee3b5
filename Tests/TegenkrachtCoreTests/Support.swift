import Foundation
import TegenkrachtCore

enum CorePaths {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var demoOrganisation: String { root + "/Resources/Organisation/demo.json" }
    static var localisation: String { root + "/Resources/Localization" }
}

func date(_ iso: String) -> LocalDate {
    LocalDate(iso: iso)!
}

/// The demo organisation as a mutable value, to break in one place per test.
func demoOrganisation() throws -> Organisation {
    try OrganisationFile.load(path: CorePaths.demoOrganisation)
}

/// The problems found in an organisation after a JSON round trip (the way a file is read).
func problems(_ organisation: Organisation) -> [ConfigurationProblem] {
    do {
        _ = try OrganisationFile.parse(OrganisationFile.encode(organisation))
        return []
    } catch {
        return error.problems
    }
}
