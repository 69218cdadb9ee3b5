import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `OrganisationAdminController`: what its templates receive.
extension OrganisationAdminController {
    struct FractieRow: Encodable, Sendable {
        let name: String
        let seats: Int
        let applies: Bool
        let since: String?
        let ownRegulation: Bool
        let ownConfidentialAdvisor: Bool
        let policy: String?
    }

    struct RoleRow: Encodable, Sendable {
        let role: String
        let holder: String
        let affiliation: String
        let since: String
    }

    struct UnitRow: Encodable, Sendable {
        let name: String
        let kind: String
        let parent: String?
    }

    struct VersionRow: Encodable, Sendable {
        let number: Int
        let validFrom: String
        let note: String?
    }

    struct ViewContent: Encodable, Sendable {
        let name: String
        let date: String
        let versionNumber: Int?
        let employers: [String]
        let units: [UnitRow]
        let fracties: [FractieRow]
        let roles: [RoleRow]
        let versions: [VersionRow]
        let saved: Bool
    }

    struct EditContent: Encodable, Sendable {
        let document: String
        let note: String
        let problems: [String]
    }
}
