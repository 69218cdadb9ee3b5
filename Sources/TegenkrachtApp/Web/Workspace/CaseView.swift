import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// What the case part of the handler's page shows: parties, ladder, consents, notes, tasks,
/// referrals, the rights of the accused, aftercare and the access history.
struct CaseView: Encodable, Sendable {
    struct Choice: Encodable, Sendable {
        let id: String
        let label: String
    }

    struct TransitionItem: Encodable, Sendable {
        let at: String
        let from: String
        let to: String
        let by: String
        let reason: String
        let mediator: String?
        let approvedBy: String?
    }

    struct NoteItem: Encodable, Sendable {
        let at: String
        let by: String
        let text: String
    }

    struct TaskItem: Encodable, Sendable {
        let id: String
        let title: String
        let owner: String
        let due: String
        let done: Bool
        let overdue: Bool
    }

    struct ReferralItem: Encodable, Sendable {
        let target: String
        let state: String
        let at: String
        let guidance: String?
    }

    struct CheckInItem: Encodable, Sendable {
        let id: String
        let party: String
        let partyLabel: String
        let due: String
        let answered: Bool
        let answer: String?
        let wellbeing: String?
        let recordable: Bool
    }

    struct AccessItem: Encodable, Sendable {
        let at: String
        let who: String
        let action: String
    }

    struct RightsView: Encodable, Sendable {
        let informedBy: String
        let toldWhat: String
        let counselOffered: Bool
        /// Informed, heard, facts shown, corrections received: each as day, month and year.
        let dates: [DateField]
        let supportOffered: String
        let heard: Bool
    }

    let version: Int
    let stage: String
    let stageLabel: String
    let closed: Bool
    let myRole: String
    let isSecond: Bool
    let lead: String
    let second: String
    let leadConflict: String?
    let handlerChangeRequested: Bool
    let triage: Bool
    let triageReasons: [String]
    let priority: Bool
    let linkedReportID: String?
    let outcome: String?
    let reporterOutcome: String?
    let accusedOutcome: String?
    let responsibilityShifted: Bool
    /// A reassignment waiting for the reporter's consent to a new reader (issue 15).
    let proposedPeople: String?
    let pendingClosure: String?
    let stages: [Choice]
    let outcomes: [Choice]
    let personOutcomes: [Choice]
    let consentSteps: [Choice]
    let referralTargets: [Choice]
    let dossierParts: [Choice]
    let givenReferralConsents: [Choice]
    let people: [Choice]
    let candidates: [Choice]
    let transitions: [TransitionItem]
    let consents: [CaseService.ConsentView]
    let notes: [NoteItem]
    let tasks: [TaskItem]
    /// The new task's due date (day, month, year), with what was typed in a refused form.
    let taskDue: [DateField]
    let referrals: [ReferralItem]
    let rights: RightsView
    let aftercare: [CheckInItem]
    let access: [AccessItem]
    let draft: [String: String]
    /// The typology of the body's annual report this case counts in (the College's Table 1), if any.
    let categories: [Choice]
    let category: String
    /// A College case: the registers it cites, and the form to cite one (issue 14).
    let citations: [CitationItem]?
    let citeMembers: [Choice]
    let citeDay: [DateField]

    struct CitationItem: Encodable, Sendable {
        let member: String
        let day: String
        /// The member's public page as it stood that day.
        let link: String
        let entries: String
        let instructions: [String]
        let by: String
        let at: String
    }

