/// What a staff member is to a case: its lead, its second person, or a member of the team that
/// handles the recipient kind.
public enum CaseRole: String, Sendable, Codable {
    case lead = "behandelaar"
    case second = "tweede"
    case member = "teamlid"
}

/// Who may change a case's lead and second person (issue 16: the second person could make
/// themselves lead and so read the confidential reporter's name).
///
/// - The lead may hand the case over.
/// - The second person and the team may reassign only when the lead cannot go on: a conflict of
///   interest, or the reporter asked for another handler, or there is no lead.
/// - Nobody takes a seat they do not hold already: a change that puts the actor in the lead's or
///   the second person's place must come from someone else.
/// - A confidential identity does not move with the case: the new lead reads the name only after
///   the reporter agrees in the portal (`identityNeedsConsent`).
public enum CaseReassignment {
    public enum Refusal: String, Error, Sendable {
        /// Only the lead hands a case over while the lead can go on.
        case onlyTheLead
        /// The actor would take a seat they do not hold.
        case selfAssignment
        /// Nothing would change.
        case unchanged
    }

    public struct Seats: Hashable, Sendable {
        public var lead: String?
        public var second: String?

        public init(lead: String?, second: String?) {
            self.lead = lead
            self.second = second
        }
    }

    public static func refusal(actor: String, role: CaseRole, current: Seats, proposed: Seats,
                               leadCannotGoOn: Bool) -> Refusal? {
        guard proposed != current else { return .unchanged }
        if role != .lead, !(leadCannotGoOn || current.lead == nil) { return .onlyTheLead }
        if proposed.lead == actor, current.lead != actor { return .selfAssignment }
        if proposed.second == actor, current.second != actor { return .selfAssignment }
        return nil
    }

    /// Whether the new lead must wait for the reporter's consent before reading a confidential
    /// identity: always, unless the reporter already allowed that person.
    public static func identityNeedsConsent(confidential: Bool, newLead: String?, allowedReader: String?) -> Bool {
        confidential && newLead != nil && newLead != allowedReader
    }
}
