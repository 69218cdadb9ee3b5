import Foundation
import TegenkrachtCore
import Testing

@Suite("Organisation file validation")
struct OrganisationValidationTests {
    @Test("The demo organisation is valid and has the Tweede Kamer's structure")
    func demoIsValid() throws {
        let org = try demoOrganisation()
        let today = date("2026-11-22")
        #expect(org.fracties(on: today).count == 15)
        let adopted = org.fracties(on: today).filter { $0.klachtenregeling.applies(on: today) }
        #expect(adopted.count > 3 && adopted.count < 15)
        let advisors = org.holders(of: .confidentialAdvisorUnwantedBehaviour, on: today)
        #expect(advisors.filter { $0.assignment.affiliation == .external }.count == 1)
        #expect(advisors.filter { $0.assignment.affiliation != .external }.count == 5)
        #expect(advisors.filter { $0.assignment.affiliation == .fractie }.count == 3)
        #expect(org.holders(of: .confidentialAdvisorIntegrity, on: today).count == 2)
        #expect(org.holders(of: .complaintsCommitteeChair, on: today).first?.assignment.affiliation == .external)
        #expect(org.holders(of: .complaintsCommitteeDeputy, on: today).count == 2)
        #expect(org.holders(of: .complaintsCommitteeSecretary, on: today).count == 1)
        #expect(org.employers.contains { $0.kind == .house })
        // Every fractie has its own foundation as employer.
        for fractie in org.fracties {
            #expect(org.employer(id: fractie.employer)?.kind == .fractieFoundation)
        }
    }

    @Test("Adoption of the Klachtenregeling counts from its date, not before")
    func adoptionDate() throws {
        let org = try demoOrganisation()
        // Nieuw Links adopted it on 2024-02-01.
        #expect(!org.fractieAdoptedKlachtenregeling("nieuw-links", on: date("2024-01-31")))
        #expect(org.fractieAdoptedKlachtenregeling("nieuw-links", on: date("2024-02-01")))
        #expect(!org.fractieAdoptedKlachtenregeling("volkspartij-midden", on: date("2026-01-01")))
        #expect(!org.fractieAdoptedKlachtenregeling("bestaat-niet", on: date("2026-01-01")))
    }

    @Test("A fractie without an employer is refused, naming the place")
    func fractieWithoutEmployer() throws {
        var org = try demoOrganisation()
        org.fracties[2].employer = ""
        let found = problems(org)
        #expect(found.contains { $0.path == "fracties[2].employer" && $0.key == "config.problem.fractieWithoutEmployer" })
    }

    @Test("A fractie employed by the civil service, or by another fractie's foundation, is refused")
    func wrongEmployer() throws {
        var org = try demoOrganisation()
        org.fracties[0].employer = "ambtelijke-organisatie"
        org.fracties[2].employer = org.fracties[1].employer
        let found = problems(org)
        #expect(found.contains { $0.path == "fracties[0].employer" && $0.key == "config.problem.fractieEmployerKind" })
        #expect(found.contains { $0.path == "fracties[2].employer" && $0.key == "config.problem.sharedEmployer" })
    }

    @Test("A person in two incompatible roles at the same time is refused")
    func incompatibleRoles() throws {
        var org = try demoOrganisation()
        // The external confidential advisor also chairs the complaints committee.
        org.roles.append(RoleAssignment(person: "vp-extern", role: .complaintsCommitteeChair, affiliation: .external,
                                        validity: Validity(from: date("2025-01-01"))))
        let found = problems(org)
        let last = "roles[\(org.roles.count - 1)]"
        #expect(found.contains { $0.path == last && $0.key == "config.problem.incompatibleRoles" })
        // ... and since there is already a chair, the seat is double-booked as well.
        #expect(found.contains { $0.path == "\(last).validity" && $0.key == "config.problem.roleOverlap" })
    }