    static func build(_ c: CaseContext, req: Request, draft: [String: String]) async throws -> CaseView {
        let app = req.application
        let t = req.localizer
        let db = req.db
        let caseFile = c.caseFile
        let college = caseFile.recipient == RecipientKind.integrityBoard.rawValue
        let rules = app.caseRules.rules(on: c.today)
        let stage = CaseStage(rawValue: caseFile.stage) ?? .listening
        let consents = try await CaseService.consents(caseFile, crypto: c.crypto, app: app, db: db, localizer: t)
        let rights = try CaseService.accusedRights(caseFile, crypto: c.crypto)
        // A refused form gives back what was typed in its date fields; otherwise the stored days show.
        let typedRights = draft["form"] == "accused" ? draft : [:]
        func rightsDate(_ name: String, _ id: String, _ date: LocalDate?) -> DateField {
            DateField(id: id, name: name, legend: t.text("accused.\(name)"), date: date, typed: typedRights, localizer: t)
        }
        let transitions = try await CaseTransitionRecord.query(on: db).filter(\.$caseFile.$id == c.caseID).sort(\.$occurredAt).all()
            .map { record -> TransitionItem in
                let details = try c.crypto.open(TransitionDetails.self, from: record.detailsSealed, purpose: .transition(try record.requireID()))
                return TransitionItem(at: req.dateTime(record.occurredAt),
                                      from: t.text("stage.\(record.fromStage)"), to: t.text("stage.\(record.toStage)"),
                                      by: c.name(of: record.actor), reason: details.reason,
                                      mediator: details.mediator.flatMap { $0.isEmpty ? nil : $0 },
                                      approvedBy: details.secondPersonApproval.map { c.name(of: $0) })
            }
        let notes = try await CaseNote.query(on: db).filter(\.$caseFile.$id == c.caseID).sort(\.$createdAt).all().map { note in
            NoteItem(at: req.dateTime(note.createdAt), by: c.name(of: note.author),
                     text: String(decoding: try c.crypto.open(note.bodySealed, purpose: .note(try note.requireID())), as: UTF8.self))
        }
        let tasks = try await CaseTask.query(on: db).filter(\.$caseFile.$id == c.caseID).sort(\.$due).all().map { task in
            TaskItem(id: try task.requireID().uuidString,
                     title: String(decoding: try c.crypto.open(task.titleSealed, purpose: .task(try task.requireID())), as: UTF8.self),
                     owner: c.name(of: task.ownerPersonID), due: t.longDate(iso: task.due), done: task.doneAt != nil,
                     overdue: task.doneAt == nil && task.due < c.today.iso)
        }
        let referrals = try await CaseReferral.query(on: db).filter(\.$caseFile.$id == c.caseID).sort(\.$createdAt).all().map { r in
            ReferralItem(target: t.text("referral.target.\(r.target)"), state: t.text("referral.state.\(r.state)"),
                         at: req.dateTime(r.createdAt),
                         guidance: rules?.referralTarget(id: r.target)?.guidance == true ? t.text("referral.guidance.\(r.target)") : nil)
        }
        let aftercare = try await AftercareCheckIn.query(on: db).filter(\.$caseFile.$id == c.caseID).sort(\.$due).all().map { a in
            CheckInItem(id: try a.requireID().uuidString, party: a.party, partyLabel: t.text("aftercare.party.\(a.party)"), due: t.longDate(iso: a.due),
                        answered: a.answeredAt != nil, answer: a.stopped.map { t.text($0 ? "aftercare.stopped.yes" : "aftercare.stopped.no") },
                        wellbeing: try a.wellbeingSealed.map {
                            String(decoding: try c.crypto.open($0, purpose: .aftercare(try a.requireID())), as: UTF8.self)
                        },
                        recordable: a.answeredAt == nil && a.aftercareParty != .reporter && a.due <= c.today.iso)
        }
        let pending = try caseFile.pendingClosureSealed.map {
            try c.crypto.open(TransitionProposal.self, from: $0, purpose: .pendingClosure)
        }
        let team = RecipientKind(rawValue: caseFile.recipient).flatMap { rules?.team(for: $0) }
        let candidateIDs = c.organisation.map { org in
            CaseStaffing.holders(of: (team?.lead ?? []) + (team?.second ?? []), organisation: org, on: c.today)
        } ?? []
        var triageReasons: [String] = []
        if caseFile.serious { triageReasons.append(t.text("triage.serious")) }
        if caseFile.powerGap { triageReasons.append(t.text("triage.powerGap")) }
        return CaseView(
            version: caseFile.version, stage: stage.rawValue, stageLabel: t.text("stage.\(stage.rawValue)"), closed: stage == .closed,
            myRole: t.text("caserole.\(c.role.rawValue)"), isSecond: c.role == .second,
            lead: c.name(of: caseFile.leadPersonID), second: c.name(of: caseFile.secondPersonID),
            leadConflict: caseFile.leadConflict.map { t.text("conflict.\($0)") },
            handlerChangeRequested: caseFile.handlerChangeRequested,
            triage: !triageReasons.isEmpty, triageReasons: triageReasons, priority: caseFile.priority,
            linkedReportID: try await linkedReport(caseFile, db: db),
            outcome: caseFile.outcome.map { t.text("outcome.\($0)") },
            reporterOutcome: caseFile.reporterOutcome.map { t.text("personoutcome.\($0)") },
            accusedOutcome: caseFile.accusedOutcome.map { t.text("personoutcome.\($0)") },
            responsibilityShifted: caseFile.responsibilityShifted,
            proposedPeople: caseFile.proposedLead.map { lead in
                t.text("case.people.proposed", ["lead": c.name(of: lead), "second": c.name(of: caseFile.proposedSecond)])
            },
            pendingClosure: pending.map { p in
                t.text("ladder.pending", ["by": c.name(of: p.by), "outcome": t.text("outcome.\(p.outcome?.rawValue ?? "")"), "reason": Self.withoutFinalStop(p.details.reason)])
            },
            stages: CaseStage.allCases.filter { $0 != stage && $0 != .listening }.map { Choice(id: $0.rawValue, label: t.text("stage.\($0.rawValue)")) },
            outcomes: CaseOutcome.allCases.map { Choice(id: $0.rawValue, label: t.text("outcome.\($0.rawValue)")) },
            personOutcomes: PersonOutcome.allCases.map { Choice(id: $0.rawValue, label: t.text("personoutcome.\($0.rawValue)")) },
            consentSteps: ([CaseStage.selfHelp, .informalIntervention, .formalComplaint, .factFinding, .measures].map(\.rawValue)
                           + [ConsentTerms.referralStep]).map { Choice(id: $0, label: t.text("consent.step.\($0)")) },
            referralTargets: (rules?.referralTargets ?? []).map { Choice(id: $0.id, label: t.text("referral.target.\($0.id)")) },
            dossierParts: DossierPart.allCases.map { Choice(id: $0.rawValue, label: t.text("dossier.\($0.rawValue)")) },
            givenReferralConsents: consents.filter { $0.step == ConsentTerms.referralStep && $0.consentState == .given }
                .map { Choice(id: $0.id, label: "\($0.withWhom) (\($0.decidedAt ?? ""))") },
            people: [caseFile.leadPersonID, caseFile.secondPersonID].compactMap { $0 }.map { Choice(id: $0, label: c.name(of: $0)) },
            candidates: candidateIDs.map { Choice(id: $0, label: c.name(of: $0)) },
            transitions: transitions, consents: consents, notes: notes, tasks: tasks,
            taskDue: [DateField(id: "task-due", name: "due", legend: t.text("tasks.due"), typed: draft["form"] == "tasks" ? draft : [:], localizer: t)], referrals: referrals,
            rights: RightsView(informedBy: rights.informedBy, toldWhat: rights.toldWhat, counselOffered: rights.counselOffered,
                               dates: [rightsDate("informedOn", "accused-informed-on", rights.informedOn),
                                       rightsDate("heardOn", "accused-heard-on", rights.heardOn),
                                       rightsDate("factsSharedOn", "accused-facts-on", rights.factsSharedOn),
                                       rightsDate("correctionsOn", "accused-corrections-on", rights.correctionsOn)],
                               supportOffered: rights.supportOffered, heard: rights.heard),
            aftercare: aftercare,
            access: try await AccessHistory.entries(subject: c.subject, organisation: c.organisation, app: app, db: db, localizer: t),
            draft: Dictionary(uniqueKeysWithValues: draftKeys.map { ($0, draft[$0] ?? "") }),
            categories: Self.categories(for: caseFile, app: app, localizer: t), category: caseFile.category ?? "",
            citations: college ? try await citations(c, req: req) : nil,
            citeMembers: college ? (c.organisation?.membersOfParliament ?? []).map { Choice(id: $0.id, label: $0.name) } : [],
            citeDay: [DateField(id: "cite-day", name: "asOf", legend: t.text("citation.day"),
                                typed: draft["form"] == "register-citations" ? draft : [:], localizer: t)])
    }

