/// A function the employer designates, with its holders: as a risk function for financial interests
/// (Ambtenarenwet art. 5(1)(d); Gedragscode Integriteit §4.4, woo-besluit L1300-1317; spec 002 R-050;
/// basisnorm 7, L711), whose holders must declare the interests that can touch the service;
/// or as a function whose holders' side activities are published (Ambtenarenwet 2017 art. 5(1)(c);
/// spec 002 R-068). Data in the organisation model, versioned with it, never typed in by the declarant.
public struct DesignatedFunction: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    /// The employer that designated it; for a risk function, its HR reads the declarations made in it.
    public var employer: String
    /// Who holds the function.
    public var people: [String]
    public var validity: Validity

    public init(id: String, name: String, employer: String, people: [String], validity: Validity) {
        self.id = id
        self.name = name
        self.employer = employer
        self.people = people
        self.validity = validity
    }
}

extension Organisation {
    /// The risk function a person holds on a day, if any (the first one designated).
    public func riskFunction(of personID: String, on date: LocalDate) -> DesignatedFunction? {
        (riskFunctions ?? []).first { $0.validity.contains(date) && $0.people.contains(personID) }
    }

    public func riskFunction(id: String) -> DesignatedFunction? {
        (riskFunctions ?? []).first { $0.id == id }
    }

    /// The function for which a person's allowed side activities are published, on a day, if any.
    public func publishedSideActivityFunction(of personID: String, on date: LocalDate) -> DesignatedFunction? {
        (publishedSideActivityFunctions ?? []).first { $0.validity.contains(date) && $0.people.contains(personID) }
    }

    /// Whether a person is HR for an employer on a day: an HR role for that employer, or for all.
    public func isHumanResources(_ personID: String, for employer: String, on date: LocalDate) -> Bool {
        roles(of: personID, on: date).contains { $0.role == .humanResources && ($0.employer == nil || $0.employer == employer) }
    }
}
