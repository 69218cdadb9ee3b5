/// One version of the organisation: employers, units, parties, fracties, people and their roles.
///
/// A version is valid from `validFrom`; the entities in it carry their own validity, so one version
/// can describe a fractie that adopts the Klachtenregeling halfway through the year.
public struct Organisation: Codable, Hashable, Sendable {
    /// The version of the file format, so that later formats can be read next to this one.
    public var formatVersion: Int
    public var name: String
    public var validFrom: LocalDate
    public var employers: [Employer]
    public var units: [OrganisationUnit]
    public var parties: [PoliticalParty]
    public var fracties: [Fractie]
    public var people: [Person]
    public var roles: [RoleAssignment]
    /// Who receives a pattern alert about an MP, in order of preference: the roles the seeds give
    /// authority over MPs (the Voorzitter/Presidium, or the College's secretariat). Never the
    /// civil-service integrity coordinator, who has none (issue 13).
    public var authorityOverMembersOfParliament: [FunctionaryRole]?
    /// The functions each employer designates as risk functions for financial interests (issue 14).
    public var riskFunctions: [DesignatedFunction]?
    /// The functions whose holders' allowed side activities are published (Aw 2017 art. 5(1)(c)).
    public var publishedSideActivityFunctions: [DesignatedFunction]?
    /// How old a fractie's policy evaluation and RI&E may be before the Presidium is told (issue 18).
    public var fractiePolicyReview: FractiePolicyReview.Rules?

    public static let currentFormatVersion = 1

    public init(formatVersion: Int = Organisation.currentFormatVersion, name: String, validFrom: LocalDate,
                employers: [Employer], units: [OrganisationUnit], parties: [PoliticalParty],
                fracties: [Fractie], people: [Person], roles: [RoleAssignment]) {
        self.formatVersion = formatVersion
        self.name = name
        self.validFrom = validFrom
        self.employers = employers
        self.units = units
        self.parties = parties
        self.fracties = fracties
        self.people = people
        self.roles = roles
        self.authorityOverMembersOfParliament = nil
        self.riskFunctions = nil
        self.publishedSideActivityFunctions = nil
    }
}

// MARK: - Questions the rest of the system asks

extension Organisation {
    /// Who may receive a pattern alert about these MPs: the holders of the first role in
    /// `authorityOverMembersOfParliament` that has someone left once the accused and anyone of the
    /// accused's party are taken out. A holder who sits in a fractie is taken out too when the MP's
    /// party is not known: "never anyone from the MP's own party" must hold without knowing it.
    public func authorityOverMembers(accused: Set<String>, fracties: Set<String>, on date: LocalDate) -> [String] {
        func party(ofFractie id: String) -> String { fractie(id: id, on: date).flatMap(\.party) ?? id }
        let parties = Set((fracties.union(accused.compactMap { person(id: $0)?.fractie })).map(party(ofFractie:)))
        for role in authorityOverMembersOfParliament ?? [] {
            let holders = holders(of: role, on: date).map(\.person).filter { holder in
                guard !accused.contains(holder.id) else { return false }
                guard let own = holder.fractie else { return true }
                return !parties.isEmpty && !parties.contains(party(ofFractie: own))
            }
            if !holders.isEmpty { return holders.map(\.id) }
        }
        return []
    }

    public func employer(id: String) -> Employer? {
        employers.first { $0.id == id }
    }

    public func person(id: String) -> Person? {
        people.first { $0.id == id }
    }

    public func party(id: String) -> PoliticalParty? {
        parties.first { $0.id == id }
    }

    /// The version of a fractie that is valid on the date, if the fractie exists then.
    public func fractie(id: String, on date: LocalDate) -> Fractie? {
        fracties.first { $0.id == id && $0.validity.contains(date) }
    }

    /// Every fractie valid on the date, largest first (the order of the House's own lists).
    public func fracties(on date: LocalDate) -> [Fractie] {
        fracties.filter { $0.validity.contains(date) }
            .sorted { ($0.seats, $1.name) > ($1.seats, $0.name) }
    }

    public func units(on date: LocalDate) -> [OrganisationUnit] {
        units.filter { $0.validity.contains(date) }
    }

    /// Whether staff of this fractie fall under the Klachtenregeling on the date (000a §2.3).
    public func fractieAdoptedKlachtenregeling(_ fractieID: String, on date: LocalDate) -> Bool {
        fractie(id: fractieID, on: date)?.klachtenregeling.applies(on: date) ?? false
    }

    /// The role assignments in force on the date, optionally for one role.
    public func assignments(on date: LocalDate, role: FunctionaryRole? = nil) -> [RoleAssignment] {
        roles.filter { $0.validity.contains(date) && (role == nil || $0.role == role) }
    }

    /// The people holding a role on the date, with the assignment that makes them so.
    public func holders(of role: FunctionaryRole, on date: LocalDate) -> [(person: Person, assignment: RoleAssignment)] {
        assignments(on: date, role: role).compactMap { a in person(id: a.person).map { ($0, a) } }
    }

    /// Every role a person holds on the date: shown next to an advisor so that a reporter can see
    /// a possible conflict of interest before choosing.
    public func roles(of personID: String, on date: LocalDate) -> [RoleAssignment] {
        roles.filter { $0.person == personID && $0.validity.contains(date) }
    }
}