    /// What each cited register held on its day, and whether the House's instructions were followed then.
    static func citations(_ c: CaseContext, req: Request) async throws -> [CitationItem] {
        let t = req.localizer
        return try await RegisterCitations.of(c).map { cited in
            let entries = PublicRegister.Kind.allCases.map { kind in
                t.text("citation.entries", ["register": t.text("register.kind.\(kind.rawValue)"), "count": String(cited.entries[kind] ?? 0)])
            }.joined(separator: "; ")
            let instructions = cited.instructions.map { instruction, status in
                let state: String
                switch status {
                case .followed(let since): state = t.text("register.instruction.followed", ["date": t.longDate(since)])
                case .notFollowed(let missing): state = t.text("register.instruction.notFollowed", ["missing": missing.joined(separator: ", ")])
                }
                return t.text("citation.instruction", ["date": t.longDate(instruction.issuedOn), "status": state])
            }
            return CitationItem(member: c.name(of: cited.memberID), day: t.longDate(cited.asOf),
                                link: "/registers/lid/\(cited.memberID)?datum=\(cited.asOf.iso)", entries: entries,
                                instructions: instructions, by: c.name(of: cited.citedBy), at: req.dateTime(cited.citedAt))
        }
    }

    /// Every text field and choice of the case forms: all are present (empty when nothing was typed), so
    /// that a refused form comes back with what was typed and chosen (issue 15).
    static let draftKeys = ["reason", "reporterMessage", "justification", "mediator", "ffDecidedBy", "ffCriteria", "ffInvestigator", "ffMandate",
                            "withWhom", "information", "text", "toldWhat", "informedBy", "support", "wellbeing", "conflictReason",
                            "to", "outcome", "reporterOutcome", "accusedOutcome", "lead", "second", "form"]

    /// The leaf rows of the `category` table of the report that covers this case's channel.
    static func categories(for caseFile: CaseFile, app: Application, localizer t: Localizer) -> [Choice] {
        CaseCategories.all(for: caseFile, reportBook: app.reportBook).map { Choice(id: $0.code, label: t.text($0.labelKey)) }
    }

    static func linkedReport(_ caseFile: CaseFile, db: any Database) async throws -> String? {
        guard let linked = caseFile.linkedCaseID, let parent = try await CaseFile.find(linked, on: db) else { return nil }
        return parent.$report.id.uuidString
    }

    /// A reason typed with a full stop, inside a sentence that ends with one, gave "..".
    static func withoutFinalStop(_ text: String) -> String {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed
    }
}
