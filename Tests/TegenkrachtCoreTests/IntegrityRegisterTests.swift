import Foundation
import TegenkrachtCore
import Testing

/// Issue 14, the rules of the integrity registers, against the code's own words (spec 002).
@Suite("Integrity registers: gifts, trips, income statements, the MPs' public registers")
struct IntegrityRegisterTests {
    let book: IntegrityRuleBook
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }  // literals below, all real days

    init() throws {
        book = try IntegrityRuleBook.load(file: CorePaths.root + "/Resources/Registers/integrity-rules.json")
    }

    @Test("Each House has its own rules, from the day they apply")
    func versions() throws {
        #expect(book.rules(for: "tweede-kamer", on: Self.day("2022-03-15"))?.giftThresholdCents == 5000)
        #expect(book.rules(for: "eerste-kamer", on: Self.day("2022-12-31")) == nil)  // its code is of 2023
        #expect(book.rules(for: "eerste-kamer", on: Self.day("2023-01-01"))?.tripExtensionMaxHours == 72)
        #expect(book.rules(for: "onbekend", on: Self.day("2024-01-01")) == nil)
    }

    @Test("€50 is the limit, strictly more than (R-012); a foreign relation's gift becomes the organisation's (R-020); never at home (R-015)")
    func giftFlags() throws {
        let rules = try #require(book.rules(for: "tweede-kamer", on: Self.day("2026-12-01")))
        func gift(_ cents: Int, foreign: Bool = false, home: Bool = false) -> GiftDeclaration {
            GiftDeclaration(kind: .gift, giver: "Leverancier BV", occasion: "Kerst", valueCents: cents, date: Self.day("2026-12-01"),
                            timing: .after, atHomeAddress: home, foreignRelation: foreign)
        }
        #expect(gift(5000).flags(under: rules).isEmpty)
        #expect(gift(5001).flags(under: rules) == [.overThreshold])
        #expect(gift(7500, foreign: true).flags(under: rules) == [.organisationProperty])
        #expect(gift(1000, home: true).flags(under: rules) == [.homeAddress])
        let invitation = GiftDeclaration(kind: .invitation, giver: "Stichting X", occasion: "Diner", valueCents: 4000,
                                         date: Self.day("2026-11-20"), timing: .after)
        #expect(invitation.flags(under: rules) == [.invitationNotDiscussedBeforehand])
    }

    @Test("A €75 gift surrendered to charity with a reason is a whole decision; what is missing is named")
    func giftDecision() throws {
        let rules = try #require(book.rules(for: "tweede-kamer", on: Self.day("2026-12-01")))
        let gift = GiftDeclaration(kind: .gift, giver: "Leverancier BV", occasion: "Kerst", valueCents: 7500,
                                   date: Self.day("2026-12-01"), timing: .after)
        #expect(GiftDecision(outcome: .surrender, surrender: .charity, reason: "Boven de € 50; de leverancier doet mee aan een aanbesteding.")
            .problems(for: gift, under: rules).isEmpty)
        #expect(GiftDecision(outcome: .surrender, reason: "Te duur.").problems(for: gift, under: rules) == ["register.error.surrenderHow"])
        #expect(GiftDecision(outcome: .keep, reason: " ").problems(for: gift, under: rules) == ["register.error.reasonNeeded"])
        #expect(GiftDecision(outcome: .keep, surrender: .display, reason: "x").problems(for: gift, under: rules) == ["register.error.surrenderOnly"])
        var atHome = gift
        atHome.atHomeAddress = true
        #expect(GiftDecision(outcome: .keep, reason: "Het is een attentie.").problems(for: atHome, under: rules) == ["register.error.keepFromHome"])
    }

    @Test("Bad input is refused: a negative value, a gift declared afterwards with a date still to come, no giver")
    func giftInput() {
        let today = Self.day("2026-12-03")
        let bad = GiftDeclaration(kind: .gift, giver: " ", occasion: "", valueCents: -100, date: Self.day("2026-12-04"), timing: .after)
        #expect(bad.problems(today: today) == ["register.error.giver", "register.error.negativeValue", "register.error.futureDate"])
        // Declared beforehand, a day to come is what it should be.
        let beforehand = GiftDeclaration(kind: .invitation, giver: "Ambassade", occasion: "Receptie", valueCents: 0,
                                         date: Self.day("2026-12-20"), timing: .before)
        #expect(beforehand.problems(today: today).isEmpty)
    }

    @Test("A trip extension: at most 72 hours, approved in writing before departure, at the start only where allowed (R-136)")
    func tripExtension() throws {
        var rules = try #require(book.rules(for: "tweede-kamer", on: Self.day("2026-12-01")))
        let departure = Self.day("2027-01-10")
        #expect(TripExtension(departure: departure, position: .end, hours: 72, approvedOn: Self.day("2027-01-09")).problems(under: rules).isEmpty)
        #expect(TripExtension(departure: departure, position: .end, hours: 73).problems(under: rules) == ["register.error.tooManyHours"])
        #expect(TripExtension(departure: departure, position: .end, hours: 0).problems(under: rules) == ["register.error.hoursNeeded"])
        #expect(TripExtension(departure: departure, position: .end, hours: 24, approvedOn: Self.day("2027-01-11")).problems(under: rules)
            == ["register.error.approvedAfterDeparture"])
        rules.tripExtensionAtStartAllowed = false
        #expect(TripExtension(departure: departure, position: .start, hours: 24).problems(under: rules) == ["register.error.notAtStart"])
        // Without the approval in hand, nobody leaves on the extended trip.
        #expect(!TripExtension(departure: departure, position: .end, hours: 24).mayDepart(on: departure))
        #expect(TripExtension(departure: departure, position: .end, hours: 24, approvedOn: Self.day("2027-01-05")).mayDepart(on: departure))

        // The request: asked before departure, the extra costs the traveller's; the answer: an approval
        // up to and including the day of departure, a refusal with its reason.
        rules.tripExtensionAtStartAllowed = true
        let request = TripExtensionRequest(destination: "Brussel", trip: TripExtension(departure: departure, position: .end, hours: 24),
                                           paysExtraCosts: true)
        #expect(request.problems(under: rules, today: departure).isEmpty)
        #expect(request.problems(under: rules, today: departure.adding(days: 1)) == ["register.error.departed"])
        var noCosts = request
        noCosts.paysExtraCosts = false
        noCosts.destination = " "
        #expect(noCosts.problems(under: rules, today: Self.day("2027-01-01")) == ["register.error.destination", "register.error.extraCosts"])
        #expect(TripExtensionDecision(approved: true, reason: "").problems(for: request, today: departure).isEmpty)
        #expect(TripExtensionDecision(approved: true, reason: "").problems(for: request, today: departure.adding(days: 1))
            == ["register.error.approvedAfterDeparture"])
        #expect(TripExtensionDecision(approved: false, reason: "").problems(for: request, today: departure) == ["register.error.reasonNeeded"])
        #expect(TripExtensionDecision(approved: false, reason: "Drukke week").problems(for: request, today: departure.adding(days: 5)).isEmpty)
        // At the start: 30 hours before a departure on the 10th means leaving on the 8th; that is the last day to approve.
        let atStart = TripExtensionRequest(destination: "Brussel", trip: TripExtension(departure: departure, position: .start, hours: 30),
                                           paysExtraCosts: true)
        #expect(atStart.trip.privateDeparture == Self.day("2027-01-08"))
        #expect(TripExtensionDecision(approved: true, reason: "").problems(for: atStart, today: Self.day("2027-01-08")).isEmpty)
        #expect(TripExtensionDecision(approved: true, reason: "").problems(for: atStart, today: Self.day("2027-01-09"))
            == ["register.error.approvedAfterDeparture"])
        #expect(atStart.problems(under: rules, today: Self.day("2027-01-09")) == ["register.error.departed"])
    }

    @Test("The income statement: due 1 April after the year (RvO 150a); a year not ended is refused; a late one is kept, marked late")
    func incomeStatement() {
        let early = IncomeStatement(member: "kamerlid-x", year: 2026, amountCents: 120_000, submittedOn: Self.day("2026-12-03"))
        #expect(early.problems() == ["register.error.yearNotEnded"])
        // The year ends on 31 December: a statement that day is still refused, the next day accepted.
        #expect(IncomeStatement(member: "kamerlid-x", year: 2026, amountCents: 0, submittedOn: Self.day("2026-12-31")).problems() == ["register.error.yearNotEnded"])
        #expect(IncomeStatement(member: "kamerlid-x", year: 2026, amountCents: 0, submittedOn: Self.day("2027-01-01")).problems().isEmpty)
        let onTime = IncomeStatement(member: "kamerlid-x", year: 2025, amountCents: 120_000, submittedOn: Self.day("2026-04-01"))
        #expect(onTime.problems().isEmpty && !onTime.isLate)
        let late = IncomeStatement(member: "kamerlid-x", year: 2025, amountCents: 120_000, submittedOn: Self.day("2026-04-02"))
        #expect(late.problems().isEmpty && late.isLate)
        // A leap year changes nothing: 1 April stays the day.
        #expect(IncomeStatement(member: "kamerlid-x", year: 2027, amountCents: 0, submittedOn: Self.day("2028-04-01")).dueOn == Self.day("2028-04-01"))
    }

    /// COI.2021.0021, "Niet registreren nevenfuncties" (woo-besluit L5944-6048): two side functions
    /// in the Chamber of Commerce register were in neither the version of 24 November 2021 nor later
    /// ones (L5991); the House's instruction to register them was not followed (L5296-5385).
    @Test("COI.2021.0021 replayed: the version of 24 November 2021 lacks both functions; the instruction of 15 March 2022 shows as not followed")
    func workedCase() {
        let member = "kamerlid-coi-2021-0021"
        var register = PublicRegister(entries: [
            PublicRegister.Entry(id: "e1", member: member, kind: .sideActivity, versions: [
                .init(published: Self.day("2021-04-06"), description: "Lid van de Tweede Kamer: partijvoorzitter", paid: false),
            ]),
            PublicRegister.Entry(id: "e2", member: member, kind: .sideActivity, versions: [
                .init(published: Self.day("2021-04-06"), description: "Columnist, weekblad", paid: true),
                .init(published: Self.day("2021-09-01"), description: "Columnist, weekblad", removed: true),
            ]),
        ])
        let functions = ["bestuurder stichting A", "bestuurder stichting B"]
        let version = register.asOf(Self.day("2021-11-24"), member: member)
        #expect(version.map(\.entry.id) == ["e1"])  // the column ended on 1 September 2021
        #expect(!version.contains { entry in functions.contains { entry.version.description.lowercased().contains($0) } })
        // The earlier version still reads as it was.
        #expect(register.asOf(Self.day("2021-08-31"), member: member).map(\.entry.id) == ["e1", "e2"])

        let instruction = RegistrationInstruction(member: member, issuedOn: Self.day("2022-03-15"), required: functions)
        #expect(instruction.status(in: register, on: Self.day("2022-06-01")) == .notFollowed(missing: functions))

        // Positive control: had the two been registered on 1 May 2022, it would show as followed since then.
        register.entries.append(PublicRegister.Entry(id: "e3", member: member, kind: .sideActivity, versions: [
            .init(published: Self.day("2022-05-01"), description: "Bestuurder Stichting A", paid: false),
        ]))
        #expect(instruction.status(in: register, on: Self.day("2022-06-01")) == .notFollowed(missing: ["bestuurder stichting B"]))
        register.entries.append(PublicRegister.Entry(id: "e4", member: member, kind: .sideActivity, versions: [
            .init(published: Self.day("2022-05-01"), description: "Bestuurder Stichting B", paid: true),
        ]))
        #expect(instruction.status(in: register, on: Self.day("2022-06-01")) == .followed(since: Self.day("2022-05-01")))
        #expect(instruction.status(in: register, on: Self.day("2022-04-30")) == .notFollowed(missing: functions))
    }

    @Test("Side activities (§4.5, R-060 to R-068): the nine questions, conditions need words, a day to look again within three years, a ban needs none, the law leaves only a ban for a parliament")
    func sideActivities() {
        let today = Self.day("2026-12-10")
        // The checklist has the code's nine questions (L1345-1357), each once.
        #expect(SideActivityDeclaration.Question.allCases.count == 9)
        #expect(Set(SideActivityDeclaration.Question.allCases.map(\.rawValue)).count == 9)
        var declaration = SideActivityDeclaration(activity: "Docent", organisation: "Hogeschool", paid: true, hoursPerMonth: 8, startDate: today)
        #expect(declaration.problems().isEmpty)
        declaration.hoursPerMonth = 745
        #expect(declaration.problems() == ["register.error.hours"])
        declaration.hoursPerMonth = 744
        declaration.activity = "  "
        #expect(declaration.problems() == ["register.error.activityMissing"])
        declaration.activity = "Docent"

        func problems(_ outcome: SideActivityDecision.Outcome, reason: String = "Past", conditions: String = "",
                      reassess: LocalDate?, for d: SideActivityDeclaration) -> [String] {
            SideActivityDecision(outcome: outcome, reason: reason, conditions: conditions, reassessOn: reassess).problems(for: d, today: today)
        }
        #expect(problems(.allowed, reassess: today.adding(years: 1), for: declaration).isEmpty)
        #expect(problems(.allowed, reassess: today.adding(years: 3), for: declaration).isEmpty)
        #expect(problems(.allowed, reassess: today.adding(years: 3).adding(days: 1), for: declaration) == ["register.error.reassessRange"])
        #expect(problems(.allowed, reassess: today, for: declaration) == ["register.error.reassessRange"])
        #expect(problems(.allowed, reassess: nil, for: declaration) == ["register.error.reassessMissing"])
        #expect(problems(.allowedWithConditions, reassess: today.adding(days: 1), for: declaration) == ["register.error.conditionsMissing"])
        #expect(problems(.forbidden, reason: "", reassess: nil, for: declaration) == ["register.error.reasonNeeded"])
        #expect(problems(.forbidden, reason: "Schaadt de dienst", reassess: nil, for: declaration).isEmpty)

        declaration.parliamentaryMembership = true
        #expect(declaration.incompatibleByLaw)
        #expect(problems(.allowed, reassess: today.adding(years: 1), for: declaration) == ["register.error.incompatibleByLaw"])
        #expect(problems(.forbidden, reason: "Wet incompatibiliteiten", reassess: nil, for: declaration).isEmpty)
    }

    @Test("Late with last year's income statement (RvO art. 150a lid 1): only from 2 April, only for a paid side activity during the year, a statement waiting for the Griffie counts as sent")
    func lateIncomeStatements() {
        typealias V = PublicRegister.Version
        func entry(_ member: String, _ versions: [V]) -> PublicRegister.Entry {
            PublicRegister.Entry(id: member, member: member, kind: .sideActivity, versions: versions)
        }
        let statement = IncomeStatement(member: "stated", year: 2025, amountCents: 120_000, submittedOn: Self.day("2026-02-01"))
        let register = PublicRegister(entries: [
            entry("late", [V(published: Self.day("2024-05-01"), description: "Commissaris", paid: true)]),
            entry("stated", [V(published: Self.day("2024-05-01"), description: "Adviseur", paid: true),
                             V(published: Self.day("2026-02-03"), description: "Adviseur", paid: true, income: statement)]),
            entry("waiting", [V(published: Self.day("2025-01-10"), description: "Docent", paid: true)]),
            entry("unpaid", [V(published: Self.day("2024-05-01"), description: "Voorzitter sportclub", paid: false)]),
            // Paid during 2025 and ended before its last day: still owes a statement for 2025.
            entry("ended", [V(published: Self.day("2025-03-01"), description: "Spreker", paid: true),
                            V(published: Self.day("2025-09-01"), description: "Spreker", paid: true, removed: true)]),
            PublicRegister.Entry(id: "gift", member: "gift-only", kind: .gift,
                                 versions: [V(published: Self.day("2025-06-01"), description: "Boek", paid: true)]),
        ])
        #expect(register.membersWithoutIncomeStatement(for: 2025, today: Self.day("2026-04-01"), submitted: ["waiting"]).isEmpty,
                "on 1 April itself a statement is still on time")
        #expect(register.membersWithoutIncomeStatement(for: 2025, today: Self.day("2026-04-02"), submitted: ["waiting"]) == ["ended", "late"])
        #expect(register.membersWithoutIncomeStatement(for: 2025, today: Self.day("2026-04-02"), submitted: []) == ["ended", "late", "waiting"])
        // For 2024 (the statement for 2024 was never given either), checked in 2026.
        #expect(register.membersWithoutIncomeStatement(for: 2024, today: Self.day("2026-04-02"), submitted: []) == ["late", "stated"])
    }

    @Test("Financial interests (§4.4, R-050 to R-052): a sign of harm flags it; measures need words; who must declare is the organisation's choice")
    func financialInterests() throws {
        let today = Self.day("2026-12-03")
        var declaration = FinancialInterestDeclaration(kind: .securities, holder: .partner, subject: "Aandelen Datacentrum Noord", since: today)
        #expect(declaration.problems().isEmpty && !declaration.flagged)
        declaration.signs = [.insiderInformation]
        #expect(declaration.flagged)
        declaration.subject = "  "
        #expect(declaration.problems() == ["financialInterest.error.subjectMissing"])
        #expect(FinancialInterestDecision(outcome: .allowedWithMeasures, reason: "Leverancier").problems()
                == ["financialInterest.error.measuresMissing"])
        #expect(FinancialInterestDecision(outcome: .forbidden, reason: " ").problems() == ["register.error.reasonNeeded"])
        #expect(FinancialInterestDecision(outcome: .allowedWithMeasures, reason: "Leverancier", measures: "Verkopen").problems().isEmpty)
        // I-13: the code and basisnorm 7 limit the duty to designated functions; an organisation may say all staff.
        #expect(FinancialInterestDuty.riskFunctions.applies(holdsRiskFunction: true))
        #expect(!FinancialInterestDuty.riskFunctions.applies(holdsRiskFunction: false))
        #expect(FinancialInterestDuty.allStaff.applies(holdsRiskFunction: false))
        let rules = try #require(book.rules(for: "tweede-kamer", on: today))
        #expect(rules.financialInterestDuty == .riskFunctions && rules.sideActivityReassessmentMaxYears == 3 && rules.declarationRetentionYears == 7)
        #expect(rules.sources["financialInterestDuty"] != nil && rules.sources["declarationRetentionYears"] != nil)
    }

    @Test("A rule version written before a value existed reads with its default; a retention of no years is refused")
    func ruleDefaults() throws {
        let old = #"{"giftThresholdCents": 5000, "foreignRelationsException": true, "tripExtensionMaxHours": 72, "tripExtensionAtStartAllowed": false}"#
        let rules = try JSONDecoder().decode(IntegrityRules.self, from: Data(old.utf8))
        #expect(rules.financialInterestDuty == .riskFunctions && rules.sideActivityReassessmentMaxYears == 3 && rules.declarationRetentionYears == 7)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString).json")
        let bad = #"{"versions": [{"organisation": "x", "validFrom": "2024-01-01", "rules": {"giftThresholdCents": 5000, "foreignRelationsException": true, "tripExtensionMaxHours": 72, "tripExtensionAtStartAllowed": false, "declarationRetentionYears": 0}}]}"#
        try Data(bad.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: InvalidIntegrityRules.self) { try IntegrityRuleBook.load(file: file.path) }
        // The side activity's longest interval comes from the rules when given.
        let activity = SideActivityDeclaration(activity: "Docent", organisation: "", paid: false, hoursPerMonth: 4, startDate: Self.day("2026-01-01"))
        let decision = SideActivityDecision(outcome: .allowed, reason: "Past", reassessOn: Self.day("2028-12-04"))
        #expect(decision.problems(for: activity, today: Self.day("2026-12-03"), longestInterval: 2) == ["register.error.reassessRange"])
        #expect(decision.problems(for: activity, today: Self.day("2026-12-03"), longestInterval: 3).isEmpty)
    }

    @Test("Risk functions are data in the organisation model: who holds one on a day; HR per employer; unknown references are named")
    func riskFunctions() throws {
        let organisation = try OrganisationFile.load(path: CorePaths.demoOrganisation)
        #expect(organisation.riskFunction(of: "medewerker-ict", on: Self.day("2026-12-03"))?.id == "inkoop-ict")
        #expect(organisation.riskFunction(of: "medewerker-ict", on: Self.day("2021-04-30")) == nil)  // designated from 1 May 2021
        #expect(organisation.riskFunction(of: "manager-ict", on: Self.day("2026-12-03")) == nil)
        #expect(organisation.isHumanResources("hr-1", for: "ambtelijke-organisatie", on: Self.day("2026-12-03")))
        #expect(!organisation.isHumanResources("manager-ict", for: "ambtelijke-organisatie", on: Self.day("2026-12-03")))
        var broken = organisation
        broken.riskFunctions = [DesignatedFunction(id: "x", name: "X", employer: "nergens", people: ["niemand"], validity: Validity(from: Self.day("2024-01-01")))]
        if let index = broken.people.firstIndex(where: { $0.id == "medewerker-ict" }) { broken.people[index].assists = ["manager-ict"] }
        let problems = OrganisationValidator.problems(in: broken).map(\.path)
        #expect(problems.contains { $0.hasSuffix(".assists[0]") })  // only for members of parliament
        #expect(organisation.membersAssisted(by: "medewerker-kamerlid-1").map(\.id) == ["kamerlid-1"])
        #expect(problems.contains("riskFunctions[0].employer") && problems.contains("riskFunctions[0].people[0]"))
    }

    @Test("Every year's income statement stays readable: a later version does not hide the earlier years'; a correction counts; read by day")
    func incomeStatementsPerYear() {
        func statement(_ year: Int, _ cents: Int, on iso: String) -> IncomeStatement {
            IncomeStatement(member: "m", year: year, amountCents: cents, submittedOn: Self.day(iso))
        }
        let entry = PublicRegister.Entry(id: "e", member: "m", kind: .sideActivity, versions: [
            .init(published: Self.day("2024-03-01"), description: "Voorzitter Stichting", paid: true, income: statement(2023, 100_000, on: "2024-03-01")),
            .init(published: Self.day("2025-03-15"), description: "Voorzitter Stichting", paid: true, income: statement(2024, 120_000, on: "2025-03-15")),
            .init(published: Self.day("2025-06-01"), description: "Voorzitter Stichting Aurora", paid: true),
            .init(published: Self.day("2025-07-01"), description: "Voorzitter Stichting Aurora", paid: true, income: statement(2023, 110_000, on: "2025-07-01")),
        ])
        #expect(entry.incomeStatements(on: Self.day("2025-06-30")).map(\.amountCents) == [100_000, 120_000])  // the 2025-06 change hides none
        #expect(entry.incomeStatements(on: Self.day("2025-07-01")).map(\.amountCents) == [110_000, 120_000])  // 2023 corrected
        #expect(entry.incomeStatements(on: Self.day("2024-12-31")).map(\.year) == [2023])
        #expect(entry.incomeStatements(on: Self.day("2024-02-29")).isEmpty)
    }
}
