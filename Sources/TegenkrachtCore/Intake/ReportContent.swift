/// What kind of report it is (003a §1.3, issue 4).
public enum ReportKind: String, Codable, CaseIterable, Sendable {
    /// A concern or a rumour.
    case signal = "signaal"
    /// A report to someone who can act.
    case report = "melding"
    /// About behaviour towards someone else.
    case witnessReport = "getuigenmelding"
    /// A written complaint to the complaints committee (Klachtenregeling).
    case complaint = "klacht"
}

/// Who may know who reported.
public enum IdentityMode: String, Codable, CaseIterable, Sendable {
    /// The name is known to those handling the report.
    case named = "met-naam"
    /// The name is sealed: only the chosen handler reads it; anyone else only with recorded consent.
    case confidential = "vertrouwelijk"
    /// No name at all; the receipt code is the only key.
    case anonymous = "anoniem"
}

/// Where the report goes.
public enum RecipientKind: String, Codable, CaseIterable, Sendable {
    case confidentialAdvisor = "vertrouwenspersoon"
    case centralRoute = "centraal-meldpunt"
    case complaintsCommittee = "klachtencommissie"
    /// The College van onderzoek integriteit: complaints about an MP's integrity (Gedragscode).
    case integrityBoard = "college-onderzoek-integriteit"

    /// The bodies that take formal complaints.
    public var takesComplaints: Bool { self == .complaintsCommittee || self == .integrityBoard }
}

/// The places the report lists where behaviour happens (003a §1.2, L996, L1040, L1054, L1114).
public enum Place: String, Codable, CaseIterable, Sendable {
    case app, lift, reception = "receptie-of-borrel", plenary = "plenaire-zaal", committee = "commissievergadering"
    case phone = "telefoon", email = "e-mail", socialMedia = "sociale-media", fractieRoom = "fractiekamer"
    case corridor = "gang-of-kantoor", outside = "buiten-het-gebouw", other = "anders"
}

public enum Frequency: String, Codable, CaseIterable, Sendable {
    case once = "een-keer", severalTimes = "een-paar-keer", often = "vaak", ongoing = "nog-steeds"
}

/// Someone the report is about.
public struct AccusedPerson: Codable, Hashable, Sendable {
    public var name: String
    public var function: String
    public var unit: String

    public init(name: String, function: String = "", unit: String = "") {
        self.name = name
        self.function = function
        self.unit = unit
    }

    public var isEmpty: Bool { [name, function, unit].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
}

/// The content of a report: everything but the reporter's identity. Sealed as one document.
public struct ReportContent: Codable, Hashable, Sendable {
    public var whatHappened: String
    public var when: String
    public var places: [Place]
    public var frequency: Frequency?
    public var behaviourItems: [String]
    public var integrity: Bool
    public var wrongdoing: Bool
    public var criminal: Bool
    public var accused: [AccusedPerson]
    public var witnesses: String
    public var othersAffected: String
    public var impact: String
    public var wish: String
    /// The route finder's answers that led here, kept with the report (never typed twice).
    public var reporterGroup: String?
    public var accusedGroup: String?

    public init(whatHappened: String = "", when: String = "", places: [Place] = [], frequency: Frequency? = nil,
                behaviourItems: [String] = [], integrity: Bool = false, wrongdoing: Bool = false, criminal: Bool = false,
                accused: [AccusedPerson] = [], witnesses: String = "", othersAffected: String = "", impact: String = "",
                wish: String = "", reporterGroup: String? = nil, accusedGroup: String? = nil) {
        self.whatHappened = whatHappened
        self.when = when
        self.places = places
        self.frequency = frequency
        self.behaviourItems = behaviourItems
        self.integrity = integrity
        self.wrongdoing = wrongdoing
        self.criminal = criminal
        self.accused = accused
        self.witnesses = witnesses
        self.othersAffected = othersAffected
        self.impact = impact
        self.wish = wish
        self.reporterGroup = reporterGroup
        self.accusedGroup = accusedGroup
    }
}

/// Who the reporter is, sealed separately from the content.
public struct ReportIdentity: Codable, Hashable, Sendable {
    public var name: String
    public var email: String
    public var phone: String
    public var function: String
    /// The complainant's postal address: the College van onderzoek integriteit requires it (woo-besluit
    /// L5627: "de naam en het postadres van de klager").
    public var postalAddress: String

    public init(name: String = "", email: String = "", phone: String = "", function: String = "", postalAddress: String = "") {
        self.name = name
        self.email = email
        self.phone = phone
        self.function = function
        self.postalAddress = postalAddress
    }

    enum CodingKeys: String, CodingKey { case name, email, phone, function, postalAddress }

    /// Identities sealed before the postal address existed open as well.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
        phone = try c.decode(String.self, forKey: .phone)
        function = try c.decode(String.self, forKey: .function)
        postalAddress = try c.decodeIfPresent(String.self, forKey: .postalAddress) ?? ""
    }

    public var isEmpty: Bool {
        [name, email, phone, function, postalAddress].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
