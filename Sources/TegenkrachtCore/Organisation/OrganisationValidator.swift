/// Checks an organisation for references that point nowhere, duplicates, impossible or overlapping
/// dates and roles that may not be combined. It reports every problem, not only the first, so that
/// an administrator can mend a file in one go.
public enum OrganisationValidator {
    public static func problems(in org: Organisation) -> [ConfigurationProblem] {
        var found: [ConfigurationProblem] = []
        func add(_ path: String, _ key: String, _ args: [String: String] = [:]) {
            found.append(ConfigurationProblem(path: path, key: key, arguments: args))
        }

        if org.formatVersion != Organisation.currentFormatVersion {
            add("formatVersion", "config.problem.formatVersion",
                ["found": String(org.formatVersion), "expected": String(Organisation.currentFormatVersion)])
        }
        if org.name.trimmingCharacters(in: .whitespaces).isEmpty {
            add("name", "config.problem.empty")
        }

        // Identifiers: present, well-formed and unique per kind.
        checkIDs(org.employers.map(\.id), list: "employers", allowVersions: false, add: add)
        checkIDs(org.units.map(\.id), list: "units", allowVersions: false, add: add)
        checkIDs(org.parties.map(\.id), list: "parties", allowVersions: false, add: add)
        checkIDs(org.fracties.map(\.id), list: "fracties", allowVersions: true, add: add)
        checkIDs(org.people.map(\.id), list: "people", allowVersions: false, add: add)

        let employerIDs = Set(org.employers.map(\.id))
        let unitIDs = Set(org.units.map(\.id))
        let partyIDs = Set(org.parties.map(\.id))
        let fractieIDs = Set(org.fracties.map(\.id))
        let personIDs = Set(org.people.map(\.id))

        if !org.employers.contains(where: { $0.kind == .civilService }) {
            add("employers", "config.problem.missingCivilService")
        }

        for (i, unit) in org.units.enumerated() {
            let path = "units[\(i)]"
            if !employerIDs.contains(unit.employer) {
                add("\(path).employer", "config.problem.unknownEmployer", ["id": unit.employer])
            }
            if let parent = unit.parent {
                if !unitIDs.contains(parent) {
                    add("\(path).parent", "config.problem.unknownUnit", ["id": parent])
                } else if parent == unit.id {
                    add("\(path).parent", "config.problem.ownParent", ["id": parent])
                }
            }
            checkValidity(unit.validity, path: "\(path).validity", add: add)
        }
        checkUnitCycles(org.units, add: add)

        var fractieEmployers: [String: String] = [:]
        for (i, fractie) in org.fracties.enumerated() {
            let path = "fracties[\(i)]"
            if fractie.employer.isEmpty {
                add("\(path).employer", "config.problem.fractieWithoutEmployer", ["fractie": fractie.id])
            } else if let employer = org.employer(id: fractie.employer) {
                if employer.kind != .fractieFoundation {
                    add("\(path).employer", "config.problem.fractieEmployerKind",
                        ["fractie": fractie.id, "employer": employer.id])
                }
                if let other = fractieEmployers[fractie.employer], other != fractie.id {
                    add("\(path).employer", "config.problem.sharedEmployer",
                        ["employer": fractie.employer, "fractie": fractie.id, "other": other])
                }
                fractieEmployers[fractie.employer] = fractie.id
            } else {
                add("\(path).employer", "config.problem.unknownEmployer", ["id": fractie.employer])
            }
            if let party = fractie.party, !partyIDs.contains(party) {
                add("\(path).party", "config.problem.unknownParty", ["id": party])
            }
            if fractie.seats < 1 || fractie.seats > 150 {
                add("\(path).seats", "config.problem.seats", ["seats": String(fractie.seats)])
            }
            checkValidity(fractie.validity, path: "\(path).validity", add: add)
            let status = fractie.klachtenregeling
            if status.adopted && status.since == nil {
                add("\(path).klachtenregeling.since", "config.problem.adoptedWithoutDate", ["fractie": fractie.id])
            }
            if !status.adopted && status.since != nil {
                add("\(path).klachtenregeling.since", "config.problem.dateWithoutAdoption", ["fractie": fractie.id])
            }
        }
        // Successive versions of one fractie must not overlap.
        checkOverlaps(items: Array(org.fracties.enumerated()), list: "fracties",
                      sameThing: { $0.id == $1.id }, validity: \.validity,
                      key: "config.problem.fractieOverlap", args: { ["fractie": $0.id] }, add: add)

        for (i, person) in org.people.enumerated() {
            let path = "people[\(i)]"
            if person.name.trimmingCharacters(in: .whitespaces).isEmpty {
                add("\(path).name", "config.problem.empty")
            }
            if let employer = person.employer, !employerIDs.contains(employer) {
                add("\(path).employer", "config.problem.unknownEmployer", ["id": employer])
            }
            if let unit = person.unit, !unitIDs.contains(unit) {
                add("\(path).unit", "config.problem.unknownUnit", ["id": unit])
            }
            if let fractie = person.fractie, !fractieIDs.contains(fractie) {
                add("\(path).fractie", "config.problem.unknownFractie", ["id": fractie])
            }
            if person.category == .partyGroupStaff && person.fractie == nil {
                add("\(path).fractie", "config.problem.staffWithoutFractie", ["person": person.id])
            }
            for problem in person.contact?.problems ?? [] {
                add("\(path).contact.\(problem.field)", problem.key, ["person": person.id])
            }
        }

        for (i, person) in org.people.enumerated() {
            for (j, member) in (person.assists ?? []).enumerated() where !org.isMemberOfParliament(member) {
                add("people[\(i)].assists[\(j)]", "config.problem.notAMember", ["id": member])
            }
        }

        for (i, role) in org.roles.enumerated() {
            let path = "roles[\(i)]"
            if !personIDs.contains(role.person) {
                add("\(path).person", "config.problem.unknownPerson", ["id": role.person])
            }
            checkValidity(role.validity, path: "\(path).validity", add: add)
            if role.affiliation == .fractie {
                if let fractie = role.fractie {
                    if !fractieIDs.contains(fractie) {
                        add("\(path).fractie", "config.problem.unknownFractie", ["id": fractie])
                    }
                } else {
                    add("\(path).fractie", "config.problem.fractieAffiliationWithoutFractie")
                }
            }
            if let required = RoleIncompatibility.requiredAffiliation(for: role.role), required != role.affiliation {
                add("\(path).affiliation", "config.problem.wrongAffiliation",
                    ["role": role.role.rawValue, "required": required.rawValue, "found": role.affiliation.rawValue])
            }
            if let employer = role.employer {
                if !employerIDs.contains(employer) {
                    add("\(path).employer", "config.problem.unknownEmployer", ["id": employer])
                }
            } else if RoleIncompatibility.needsEmployer(role.role) {
                add("\(path).employer", "config.problem.roleNeedsEmployer", ["role": role.role.rawValue])
            }
        }

        for (list, functions) in [("riskFunctions", org.riskFunctions ?? []),
                                  ("publishedSideActivityFunctions", org.publishedSideActivityFunctions ?? [])] {
            checkIDs(functions.map(\.id), list: list, allowVersions: false, add: add)
            for (i, function) in functions.enumerated() {
                let path = "\(list)[\(i)]"
                if !employerIDs.contains(function.employer) {
                    add("\(path).employer", "config.problem.unknownEmployer", ["id": function.employer])
                }
                for (j, person) in function.people.enumerated() where !personIDs.contains(person) {
                    add("\(path).people[\(j)]", "config.problem.unknownPerson", ["id": person])
                }
                checkValidity(function.validity, path: "\(path).validity", add: add)
            }
        }

        // A period of nothing would flag every fractie's policy for the Presidium (issue 18).
        if let review = org.fractiePolicyReview {
            for (field, years) in [("evaluationMaxYears", review.evaluationMaxYears), ("riskInventoryMaxYears", review.riskInventoryMaxYears)]
            where !(1...20).contains(years) {
                add("fractiePolicyReview.\(field)", "config.problem.years", ["value": String(years)])
            }
        }

        // The same person in two roles that may not be combined, at the same time.
        let indexedRoles = Array(org.roles.enumerated())
        for (i, a) in indexedRoles {
            for (j, b) in indexedRoles where j > i && a.person == b.person {
                if RoleIncompatibility.areIncompatible(a.role, b.role) && a.validity.overlaps(b.validity) {
                    add("roles[\(j)]", "config.problem.incompatibleRoles",
                        ["person": a.person, "role": b.role.rawValue, "other": a.role.rawValue, "otherPlace": "roles[\(i)]"])
                }
            }
        }
        // The same assignment twice at once, or two holders of a single seat at once.
        checkOverlaps(items: indexedRoles, list: "roles",
                      sameThing: { a, b in
                          a.role == b.role && (a.person == b.person && a.employer == b.employer || a.role.isSingleSeat)
                      },
                      validity: \.validity, key: "config.problem.roleOverlap",
                      args: { ["role": $0.role.rawValue, "person": $0.person] }, add: add)

        return found
    }