    @Test("Incompatible roles held one after the other are fine")
    func successiveRoles() throws {
        var org = try demoOrganisation()
        let index = try #require(org.roles.firstIndex { $0.person == "vp-ambtelijk-2" })
        org.roles[index].validity = Validity(from: date("2021-05-01"), until: date("2024-12-31"))
        org.roles.append(RoleAssignment(person: "vp-ambtelijk-2", role: .competentAuthority, affiliation: .civilService,
                                        employer: "ambtelijke-organisatie", validity: Validity(from: date("2025-01-01"))))
        #expect(problems(org).isEmpty)
    }

    @Test("Advising on both unwanted behaviour and integrity is allowed")
    func combinedAdvisor() throws {
        var org = try demoOrganisation()
        org.roles.append(RoleAssignment(person: "vp-ambtelijk-1", role: .confidentialAdvisorIntegrity,
                                        affiliation: .civilService, validity: Validity(from: date("2022-01-01"))))
        #expect(problems(org).isEmpty)
    }

    @Test("Overlapping versions of one fractie are refused; successive versions are accepted")
    func fractieVersions() throws {
        var org = try demoOrganisation()
        let index = try #require(org.fracties.firstIndex { $0.id == "volkspartij-midden" })
        var before = org.fracties[index]
        before.validity = Validity(from: date("2023-12-06"), until: date("2025-06-30"))
        var after = before
        after.validity = Validity(from: date("2025-07-01"))
        after.klachtenregeling = KlachtenregelingStatus(adopted: true, since: date("2025-07-01"))
        org.fracties[index] = before
        org.fracties.append(after)
        #expect(problems(org).isEmpty)
        #expect(!org.fractieAdoptedKlachtenregeling("volkspartij-midden", on: date("2025-06-30")))
        #expect(org.fractieAdoptedKlachtenregeling("volkspartij-midden", on: date("2025-07-01")))

        org.fracties[org.fracties.count - 1].validity = Validity(from: date("2025-06-30"))
        #expect(problems(org).contains { $0.key == "config.problem.fractieOverlap"
            && $0.path == "fracties[\(org.fracties.count - 1)].validity" })
    }

    @Test("Dates that end before they start are refused")
    func endBeforeStart() throws {
        var org = try demoOrganisation()
        org.units[3].validity = Validity(from: date("2024-01-01"), until: date("2023-12-31"))
        #expect(problems(org).contains { $0.path == "units[3].validity" && $0.key == "config.problem.endsBeforeStart" })
    }

    @Test("The committee's seats demand their affiliation")
    func seatAffiliation() throws {
        var org = try demoOrganisation()
        let index = try #require(org.roles.firstIndex { $0.role == .complaintsCommitteeChair })
        org.roles[index].affiliation = .civilService
        #expect(problems(org).contains { $0.path == "roles[\(index)].affiliation" && $0.key == "config.problem.wrongAffiliation" })
    }

    @Test("Adoption without a date, and references that point nowhere, are refused")
    func referencesAndDates() throws {
        var org = try demoOrganisation()
        org.fracties[5].klachtenregeling = KlachtenregelingStatus(adopted: true, since: nil)
        org.roles[0].person = "niemand"
        org.people[0].unit = "afdeling-x"
        org.units[4].parent = "nergens"
        let found = problems(org)
        #expect(found.contains { $0.path == "fracties[5].klachtenregeling.since" && $0.key == "config.problem.adoptedWithoutDate" })
        #expect(found.contains { $0.path == "roles[0].person" && $0.key == "config.problem.unknownPerson" })
        #expect(found.contains { $0.path == "people[0].unit" && $0.key == "config.problem.unknownUnit" })
        #expect(found.contains { $0.path == "units[4].parent" && $0.key == "config.problem.unknownUnit" })
    }

    @Test("Contact details are checked: a phone number of digits, one e-mail address without line breaks, short texts (issue 15)")
    func contactDetails() throws {
        var org = try demoOrganisation()
        #expect(problems(org).isEmpty)
        let index = try #require(org.people.firstIndex { $0.id == "vp-extern" })
        #expect(org.people[index].contact?.phone == "030 230 45 60")
        org.people[index].contact = ContactDetails(phone: "bel mij", email: "a@b.example\r\nBcc: x@y.example", room: String(repeating: "k", count: 201),
                                                   availability: "altijd\n")
        let found = problems(org).filter { $0.path.hasPrefix("people[\(index)].contact") }.map(\.key)
        #expect(found == ["config.problem.badPhone", "config.problem.badEmail", "config.problem.badText", "config.problem.badText"])
        // Positive control: the usual ways of writing are accepted.
        org.people[index].contact = ContactDetails(phone: "+31 (0)70 318 20 11", email: "vertrouwenspersoon@example.nl", room: "B 2.14",
                                                   availability: "maandag tot en met donderdag, 9 tot 17 uur")
        #expect(problems(org).isEmpty)
    }

    @Test("A misspelt key is refused rather than silently ignored")
    func unknownKey() throws {
        var text = try String(contentsOfFile: CorePaths.demoOrganisation, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"ownRegulation\": false", with: "\"ownRegulaton\": false")
        #expect(throws: InvalidOrganisation.self) { try OrganisationFile.parse(Data(text.utf8)) }
        do {
            _ = try OrganisationFile.parse(Data(text.utf8))
        } catch {
            #expect(error.problems.contains { $0.key == "config.problem.unknownKey" && $0.path == "fracties[0].ownRegulaton" })
        }
    }

    @Test("Syntax errors, missing fields and bad dates name the place", arguments: [
        (#"{"formatVersion": 1,"#, "config.problem.syntax", ""),
        (#"{"formatVersion": 1, "name": "x", "validFrom": "2024-01-01"}"#, "config.problem.missingKey", "employers"),
        (#"{"formatVersion": 1, "name": "x", "validFrom": "2024-02-30", "employers": [], "units": [], "parties": [], "fracties": [], "people": [], "roles": []}"#,
         "config.problem.badValue", "validFrom"),
    ])
    func malformed(json: String, key: String, path: String) {
        do {
            _ = try OrganisationFile.parse(Data(json.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.problems.first?.key == key)
            #expect(error.problems.first?.path == path)
        }
    }

    @Test("A file problem names the file, the place and the problem in words")
    func messageFromFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("org-\(UUID().uuidString).json").path
        var org = try demoOrganisation()
        org.fracties[1].employer = "stichting-onbekend"
        try OrganisationFile.encode(org).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let catalog = try LocalisationCatalog.load(directory: CorePaths.localisation)
        do {
            _ = try OrganisationFile.load(path: path)
            Issue.record("accepted")
        } catch {
            let message = try #require(error.problems.first).message(catalog.localizer(.english))
            #expect(message == "\(path): fracties[1].employer: Unknown employer 'stichting-onbekend'.")
        }
    }
}


/// Pattern alerts about MPs (issue 13): to whom the organisation data gives authority over MPs, never
/// to the civil-service coordinator, never to anyone of the MP's own party.
@Suite("Authority over MPs")
struct AuthorityOverMembersTests {
    let organisation: Organisation
    let today = date("2026-06-01")

    init() throws {
        organisation = try OrganisationFile.load(path: CorePaths.root + "/Resources/Organisation/demo.json")
    }

    @Test("The Voorzitter for an MP of another party; the College's secretariat for one of the Voorzitter's own party or an unknown party")
    func recipients() throws {
        #expect(organisation.authorityOverMembersOfParliament == [.houseChair, .integrityBoardSecretariat])
        // The Voorzitter sits for the Liberale Unie in the demo.
        #expect(organisation.person(id: "voorzitter-kamer")?.fractie == "liberale-unie")
        #expect(organisation.authorityOverMembers(accused: [], fracties: ["noordstar"], on: today) == ["voorzitter-kamer"])
        #expect(organisation.authorityOverMembers(accused: [], fracties: ["liberale-unie"], on: today) == ["college-secretaris"])
        // The party unknown (a name only): nobody who sits in a fractie can be ruled out, so not the Voorzitter.
        #expect(organisation.authorityOverMembers(accused: [], fracties: [], on: today) == ["college-secretaris"])
        // The accused is never their own recipient.
        #expect(organisation.authorityOverMembers(accused: ["voorzitter-kamer"], fracties: ["noordstar"], on: today) == ["college-secretaris"])
        #expect(!organisation.authorityOverMembers(accused: [], fracties: [], on: today).contains("integriteitscoordinator"))
    }
}
