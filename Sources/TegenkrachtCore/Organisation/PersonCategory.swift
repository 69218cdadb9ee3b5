/// The groups of people who work in or around the House (the report's "Kamerbewoners", 003a §1.4).
///
/// The raw values are the stable codes used in configuration files, the API and the CLI.
public enum PersonCategory: String, Codable, CaseIterable, Sendable {
    /// Ambtenaar: civil servant, including interns, temps and hired staff (003a §1.4, L307).
    case civilServant = "ambtenaar"
    /// Fractiemedewerker: employed by a fractie's foundation, not by the party (003a §1.5).
    case partyGroupStaff = "fractiemedewerker"
    /// Kamerlid: member of parliament; has no employer at all (003a §1.5, L1193).
    case memberOfParliament = "kamerlid"
    /// Lid Presidium: an MP who is also on the presiding body.
    case presidiumMember = "lid-presidium"
    /// Former staff, up to five years after leaving (003a §1.4, L309).
    case formerStaff = "oud-medewerker"
    /// Someone from outside: visitor, journalist, citizen, supplier.
    case external = "extern"
}
