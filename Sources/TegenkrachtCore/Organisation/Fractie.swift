/// A fractie (party group in the House), with its own employer and its own social-safety arrangements.
///
/// The same id may appear more than once, as successive versions with non-overlapping validity:
/// that is how a change (a fractie adopting the Klachtenregeling, a new name after elections) is kept
/// without losing what applied before.
public struct Fractie: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    /// The fractie's foundation (stichting), which employs its staff.
    public var employer: String
    public var party: String?
    public var seats: Int
    public var validity: Validity
    public var klachtenregeling: KlachtenregelingStatus
    /// Whether the fractie has a complaint regulation of its own.
    public var ownRegulation: Bool
    /// Whether the fractie has appointed a confidential advisor of its own.
    public var ownConfidentialAdvisor: Bool
    /// Where the fractie publishes its social-safety policy (a URL or a plain description).
    public var policyPublishedAt: String?
    /// When the fractie last evaluated its social-safety policy (Arbowet; issue 18, 6.4.5, L2619-2625).
    public var policyEvaluatedOn: LocalDate?
    /// The date of the fractie foundation's risk inventory and evaluation (RI&E) as employer.
    public var riskInventoryOn: LocalDate?

    public init(id: String, name: String, employer: String, party: String? = nil, seats: Int, validity: Validity,
                klachtenregeling: KlachtenregelingStatus, ownRegulation: Bool = false,
                ownConfidentialAdvisor: Bool = false, policyPublishedAt: String? = nil,
                policyEvaluatedOn: LocalDate? = nil, riskInventoryOn: LocalDate? = nil) {
        self.policyEvaluatedOn = policyEvaluatedOn
        self.riskInventoryOn = riskInventoryOn
        self.id = id
        self.name = name
        self.employer = employer
        self.party = party
        self.seats = seats
        self.validity = validity
        self.klachtenregeling = klachtenregeling
        self.ownRegulation = ownRegulation
        self.ownConfidentialAdvisor = ownConfidentialAdvisor
        self.policyPublishedAt = policyPublishedAt
    }
}

extension Fractie {
    private enum CodingKeys: String, CodingKey {
        case id, name, employer, party, seats, validity, klachtenregeling, ownRegulation, ownConfidentialAdvisor,
             policyPublishedAt, policyEvaluatedOn, riskInventoryOn
    }

    /// `ownRegulation` and `ownConfidentialAdvisor` may be left out (meaning no); a misspelling of them is
    /// then reported as an unknown key instead of a missing one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                  employer: try c.decode(String.self, forKey: .employer),
                  party: try c.decodeIfPresent(String.self, forKey: .party),
                  seats: try c.decode(Int.self, forKey: .seats), validity: try c.decode(Validity.self, forKey: .validity),
                  klachtenregeling: try c.decode(KlachtenregelingStatus.self, forKey: .klachtenregeling),
                  ownRegulation: try c.decodeIfPresent(Bool.self, forKey: .ownRegulation) ?? false,
                  ownConfidentialAdvisor: try c.decodeIfPresent(Bool.self, forKey: .ownConfidentialAdvisor) ?? false,
                  policyPublishedAt: try c.decodeIfPresent(String.self, forKey: .policyPublishedAt),
                  policyEvaluatedOn: try c.decodeIfPresent(LocalDate.self, forKey: .policyEvaluatedOn),
                  riskInventoryOn: try c.decodeIfPresent(LocalDate.self, forKey: .riskInventoryOn))
    }
}

/// Whether a fractie declared the Klachtenregeling ongewenste omgangsvormen applicable
/// (toepassingsverklaring, 000a §2.3), and from which date.
public struct KlachtenregelingStatus: Codable, Hashable, Sendable {
    public var adopted: Bool
    public var since: LocalDate?

    public init(adopted: Bool, since: LocalDate? = nil) {
        self.adopted = adopted
        self.since = since
    }

    public static let notAdopted = KlachtenregelingStatus(adopted: false)

    public func applies(on date: LocalDate) -> Bool {
        guard adopted, let since else { return false }
        return since <= date
    }
}
