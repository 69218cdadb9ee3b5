import FluentKit
import Foundation
import TegenkrachtCore

/// Handing a case to another lead or second person (issue 16). The rules are `CaseReassignment`
/// (who may, never oneself) and `CaseStaffing.check` (eligible, no conflict of interest); a reason
/// is required and kept sealed with the case; a confidential name stays with the reader the
/// reporter chose until the reporter agrees to the new lead in the portal. Someone who does not read
/// the report yet becomes a reader only when the reporter agrees (issue 15): until then the change
/// waits as a proposal, and the people on the case stay. The change (or the proposal), its reason,
/// the reporter's timeline and the audit entry are one unit of work.
package enum ReassignCase {
    package struct Input: Sendable {
        package init(lead: String, second: String, reason: String) {
            self.lead = lead
            self.second = second
            self.reason = reason
        }

        package let lead: String
        package let second: String
        package let reason: String
    }

    /// Who acts: their person id and what they are to the case, and the moment.
    package struct Actor: Sendable {
        package init(personID: String, role: CaseRole, auditName: ActorRef, now: Date) {
            self.personID = personID
            self.role = role
            self.auditName = auditName
            self.now = now
        }

        package let personID: String
        package let role: CaseRole
        package let auditName: ActorRef
        package let now: Date
    }

    package enum Refusal: Error, Sendable {
        case reasonMissing
        case policy(CaseReassignment.Refusal)
        case staffing(CaseStaffing.AssignmentProblem)
    }

    package struct Done: Sendable {
        /// The reporter is asked in the portal whether the new lead may read their name.
        package let identityConsentAsked: Bool
        /// The change brings in a new reader and waits for the reporter's consent.
        package let waitsForReporter: Bool
    }

    package static func run(_ input: Input, by actor: Actor, caseFile: CaseFile, report: Report, team: CaseRules.Team,
                    parties: CaseStaffing.Parties, declaredConflicts: Set<String>, deputies: Set<String>, organisation: Organisation,
                    today: LocalDate, crypto: ReportCrypto, db: any Database) async throws -> Result<Done, Refusal> {
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { return .failure(.reasonMissing) }
        let current = CaseReassignment.Seats(lead: caseFile.leadPersonID, second: caseFile.secondPersonID)
        let proposed = CaseReassignment.Seats(lead: input.lead, second: input.second)
        let leadCannotGoOn = caseFile.leadConflict != nil || caseFile.handlerChangeRequested
        if let refusal = CaseReassignment.refusal(actor: actor.personID, role: actor.role, current: current,
                                                  proposed: proposed, leadCannotGoOn: leadCannotGoOn) {
            return .failure(.policy(refusal))
        }
        if let problem = CaseStaffing.check(lead: input.lead, second: input.second, team: team, chosen: report.handlerPersonID,
                                            parties: parties, declaredConflicts: declaredConflicts,
                                            organisation: organisation, on: today) {
            return .failure(.staffing(problem))
        }
        let readers = CaseService.readerIDs(caseFile, team: team, organisation: organisation, declared: declaredConflicts,
                                            deputies: deputies, on: today)
        let newcomers = [input.lead, input.second].filter { !readers.contains($0) }
        var askConsent = false
        if newcomers.isEmpty {
            if caseFile.proposedLead != nil {
                // A proposal still waiting gives way to this change: the reporter's question lapses.
                try await ReportService.addEvent(.readerLapsed, report: report, actor: actor.auditName, db: db, at: actor.now)
            }
            askConsent = try await apply(lead: input.lead, second: input.second, caseFile: caseFile, report: report,
                                         actor: actor.auditName, now: actor.now, db: db)
        } else {
            caseFile.proposedLead = input.lead
            caseFile.proposedSecond = input.second
            try await CaseService.touch(caseFile, db: db, now: actor.now)
            try await ReportService.addEvent(.readerProposed, report: report, actor: actor.auditName, db: db, at: actor.now)
            try await Notices.queue(for: report, db: db, at: actor.now)
            try await AuditLog.append(on: db, actor: actor.auditName, action: .caseReaderProposed,
                                      subject: "report:\(try report.requireID())", now: actor.now)
        }
        try await note(reason, by: actor, caseFile: caseFile, crypto: crypto, db: db)
        return .success(Done(identityConsentAsked: askConsent, waitsForReporter: !newcomers.isEmpty))
    }

    /// The reason, kept sealed with the case as an internal note.
    private static func note(_ reason: String, by actor: Actor, caseFile: CaseFile, crypto: ReportCrypto, db: any Database) async throws {
        let note = CaseNote()
        let noteID = UUID()
        note.id = noteID
        note.$caseFile.id = try caseFile.requireID()
        note.author = actor.personID
        note.bodySealed = try crypto.seal(Data(reason.utf8), purpose: .note(noteID))
        note.createdAt = actor.now
        try await note.create(on: db)
    }

    /// Puts the people in their seats; true when the reporter is now asked whether the new lead may
    /// read their confidential name.
    private static func apply(lead: String, second: String, caseFile: CaseFile, report: Report, actor: ActorRef,
                              now: Date, db: any Database) async throws -> Bool {
        let confidential = report.identityMode == IdentityMode.confidential.rawValue
        let askConsent = CaseReassignment.identityNeedsConsent(confidential: confidential, newLead: lead,
                                                               allowedReader: caseFile.identityReader)
        let leadChanged = caseFile.leadPersonID != lead
        caseFile.leadPersonID = lead
        caseFile.secondPersonID = second
        caseFile.proposedLead = nil
        caseFile.proposedSecond = nil
        caseFile.leadConflict = nil
        caseFile.handlerChangeRequested = false
        caseFile.identityShareAskedFor = askConsent ? lead : nil
        try await CaseService.touch(caseFile, db: db, now: now)
        try await ReportService.addEvent(leadChanged ? .leadChanged : .secondPersonChanged, report: report,
                                         actor: actor, db: db, at: now)
        try await Notices.queue(for: report, db: db, at: now)
        try await AuditLog.append(on: db, actor: actor, action: .caseAssign, subject: "report:\(try report.requireID())", now: now)
        return askConsent
    }

    /// What the portal's form names as the proposal it answers.
    package static func proposalKey(_ caseFile: CaseFile) -> String? {
        guard let lead = caseFile.proposedLead, let second = caseFile.proposedSecond else { return nil }
        return lead + "|" + second
    }

    /// The people a waiting proposal would bring in, who do not read the report now.
    package static func proposedNewcomers(_ caseFile: CaseFile, readers: Set<String>) -> [String] {
        [caseFile.proposedLead, caseFile.proposedSecond].compactMap { $0 }.filter { !readers.contains($0) }
    }

    /// The reporter's answer to a proposed new reader. Yes puts the proposal in place, if the people are
    /// still eligible and free of conflicts now (a conflict found meanwhile ends the proposal instead);
    /// no ends it, and the people on the case stay. False when nothing was waiting.
    package static func decideNewReader(allow: Bool, caseFile: CaseFile, report: Report, team: CaseRules.Team,
                                        answering proposal: String,
                                        parties: CaseStaffing.Parties, declaredConflicts: Set<String>, organisation: Organisation,
                                        today: LocalDate, now: Date, db: any Database) async throws -> Bool {
        guard let lead = caseFile.proposedLead, let second = caseFile.proposedSecond else { return false }
        // The answer is to the proposal the reporter saw; one changed since is another question.
        guard proposal == proposalKey(caseFile) else { throw StaleVersion() }
        let stillPossible = CaseStaffing.check(lead: lead, second: second, team: team, chosen: report.handlerPersonID, parties: parties,
                                               declaredConflicts: declaredConflicts, organisation: organisation, on: today) == nil
        guard allow, stillPossible else {
            caseFile.proposedLead = nil
            caseFile.proposedSecond = nil
            try await CaseService.touch(caseFile, db: db, now: now)
            try await ReportService.addEvent(allow ? .readerLapsed : .readerRefused, report: report,
                                             actor: allow ? .system : .reporter, db: db, at: now)
            try await AuditLog.append(on: db, actor: allow ? .system : .reporter, action: .caseReaderRefused,
                                      subject: "report:\(try report.requireID())", now: now)
            return true
        }
        try await ReportService.addEvent(.readerAgreed, report: report, actor: .reporter, db: db, at: now)
        try await AuditLog.append(on: db, actor: .reporter, action: .caseReaderAgreed, subject: "report:\(try report.requireID())", now: now)
        _ = try await apply(lead: lead, second: second, caseFile: caseFile, report: report, actor: .reporter, now: now, db: db)
        return true
    }

    /// The reporter's answer in the portal: yes makes the lead the one who reads the name.
    package static func decideIdentityShare(allow: Bool, caseFile: CaseFile, report: Report, now: Date, db: any Database) async throws -> Bool {
        guard let asked = caseFile.identityShareAskedFor, asked == caseFile.leadPersonID else { return false }
        if allow { caseFile.identityReader = asked }
        caseFile.identityShareAskedFor = nil
        try await CaseService.touch(caseFile, db: db, now: now)
        try await ReportService.addEvent(allow ? .nameShared : .nameNotShared, report: report, actor: .reporter, db: db, at: now)
        try await AuditLog.append(on: db, actor: .reporter, action: allow ? .caseIdentityShare : .caseIdentityShareRefused,
                                  subject: "report:\(try report.requireID())", now: now)
        return true
    }
}
