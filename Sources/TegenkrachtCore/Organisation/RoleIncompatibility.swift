/// Which roles one person may not hold at the same time, and which affiliation a seat demands.
///
/// These follow from the independence the regulations ask for: the confidential advisor supports the
/// complainant, the complaints committee judges the complaint, and the bevoegd gezag decides on the
/// committee's advice (000a §1.6-1.7, Klachtenregeling art. 10-14). One person in two of these seats
/// would judge their own advice.
public enum RoleIncompatibility {
    public static func areIncompatible(_ a: FunctionaryRole, _ b: FunctionaryRole) -> Bool {
        if a == b { return false }
        let independent: (FunctionaryRole) -> Bool = {
            $0.isConfidentialAdvisor || $0.isComplaintsCommittee || $0 == .competentAuthority
                || $0 == .integrityBoardMember
        }
        // Two different seats on the committee: the committee must be able to sit with three people.
        if a.isComplaintsCommittee && b.isComplaintsCommittee { return true }
        // An advisor may advise on both unwanted behaviour and integrity: the Huis voor Klokkenluiders
        // even argues for one combined advisor (003a §2.1).
        if a.isConfidentialAdvisor && b.isConfidentialAdvisor { return false }
        return independent(a) && independent(b)
    }

    /// The affiliation a seat requires, where the regulation fixes it (000a §1.6, L115-117).
    public static func requiredAffiliation(for role: FunctionaryRole) -> Affiliation? {
        switch role {
        case .complaintsCommitteeChair: return .external
        case .complaintsCommitteeMemberForFracties: return .fractie
        case .complaintsCommitteeMemberForCivilService: return .civilService
        default: return nil
        }
    }

    /// Roles that act for one employer and must say which.
    public static func needsEmployer(_ role: FunctionaryRole) -> Bool {
        role == .competentAuthority || role == .lineManager || role == .humanResources
    }
}
