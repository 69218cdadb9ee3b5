/// An employer in the Arbowet sense, or the House itself for those who have none.
public struct Employer: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The civil service (ambtelijke organisatie), led by the Griffier; the State is the employer.
        case civilService = "ambtelijke-organisatie"
        /// A fractie's foundation (stichting), which employs the fractie's staff.
        case fractieFoundation = "fractie-stichting"
        /// The House: not an employer, but the body under whose rules MPs fall.
        case house = "kamer"
    }

    public var id: String
    public var kind: Kind
    public var name: String

    public init(id: String, kind: Kind, name: String) {
        self.id = id
        self.kind = kind
        self.name = name
    }
}

/// A part of the civil service (group of services, service/dienst, department) or of a fractie.
public struct OrganisationUnit: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case groupOfServices = "dienstengroep"
        case service = "dienst"
        case department = "afdeling"
        case team = "team"
    }

    public var id: String
    public var kind: Kind
    public var name: String
    public var employer: String
    public var parent: String?
    public var validity: Validity

    public init(id: String, kind: Kind, name: String, employer: String, parent: String? = nil, validity: Validity) {
        self.id = id
        self.kind = kind
        self.name = name
        self.employer = employer
        self.parent = parent
        self.validity = validity
    }
}

/// A political party: an association of citizens, separate from the fractie (003a §1.4, L1299).
public struct PoliticalParty: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    /// Where the party's own confidential advisor or reporting point can be found, if known.
    public var reportingPoint: String?

    public init(id: String, name: String, reportingPoint: String? = nil) {
        self.id = id
        self.name = name
        self.reportingPoint = reportingPoint
    }
}
