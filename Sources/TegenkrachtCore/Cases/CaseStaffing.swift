/// Who handles a case: a lead and a second person, never someone with a conflict of interest (issue 5).
/// The parties of a report are free text; they are matched to the organisation's people by name
/// variants (the same normalisation as the registry's blind index), so that "J. de Vries" excludes
/// Jan de Vries and everyone in his unit.
public enum CaseStaffing {
    /// The accused and witnesses of a report, as far as they are people of the organisation.
    public struct Parties: Hashable, Sendable {
        public var accused: [ConflictCheck.Candidate]
        public var witnesses: Set<String>

        public init(accused: [ConflictCheck.Candidate] = [], witnesses: Set<String> = []) {
            self.accused = accused
            self.witnesses = witnesses
        }
    }

    public struct Assignment: Hashable, Sendable {
        public var lead: String?
        public var second: String?
        /// Set when the functionary the reporter chose has a conflict: the case needs another lead.
        public var leadConflict: ConflictCheck.Reason?
    }

    public static func parties(accused: [AccusedPerson], witnesses: String, organisation: Organisation, on date: LocalDate) -> Parties {
        var result = Parties()
        for person in accused where !person.isEmpty {
            let unitID = unit(named: person.unit, organisation: organisation, on: date)
            let matches = people(named: person.name, organisation: organisation)
            if matches.isEmpty {
                // Not a known person, but a known unit still excludes that unit's functionaries.
                if unitID != nil { result.accused.append(.init(personID: "onbekend:\(person.name)", unit: unitID)) }
            } else {
                result.accused += matches.map { candidate($0, unit: unitID) }
            }
        }
        let names = witnesses.split { ",;\n".contains($0) }.flatMap { $0.components(separatedBy: " en ") }
        for name in names {
            result.witnesses.formUnion(people(named: name, organisation: organisation).map(\.id))
        }
        return result
    }

    static func candidate(_ person: Person, unit: String? = nil) -> ConflictCheck.Candidate {
        ConflictCheck.Candidate(personID: person.id, unit: unit ?? person.unit, fractie: person.fractie)
    }

    public static func people(named name: String, organisation: Organisation) -> [Person] {
        let wanted = Set(NameNormalizer.variants(name))
        guard !wanted.isEmpty else { return [] }
        return organisation.people.filter { !Set(NameNormalizer.variants($0.name)).isDisjoint(with: wanted) }
    }

