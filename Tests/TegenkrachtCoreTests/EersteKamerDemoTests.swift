import Foundation
import TegenkrachtCore
import Testing

extension CorePaths {
    static var eersteKamerOrganisation: String { root + "/Resources/Organisation/demo-eerste-kamer.json" }
    static var integrityRules: String { root + "/Resources/Registers/integrity-rules.json" }
}

/// The Eerste Kamer as a second demo organisation: its own file, the same software, its own
/// integrity code ("eerste-kamer" in integrity-rules.json, from 2023).
@Suite("The Eerste Kamer demo organisation")
struct EersteKamerDemoTests {
    static let day = date("2024-03-01")

    @Test("The file loads and is valid")
    func loadsAndIsValid() throws {
        let org = try OrganisationFile.load(path: CorePaths.eersteKamerOrganisation)
        #expect(OrganisationValidator.problems(in: org).isEmpty)
        #expect(org.formatVersion == Organisation.currentFormatVersion)
        #expect(org.name == "Eerste Kamer der Staten-Generaal (demo)")
        #expect(org.validFrom == date("2023-01-01"))
        #expect(org.employers.contains { $0.id == "ambtelijke-organisatie" && $0.kind == .civilService })
        #expect(org.employers.contains { $0.kind == .house })
        for fractie in org.fracties {
            #expect(org.employer(id: fractie.employer)?.kind == .fractieFoundation)
        }
    }

    @Test("Who declares, who decides, who keeps which register; the senators")
    func roles() throws {
        let org = try OrganisationFile.load(path: CorePaths.eersteKamerOrganisation)
        let day = Self.day
        #expect(org.lineManagers(of: "medewerker-ek", on: day).map(\.id) == ["manager-ek"])
        #expect(org.lineManagers(of: "manager-ek", on: day).isEmpty)
        #expect(org.riskFunction(of: "medewerker-ek", on: day)?.employer == "ambtelijke-organisatie")
        #expect(org.riskFunction(of: "manager-ek", on: day) == nil)
        #expect(org.isHumanResources("hr-1", for: "ambtelijke-organisatie", on: day))
        #expect(!org.isHumanResources("manager-ek", for: "ambtelijke-organisatie", on: day))
        #expect(org.keepsIntegrityRegister("integriteitscoordinator", on: day))
        #expect(!org.keepsIntegrityRegister("manager-ek", on: day))
        #expect(org.keepsPublicRegisters("griffie-plenair-ek", on: day))
        #expect(!org.keepsPublicRegisters("senator-1", on: day))
        #expect(Set(org.membersOfParliament.map(\.id)) == ["senator-1", "senator-2", "voorzitter-ek"])
        #expect(org.holders(of: .houseChair, on: day).map(\.person.id) == ["voorzitter-ek"])
        // One external advisor for both integrity and unwanted behaviour (spec 002 R-160), and a
        // civil-service advisor for integrity, so that a case has a second person.
        #expect(Set(org.holders(of: .confidentialAdvisorIntegrity, on: day).map(\.person.id)) == ["vp-extern-ek", "vpi-ek"])
        #expect(org.holders(of: .confidentialAdvisorUnwantedBehaviour, on: day).map(\.person.id) == ["vp-extern-ek"])
        #expect(org.holders(of: .administrator, on: day).map(\.person.id) == ["beheerder"])
        // Before the organisation starts, nobody holds a role yet.
        #expect(org.lineManagers(of: "medewerker-ek", on: date("2022-12-31")).isEmpty)
        // A pattern alert about a senator of another party than the Voorzitter's reaches the Voorzitter.
        #expect(org.authorityOverMembers(accused: ["senator-2"], fracties: [], on: day) == ["voorzitter-ek"])
    }

    @Test("The Eerste Kamer's code applies from 1 January 2023, not the day before")
    func rulesFrom2023() throws {
        let book = try IntegrityRuleBook.load(file: CorePaths.integrityRules)
        #expect(book.rules(for: "eerste-kamer", on: date("2022-12-31")) == nil)
        let rules = try #require(book.rules(for: "eerste-kamer", on: date("2023-01-01")))
        #expect(rules.giftThresholdCents == 5000)
        #expect(book.rules(for: "eerste-kamer", on: Self.day) != nil)
        // The Tweede Kamer's code is older; the two are kept apart.
        #expect(book.rules(for: "tweede-kamer", on: date("2022-12-31")) != nil)
    }
}
