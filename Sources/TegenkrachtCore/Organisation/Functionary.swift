/// A person named in the organisation: a role holder, or someone a unit needs to know about.
public struct Person: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var category: PersonCategory
    public var employer: String?
    public var unit: String?
    public var fractie: String?
    /// How people reach this person in their role (issue 15): shown wherever the person is named as
    /// someone to turn to. Versioned with the organisation model.
    public var contact: ContactDetails?
    /// The members of parliament whose registers this person submits to, as their own staff (issue 14:
    /// "MPs or their staff submit declarations"); the Griffie still checks and publishes.
    public var assists: [String]?

    public init(id: String, name: String, category: PersonCategory, employer: String? = nil,
                unit: String? = nil, fractie: String? = nil, contact: ContactDetails? = nil) {
        self.contact = contact
        self.id = id
        self.name = name
        self.category = category
        self.employer = employer
        self.unit = unit
        self.fractie = fractie
    }
}

/// The roles a functionary can hold (see docs/glossary.md for the Dutch terms).
public enum FunctionaryRole: String, Codable, CaseIterable, Sendable {
    case confidentialAdvisorUnwantedBehaviour = "vertrouwenspersoon-ongewenst"
    case confidentialAdvisorIntegrity = "vertrouwenspersoon-integriteit"
    case complaintsCommitteeChair = "klachtencommissie-voorzitter"
    case complaintsCommitteeMemberForFracties = "klachtencommissie-lid-fracties"
    case complaintsCommitteeMemberForCivilService = "klachtencommissie-lid-ambtelijk"
    case complaintsCommitteeDeputy = "klachtencommissie-plaatsvervanger"
    case complaintsCommitteeSecretary = "klachtencommissie-secretaris"
    case competentAuthority = "bevoegd-gezag"
    case integrityCoordinator = "integriteitscoordinator"
    case integrityAdviser = "adviseur-integriteit"
    case integrityBoardMember = "college-onderzoek-integriteit"
    case humanResources = "hr"
    case lineManager = "leidinggevende"
    case companySocialWorker = "bedrijfsmaatschappelijk-werk"
    case companyDoctor = "bedrijfsarts"
    case administrator = "beheerder"
    /// Handles reports to the central reporting point of this system.
    case centralReportingOfficer = "meldpuntfunctionaris"
    /// The Voorzitter of the House, who chairs the Presidium: authority over MPs.
    case houseChair = "voorzitter"
    /// The secretariat of the College van onderzoek integriteit (civil servants, no party).
    case integrityBoardSecretariat = "college-secretariaat"
    /// The works council (ondernemingsraad): receives the complaints committee's anonymised annual
    /// report (art. 14).
    case worksCouncil = "ondernemingsraad"
    /// The Griffie plenair, which checks and publishes the MPs' registers of side activities, gifts
    /// and foreign trips (issue 14; woo-besluit L4313-4345; RvO art. 150a).
    case registerKeeper = "griffie-registers"

    public var isConfidentialAdvisor: Bool {
        self == .confidentialAdvisorUnwantedBehaviour || self == .confidentialAdvisorIntegrity
    }

    public var isComplaintsCommittee: Bool {
        switch self {
        case .complaintsCommitteeChair, .complaintsCommitteeMemberForFracties,
             .complaintsCommitteeMemberForCivilService, .complaintsCommitteeDeputy,
             .complaintsCommitteeSecretary:
            return true
        default:
            return false
        }
    }

    /// Roles that only one person may hold at a time.
    public var isSingleSeat: Bool {
        switch self {
        case .complaintsCommitteeChair, .complaintsCommitteeMemberForFracties,
             .complaintsCommitteeMemberForCivilService, .complaintsCommitteeSecretary, .integrityCoordinator:
            return true
        default:
            return false
        }
    }
}

/// Which side a functionary comes from: shown to reporters so that they can choose (003a §2.1:
/// civil servants avoid a "political" advisor, fractie staff avoid an advisor from another fractie).
public enum Affiliation: String, Codable, CaseIterable, Sendable {
    case civilService = "ambtelijk"
    case fractie = "fractie"
    case external = "extern"
}

/// One person holding one role for a period, for an employer where that matters (bevoegd gezag,
/// line manager, HR).
public struct RoleAssignment: Codable, Hashable, Sendable {
    public var person: String
    public var role: FunctionaryRole
    public var affiliation: Affiliation
    /// For `fractie` affiliation: which fractie.
    public var fractie: String?
    /// The employer this role acts for, when the role is per employer.
    public var employer: String?
    public var validity: Validity

    public init(person: String, role: FunctionaryRole, affiliation: Affiliation, fractie: String? = nil,
                employer: String? = nil, validity: Validity) {
        self.person = person
        self.role = role
        self.affiliation = affiliation
        self.fractie = fractie
        self.employer = employer
        self.validity = validity
    }
}