    public static func unit(named text: String, organisation: Organisation, on date: LocalDate) -> String? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !wanted.isEmpty else { return nil }
        return organisation.units(on: date).first { $0.id == wanted || $0.name.lowercased() == wanted }?.id
    }

    /// Why this person may not handle the case, if there is a reason.
    public static func exclusion(of personID: String, parties: Parties, declaredConflicts: Set<String>,
                                 organisation: Organisation) -> ConflictCheck.Reason? {
        let person = organisation.person(id: personID)
        let me = person.map { candidate($0) } ?? ConflictCheck.Candidate(personID: personID)
        return ConflictCheck.exclusion(of: me, accused: parties.accused, witnesses: parties.witnesses,
                                       declaredConflicts: declaredConflicts)
    }

    /// The holders of the roles on the date, in the order of the roles and then of the organisation file.
    public static func holders(of roles: [FunctionaryRole], organisation: Organisation, on date: LocalDate) -> [String] {
        var seen: Set<String> = []
        return roles.flatMap { organisation.holders(of: $0, on: date).map(\.person.id) }.filter { seen.insert($0).inserted }
    }

    /// The lead and second person for a new case: the chosen functionary (or the first eligible holder
    /// of a lead role) and the first eligible holder of a second role who is someone else.
    /// `preferredSecond` is the reporter's choice among `secondCandidates`, where the team's rules let
    /// the reporter choose (issue 15); any other value is ignored here and refused at intake.
    public static func assign(team: CaseRules.Team, chosen: String?, preferredSecond: String? = nil, parties: Parties,
                              declaredConflicts: Set<String> = [], organisation: Organisation, on date: LocalDate) -> Assignment {
        let eligible = { (id: String) in exclusion(of: id, parties: parties, declaredConflicts: declaredConflicts, organisation: organisation) == nil }
        var assignment = Assignment()
        if team.lead.isEmpty, let chosen {
            // The reporter's free choice stands; a conflict is flagged for reassignment, not overruled silently.
            assignment.lead = chosen
            assignment.leadConflict = exclusion(of: chosen, parties: parties, declaredConflicts: declaredConflicts, organisation: organisation)
        } else {
            assignment.lead = holders(of: team.lead, organisation: organisation, on: date).first(where: eligible)
        }
        let candidates = secondCandidates(team: team, lead: assignment.lead, parties: parties,
                                          declaredConflicts: declaredConflicts, organisation: organisation, on: date)
        if team.reporterChoosesSecond == true, let preferredSecond, candidates.contains(preferredSecond) {
            assignment.second = preferredSecond
        } else {
            assignment.second = candidates.first
        }
        return assignment
    }

    /// Who may be the second person next to this lead: the eligible holders of a second role, in order.
    public static func secondCandidates(team: CaseRules.Team, lead: String?, parties: Parties, declaredConflicts: Set<String> = [],
                                        organisation: Organisation, on date: LocalDate) -> [String] {
        holders(of: team.second, organisation: organisation, on: date).filter {
            $0 != lead && exclusion(of: $0, parties: parties, declaredConflicts: declaredConflicts, organisation: organisation) == nil
        }
    }

    /// The people the reporter may choose between for the second seat: only where the rules let the
    /// reporter choose, and only when there is more than one.
    public static func secondChoice(team: CaseRules.Team, lead: String?, parties: Parties,
                                    organisation: Organisation, on date: LocalDate) -> [String] {
        guard team.reporterChoosesSecond == true else { return [] }
        let candidates = secondCandidates(team: team, lead: lead, parties: parties, organisation: organisation, on: date)
        return candidates.count > 1 ? candidates : []
    }

    /// The deputies who step in for members who may not handle a case: for each member out, a deputy
    /// of the same side (affiliation) if there is one, else any; never one who has a conflict of their
    /// own or who is already on the case (issue 13, woo-besluit L115-117).
    public static func deputies(for membersOut: [String], team: CaseRules.Team, parties: Parties, declaredConflicts: Set<String>,
                                alreadyCalled: Set<String> = [], organisation: Organisation, on date: LocalDate) -> [String] {
        let roles = team.deputies ?? []
        guard !roles.isEmpty, !membersOut.isEmpty else { return [] }
        func side(_ person: String, among roles: [FunctionaryRole]) -> Affiliation? {
            organisation.roles(of: person, on: date).first { roles.contains($0.role) }?.affiliation
        }
        var free = holders(of: roles, organisation: organisation, on: date).filter {
            !alreadyCalled.contains($0) && !membersOut.contains($0)
                && exclusion(of: $0, parties: parties, declaredConflicts: declaredConflicts, organisation: organisation) == nil
        }
        var called: [String] = []
        for member in membersOut {
            let wanted = side(member, among: team.members + team.lead + team.second)
            guard let pick = free.first(where: { side($0, among: roles) == wanted }) ?? free.first else { break }
            called.append(pick)
            free.removeAll { $0 == pick }
        }
        return called
    }

    /// Checks a proposed lead and second person; the first problem, if any.
    public enum AssignmentProblem: Error, Hashable, Sendable {
        case samePerson
        case notEligible(String)
        case conflict(String, ConflictCheck.Reason)
    }

    public static func check(lead: String, second: String, team: CaseRules.Team, chosen: String?, parties: Parties,
                             declaredConflicts: Set<String>, organisation: Organisation, on date: LocalDate) -> AssignmentProblem? {
        if lead == second { return .samePerson }
        let leadRoles = team.lead.isEmpty ? team.second : team.lead
        let leadPool = Set(holders(of: leadRoles, organisation: organisation, on: date)).union(chosen.map { [$0] } ?? [])
        guard leadPool.contains(lead) else { return .notEligible(lead) }
        guard holders(of: team.second + leadRoles, organisation: organisation, on: date).contains(second) else { return .notEligible(second) }
        for id in [lead, second] {
            if let reason = exclusion(of: id, parties: parties, declaredConflicts: declaredConflicts, organisation: organisation) {
                return .conflict(id, reason)
            }
        }
        return nil
    }
}
