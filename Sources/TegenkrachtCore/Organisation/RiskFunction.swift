/// A function the employer designates as a risk function for financial interests (Ambtenarenwet
/// art. 5(1)(d); Gedragscode Integriteit §4.4, woo-besluit L1300-1317; spec 002 R-050; basisnorm 7,
/// L711): its holders must declare the financial interests that can touch the service.
/// Data in the organisation model, versioned with it, never typed in by the declarant.
public struct RiskFunction: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    /// The employer that designated it; its HR reads the declarations made in it.
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
    public func riskFunction(of personID: String, on date: LocalDate) -> RiskFunction? {
        (riskFunctions ?? []).first { $0.validity.contains(date) && $0.people.contains(personID) }
    }

    public func riskFunction(id: String) -> RiskFunction? {
        (riskFunctions ?? []).first { $0.id == id }
    }

    /// Whether a person is HR for an employer on a day: an HR role for that employer, or for all.
    public func isHumanResources(_ personID: String, for employer: String, on date: LocalDate) -> Bool {
        roles(of: personID, on: date).contains { $0.role == .humanResources && ($0.employer == nil || $0.employer == employer) }
    }
}