    private static func checkIDs(_ ids: [String], list: String, allowVersions: Bool,
                                 add: (String, String, [String: String]) -> Void) {
        var seen: Set<String> = []
        for (i, id) in ids.enumerated() {
            if !isWellFormedID(id) {
                add("\(list)[\(i)].id", "config.problem.badID", ["id": id])
            } else if seen.contains(id) && !allowVersions {
                add("\(list)[\(i)].id", "config.problem.duplicateID", ["id": id])
            }
            seen.insert(id)
        }
    }

    /// Ids are stable codes: lower-case letters, digits and hyphens, as in route ids.
    static func isWellFormedID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }

    private static func checkValidity(_ v: Validity, path: String, add: (String, String, [String: String]) -> Void) {
        if !v.isWellFormed, let until = v.until {
            add(path, "config.problem.endsBeforeStart", ["from": v.from.iso, "until": until.iso])
        }
    }

    private static func checkOverlaps<T>(items: [(offset: Int, element: T)], list: String,
                                         sameThing: (T, T) -> Bool, validity: KeyPath<T, Validity>,
                                         key: String, args: (T) -> [String: String],
                                         add: (String, String, [String: String]) -> Void) {
        for (i, a) in items {
            for (j, b) in items where j > i && sameThing(a, b) && a[keyPath: validity].overlaps(b[keyPath: validity]) {
                var arguments = args(b)
                arguments["otherPlace"] = "\(list)[\(i)]"
                add("\(list)[\(j)].validity", key, arguments)
            }
        }
    }

    private static func checkUnitCycles(_ units: [OrganisationUnit], add: (String, String, [String: String]) -> Void) {
        let parents = Dictionary(units.map { ($0.id, $0.parent) }, uniquingKeysWith: { first, _ in first })
        for (i, unit) in units.enumerated() {
            var seen: Set<String> = [unit.id]
            var current = unit.parent
            while let next = current, let parentOfNext = parents[next] {
                if seen.contains(next) {
                    if next == unit.id && unit.parent != unit.id {
                        add("units[\(i)].parent", "config.problem.unitCycle", ["id": unit.id])
                    }
                    break
                }
                seen.insert(next)
                current = parentOfNext
            }
        }
    }
}
