import Foundation
import TegenkrachtCore
import Testing

private let rules: RouteRuleSet = {
    let book = try! RouteRuleBook.load(directory: CorePaths.root + "/Resources/Routes")
    return book.inForce(on: LocalDate(iso: "2026-11-22")!)!
}()

private func ask(_ reporter: RouteGroup, _ accused: RouteGroup, _ kinds: Set<BehaviourKind>,
                 reporterAdopted: Adoption = .unknown, accusedAdopted: Adoption = .unknown,
                 wish: Wish = .undecided, on occurred: String? = nil) -> RouteAnswer {
    RouteFinder.answer(RouteQuestion(reporter: reporter, reporterAdopted: reporterAdopted, accused: accused,
                                     accusedAdopted: accusedAdopted, behaviours: kinds, wish: wish,
                                     occurredOn: occurred.flatMap(LocalDate.init(iso:))),
                       rules: rules, on: LocalDate(iso: "2026-11-22")!)
}

@Suite("Route finder")
struct RouteFinderTests {
    static let adoptionChoices: [Adoption] = [.yes, .no, .unknown]

    static var behaviourSets: [Set<BehaviourKind>] {
        let all = BehaviourKind.allCases
        return (1..<(1 << all.count)).map { mask in Set(all.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)) }
    }

    @Test("When it is the reporter's own manager, the manager is no route and a gap says where to go instead (issue 15)")
    func ownManager() throws {
        func answer(_ ownManager: Bool?) -> RouteAnswer {
            RouteFinder.answer(RouteQuestion(reporter: .civilServant, accused: .civilServant, behaviours: [.unwantedBehaviour],
                                             accusedIsOwnManager: ownManager),
                               rules: rules, on: LocalDate(iso: "2026-11-22")!)
        }
        for notSaid in [nil, false] as [Bool?] {
            #expect(answer(notSaid).routes.contains { $0.id == "leidinggevende" })
            #expect(!answer(notSaid).gaps.contains { $0.id == "eigen-leidinggevende" })
        }
        let own = answer(true)
        #expect(!own.routes.contains { $0.id == "leidinggevende" })
        #expect(own.gaps.contains { $0.id == "eigen-leidinggevende" })
        // The other routes stay: the advisors and the committee.
        #expect(own.routes.contains { $0.id == "vertrouwenspersoon-ongewenst-intern" } && own.routes.contains { $0.id == "klachtencommissie" })
        // Parsed from the API's words; anything else is refused, naming the field.
        #expect(try RouteQuestion.parse(reporter: "ambtenaar", accused: "ambtenaar", behaviours: ["ongewenst"], wish: nil,
                                        reporterAdopted: nil, accusedAdopted: nil, accusedIsOwnManager: "yes").accusedIsOwnManager == true)
        #expect(throws: RouteQuestionError.self) {
            try RouteQuestion.parse(reporter: "ambtenaar", accused: "ambtenaar", behaviours: ["ongewenst"], wish: nil,
                                    reporterAdopted: nil, accusedAdopted: nil, accusedIsOwnManager: "misschien")
        }
    }

    @Test("Every combination leads somewhere: a route besides the central one, and a gap for every missing formal route")
    func everyCombination() {
        var combinations = 0
        for reporter in RouteGroup.allCases {
            for accused in RouteGroup.allCases {
                for ra in reporter == .partyGroupStaff || reporter == .formerStaff ? Self.adoptionChoices : [.unknown] {
                    for aa in accused == .partyGroupStaff || accused == .formerStaff ? Self.adoptionChoices : [.unknown] {
                        for kinds in Self.behaviourSets {
                            combinations += 1
                            let answer = ask(reporter, accused, kinds, reporterAdopted: ra, accusedAdopted: aa)
                            let label = "\(reporter.rawValue)(\(ra)) -> \(accused.rawValue)(\(aa)) \(kinds.map(\.rawValue).sorted())"
                            #expect(answer.routeIDs.contains(RouteFinder.centralRouteID), "\(label): no central route")
                            #expect(answer.routes.count >= 2, "\(label): only \(answer.routeIDs)")
                            for kind in kinds {
                                let formal = answer.routes.contains { $0.formal && $0.serves.contains(kind.rawValue) }
                                let gap = answer.gaps.contains { $0.behaviour == kind.rawValue }
                                #expect(formal || gap, "\(label): \(kind.rawValue) has neither a formal route nor a gap")
                            }
                        }
                    }
                }
            }
        }
        #expect(combinations == 15 * (1 + 3 + 1 + 3 + 1) * (1 + 3 + 1 + 3 + 1))
    }

    @Test("The complaints committee only when both reporter and accused fall under the Klachtenregeling (003a §2.1, L1221-1241)")
    func complaintsCommittee() {
        #expect(ask(.civilServant, .civilServant, [.unwantedBehaviour]).route("klachtencommissie")?.conditional == false)
        #expect(ask(.partyGroupStaff, .civilServant, [.unwantedBehaviour], reporterAdopted: .yes).route("klachtencommissie") != nil)
        #expect(ask(.civilServant, .partyGroupStaff, [.unwantedBehaviour], accusedAdopted: .yes).route("klachtencommissie") != nil)
        #expect(ask(.formerStaff, .civilServant, [.unwantedBehaviour]).route("klachtencommissie") != nil)

        let notAdoptedReporter = ask(.partyGroupStaff, .civilServant, [.unwantedBehaviour], reporterAdopted: .no)
        #expect(notAdoptedReporter.route("klachtencommissie") == nil)
        #expect(notAdoptedReporter.gapIDs.contains("klachtencommissie-niet-voor-melder"))

        let notAdoptedAccused = ask(.civilServant, .partyGroupStaff, [.unwantedBehaviour], accusedAdopted: .no)
        #expect(notAdoptedAccused.route("klachtencommissie") == nil)
        #expect(notAdoptedAccused.gapIDs.contains("klachtencommissie-niet-voor-beklaagde"))

        // Not knowing whether the fractie adopted it: the committee is shown as "only if", with the reason.
        let unknown = ask(.civilServant, .partyGroupStaff, [.unwantedBehaviour])
        #expect(unknown.route("klachtencommissie")?.conditional == true)
        #expect(unknown.gapIDs.contains("klachtenregeling-onbekend"))
        #expect(!ask(.civilServant, .civilServant, [.unwantedBehaviour]).gapIDs.contains("klachtenregeling-onbekend"))

        // Never for MPs, on either side.
        for group in RouteGroup.allCases {
            #expect(ask(.memberOfParliament, group, [.unwantedBehaviour]).route("klachtencommissie") == nil)
            #expect(ask(group, .memberOfParliament, [.unwantedBehaviour], reporterAdopted: group.adoption).route("klachtencommissie") == nil)
        }
        // Only for unwanted behaviour.
        #expect(ask(.civilServant, .civilServant, [.integrity]).route("klachtencommissie") == nil)
    }

    @Test("Unwanted behaviour by an MP has no complaint procedure, and the answer says so (003a §2.2, L1277)")
    func mpGap() {
        let answer = ask(.civilServant, .memberOfParliament, [.unwantedBehaviour])
        #expect(answer.gapIDs.contains("geen-klachtroute-kamerlid"))
        #expect(!answer.routes.contains { $0.formal })
        // What is there: the advisors, the Voorzitter, the fractie and party, the Griffier, the central route.
        for id in ["vertrouwenspersoon-ongewenst-intern", "vertrouwenspersoon-ongewenst-extern", "voorzitter-presidium",
                   "fractie", "partij", "griffier", "centraal-meldpunt"] {
            #expect(answer.route(id) != nil, "\(id)")
        }
    }

    @Test("MPs get help too: \"Iedereen (leden, fracties en ambtenaren) kunnen gebruik maken van vertrouwenspersonen\" (woo-besluit L2342); the company doctor and social work for \"alle Kamerleden\" (reactie-presidium-raming-2024 L251-255)")
    func mpsGetHelp() {
        let answer = ask(.memberOfParliament, .partyGroupStaff, [.unwantedBehaviour])
        for id in ["vertrouwenspersoon-ongewenst-intern", "vertrouwenspersoon-ongewenst-extern", "bedrijfsarts", "bedrijfsmaatschappelijk-werk"] {
            #expect(answer.route(id) != nil, "\(id)")
        }
        #expect(!answer.gapIDs.contains("geen-vertrouwenspersoon-kamerlid"))
        #expect(!rules.gaps.contains { $0.id == "geen-vertrouwenspersoon-kamerlid" })
    }

    @Test("An MP or fractie staff member about a civil servant: the Griffier and the civil servant's manager, informally (kracht-zonder-tegenkracht L1225, L1277)")
    func aboutACivilServant() {
        for reporter in [RouteGroup.memberOfParliament, .partyGroupStaff] {
            let answer = ask(reporter, .civilServant, [.unwantedBehaviour])
            #expect(answer.route("griffier")?.formal == false, "\(reporter)")
            #expect(answer.route("leidinggevende") != nil, "\(reporter)")
        }
    }

    @Test("canSanction follows whom the body can sanction: the employer its staff, not visitors or people who left")
    func sanctionFollowsTheAccused() {
        #expect(ask(.civilServant, .civilServant, [.integrity]).route("bevoegd-gezag")?.abilities.sanction == true)
        #expect(ask(.civilServant, .external, [.integrity]).route("bevoegd-gezag")?.abilities.sanction == false)
        #expect(ask(.civilServant, .formerStaff, [.integrity]).route("bevoegd-gezag")?.abilities.sanction == false)
        // The Griffier has no power over MPs; a fractie cannot sanction a civil servant.
        #expect(ask(.civilServant, .memberOfParliament, [.unwantedBehaviour]).route("griffier")?.abilities.sanction == false)
        #expect(ask(.memberOfParliament, .civilServant, [.unwantedBehaviour]).route("fractie")?.abilities.sanction == false)
        #expect(ask(.partyGroupStaff, .partyGroupStaff, [.unwantedBehaviour]).route("fractie")?.abilities.sanction == true)
    }

    @Test("An advisor for an accused from a fractie that did not adopt the Klachtenregeling is contested (kracht-zonder-tegenkracht L1239 against 003a): conditional, with the reason")
    func contestedAdvisor() {
        let notAdopted = ask(.civilServant, .partyGroupStaff, [.unwantedBehaviour], accusedAdopted: .no)
        let advisor = notAdopted.route("vertrouwenspersoon-ongewenst-intern")
        #expect(advisor?.conditional == true)
        #expect(advisor?.reasons == ["beklaagde-fractie-niet-aangenomen"])
        let adopted = ask(.civilServant, .partyGroupStaff, [.unwantedBehaviour], accusedAdopted: .yes)
        #expect(adopted.route("vertrouwenspersoon-ongewenst-intern")?.conditional == false)
    }

    @Test("Art. 10 lid 2: behaviour \"binnen de periode van een jaar voorafgaand aan de indiening\"; older conduct makes the committee conditional, with the reason", arguments: [
        ("2025-11-22", false), ("2025-11-21", true), ("2024-02-29", true), ("2026-03-01", false),
    ])
    func oneYearTerm(date: String, late: Bool) {
        let committee = ask(.civilServant, .civilServant, [.unwantedBehaviour], reporterAdopted: .yes, accusedAdopted: .yes, on: date)
            .route("klachtencommissie")
        #expect(committee != nil)
        #expect(committee?.conditional == late)
        #expect(committee?.reasons == (late ? ["termijn-een-jaar"] : []))
    }

    @Test("The College van onderzoek integriteit: integrity complaints about MPs from anyone (000a §1.13, L417)")
    func college() {
        for reporter in RouteGroup.allCases {
            let answer = ask(reporter, .memberOfParliament, [.integrity], reporterAdopted: reporter.adoption)
            #expect(answer.route("college-onderzoek-integriteit")?.formal == true, "\(reporter)")
        }
        // Not interpersonal behaviour, and not about anyone but an MP.
        #expect(ask(.civilServant, .memberOfParliament, [.unwantedBehaviour]).route("college-onderzoek-integriteit") == nil)
        #expect(ask(.civilServant, .civilServant, [.integrity]).route("college-onderzoek-integriteit") == nil)
    }

    @Test("The College does not take conduct before 1 April 2021 (000c §3, L5629-5634)", arguments: [
        ("2021-03-31", false), ("2021-04-01", true), ("2020-12-31", false), ("2024-02-29", true),
    ])
    func collegeStartDate(date: String, open: Bool) {
        let answer = ask(.partyGroupStaff, .memberOfParliament, [.integrity], on: date)
        #expect((answer.route("college-onderzoek-integriteit") != nil) == open)
        #expect(answer.gapIDs.contains("college-voor-1-april-2021") == !open)
    }

    @Test("The integrity advisor (VPI) for integrity and wrongdoing in the civil service (000a §1.8, L751)")
    func integrityAdvisor() {
        #expect(ask(.civilServant, .civilServant, [.integrity]).route("vertrouwenspersoon-integriteit") != nil)
        #expect(ask(.civilServant, .memberOfParliament, [.wrongdoing]).route("vertrouwenspersoon-integriteit") != nil)
        #expect(ask(.formerStaff, .civilServant, [.wrongdoing]).route("vertrouwenspersoon-integriteit") != nil)
        #expect(ask(.partyGroupStaff, .civilServant, [.integrity], reporterAdopted: .yes).route("vertrouwenspersoon-integriteit") == nil)
        #expect(ask(.civilServant, .civilServant, [.unwantedBehaviour]).route("vertrouwenspersoon-integriteit") == nil)
    }

    @Test("The police for criminal matters, the Huis voor Klokkenluiders for wrongdoing, whoever is involved")
    func policeAndWhistleblowers() {
        for reporter in RouteGroup.allCases {
            for accused in RouteGroup.allCases {
                #expect(ask(reporter, accused, [.criminal]).route("politie")?.formal == true)
                #expect(ask(reporter, accused, [.wrongdoing]).route("huis-voor-klokkenluiders")?.formal == true)
                #expect(ask(reporter, accused, [.unwantedBehaviour]).route("politie") == nil)
            }
        }
    }

    @Test("A mixed case gets both tracks: intimidation after raising misuse of public money (003a §1.2, L1263)")
    func mixedCase() {
        let answer = ask(.civilServant, .memberOfParliament, [.unwantedBehaviour, .integrity])
        #expect(answer.route("vertrouwenspersoon-ongewenst-intern") != nil)
        #expect(answer.route("vertrouwenspersoon-integriteit") != nil)
        #expect(answer.route("college-onderzoek-integriteit")?.serves == ["integriteit"])
        #expect(answer.gapIDs.contains("geen-klachtroute-kamerlid"))

        let colleagues = ask(.civilServant, .civilServant, [.unwantedBehaviour, .integrity, .criminal])
        for id in ["klachtencommissie", "bevoegd-gezag", "politie", "vertrouwenspersoon-ongewenst-intern", "vertrouwenspersoon-integriteit"] {
            #expect(colleagues.route(id) != nil, "\(id)")
        }
        #expect(colleagues.gaps.isEmpty)
    }

    @Test("Routes that fit the wish come first")
    func wishOrder() {
        let formal = ask(.civilServant, .civilServant, [.unwantedBehaviour], wish: .formalComplaint)
        #expect(formal.routes.first?.id == "klachtencommissie")
        #expect(formal.routes.first?.matchesWish == true)
        let talk = ask(.civilServant, .civilServant, [.unwantedBehaviour], wish: .talk)
        #expect(talk.routes.first?.id == "vertrouwenspersoon-ongewenst-intern")
        #expect(talk.route("klachtencommissie")?.matchesWish == false)
        // Without a wish nothing is said to fit it.
        #expect(ask(.civilServant, .civilServant, [.unwantedBehaviour]).routes.allSatisfy { !$0.matchesWish })
    }

    @Test("Holders come from the organisation, with their affiliation and other roles")
    func holders() throws {
        let org = try demoOrganisation()
        let answer = RouteFinder.answer(RouteQuestion(reporter: .civilServant, accused: .civilServant, behaviours: [.unwantedBehaviour]),
                                        rules: rules, organisation: org, on: LocalDate(iso: "2026-11-22")!)
        let insiders = try #require(answer.route("vertrouwenspersoon-ongewenst-intern")).holders
        #expect(insiders.count == 5)
        #expect(insiders.contains { $0.name == "Sanne Wijnberg" && $0.fractie == "Noordstar" && $0.otherRoles == ["leidinggevende"] })
        #expect(try #require(answer.route("vertrouwenspersoon-ongewenst-extern")).holders.map(\.affiliation) == ["extern"])
        #expect(try #require(answer.route("klachtencommissie")).holders.contains { $0.role == "klachtencommissie-voorzitter" })
    }

    @Test("Every rule names its source, and every route id is one of the documented ones")
    func rulesHaveSources() {
        let documented: Set<String> = [
            "vertrouwenspersoon-ongewenst-intern", "vertrouwenspersoon-ongewenst-extern", "vertrouwenspersoon-integriteit",
            "klachtencommissie", "college-onderzoek-integriteit", "adviseur-integriteit", "leidinggevende", "fractie", "partij",
            "voorzitter-presidium", "centraal-meldpunt", "bedrijfsmaatschappelijk-werk", "bedrijfsarts", "politie",
            "huis-voor-klokkenluiders", "bevoegd-gezag", "griffier", "beveiliging",
        ]
        #expect(Set(rules.routes.map(\.id)) == documented)
        for rule in rules.routes { #expect(!rule.source.isEmpty) }
        for rule in rules.gaps { #expect(!rule.source.isEmpty) }
    }
}

@Suite("Route finder input")
struct RouteQuestionParsingTests {
    @Test("An unknown group, behaviour or wish is refused with the valid values")
    func unknownValues() {
        #expect(throws: RouteQuestionError(key: "routes.error.unknownValue", field: "reporter", value: "minister",
                                           validValues: RouteGroup.allCases.map(\.rawValue))) {
            try RouteQuestion.parse(reporter: "minister", accused: "kamerlid", behaviours: ["ongewenst"], wish: nil,
                                    reporterAdopted: nil, accusedAdopted: nil)
        }
        do {
            _ = try RouteQuestion.parse(reporter: "ambtenaar", accused: "kamerlid", behaviours: ["ongewenst,roddel"], wish: nil,
                                        reporterAdopted: nil, accusedAdopted: nil)
            Issue.record("accepted")
        } catch {
            #expect(error.field == "behaviour" && error.value == "roddel")
            #expect(error.validValues == ["ongewenst", "integriteit", "misstand", "strafbaar"])
        }
    }

    @Test("Adoption given for an MP makes no sense, and says why")
    func adoptionForMP() {
        do {
            _ = try RouteQuestion.parse(reporter: "kamerlid", accused: "ambtenaar", behaviours: ["ongewenst"], wish: nil,
                                        reporterAdopted: "yes", accusedAdopted: nil)
            Issue.record("accepted")
        } catch {
            #expect(error.key == "routes.error.adoptionForMP")
            #expect(error.field == "reporter-adopted")
        }
        #expect(throws: RouteQuestionError.self) {
            try RouteQuestion.parse(reporter: "ambtenaar", accused: "ambtenaar", behaviours: ["ongewenst"], wish: nil,
                                    reporterAdopted: nil, accusedAdopted: "no")
        }
    }

    @Test("Comma-separated behaviours, a wish and a date are read")
    func goodInput() throws {
        let q = try RouteQuestion.parse(reporter: "fractiemedewerker", accused: "kamerlid", behaviours: ["ongewenst,integriteit"],
                                        wish: "klacht", reporterAdopted: "no", accusedAdopted: nil, occurredOn: "2024-02-29")
        #expect(q.behaviours == [.unwantedBehaviour, .integrity])
        #expect(q.reporterAdopted == .no && q.wish == .formalComplaint && q.occurredOn?.iso == "2024-02-29")
        #expect(throws: RouteQuestionError.self) {
            try RouteQuestion.parse(reporter: "ambtenaar", accused: "ambtenaar", behaviours: ["ongewenst"], wish: nil,
                                    reporterAdopted: nil, accusedAdopted: nil, occurredOn: "2023-02-29")
        }
        #expect(throws: RouteQuestionError.self) {
            try RouteQuestion.parse(reporter: "ambtenaar", accused: "ambtenaar", behaviours: [], wish: nil,
                                    reporterAdopted: nil, accusedAdopted: nil)
        }
    }

    @Test("The typology has the report's 20 behaviours, a to t, all unwanted behaviour")
    func typology() {
        #expect(BehaviourItem.all.map(\.code).sorted() == "abcdefghijklmnopqrst".map(String.init))
        #expect(BehaviourItem.all.allSatisfy { $0.kinds.contains(.unwantedBehaviour) })
        #expect(BehaviourItem.item(code: "e")?.kinds.contains(.integrity) == true)
        #expect(Set(BehaviourItem.all.filter(\.serious).map(\.code)) == ["g", "h", "j", "l"])
    }
}

private extension RouteGroup {
    /// A valid adoption answer for this group (only fractie staff and former staff may give one).
    var adoption: Adoption { self == .partyGroupStaff ? .yes : .unknown }
}
