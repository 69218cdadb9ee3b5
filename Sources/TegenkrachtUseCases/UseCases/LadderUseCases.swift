import FluentKit
import Foundation
import TegenkrachtCore

/// A move proposed by the lead that waits for the second person (a closure without action).
package struct TransitionProposal: Codable, Sendable {
    package var to: CaseStage
    package var by: String
    package var details: TransitionDetails
    package var outcome: CaseOutcome?
    package var reporterOutcome: PersonOutcome?
    package var accusedOutcome: PersonOutcome?

    package init(to: CaseStage, by: String, details: TransitionDetails, outcome: CaseOutcome? = nil,
                 reporterOutcome: PersonOutcome? = nil, accusedOutcome: PersonOutcome? = nil) {
        self.to = to
        self.by = by
        self.details = details
        self.outcome = outcome
        self.reporterOutcome = reporterOutcome
        self.accusedOutcome = accusedOutcome
    }
}

/// A handler moves the case on the escalation ladder, closes it with its outcomes, or decides on
/// fact-finding (issue 5). The ladder (`CaseLadder`) decides what is allowed and throws a
/// `LadderError` otherwise; a closure without action that needs the second person's approval is
/// stored as a proposal, sealed, and waits for them.
package enum MoveOnLadder {
    package enum Result: Equatable, Sendable {
        case moved
        /// The closure waits for the second person.
        case proposed
    }

    @discardableResult
    package static func run(to stage: CaseStage?, details: TransitionDetails, outcome: CaseOutcome? = nil,
                            reporterOutcome: PersonOutcome? = nil, accusedOutcome: PersonOutcome? = nil,
                            version: Int?, on context: CaseContext) async throws -> Result {
        guard let stage else { throw Refusal("ladder.error.noStage") }
        guard (details.reporterMessage ?? "").count <= IntakeValidator.maxTextLength else { throw Refusal("portal.error.tooLong") }
        return try await context.perform(version: version) { c in
            let proposal = TransitionProposal(to: stage, by: c.personID, details: details, outcome: outcome,
                                              reporterOutcome: reporterOutcome, accusedOutcome: accusedOutcome)
            do {
                try await apply(proposal, approval: nil, c)
                return .moved
            } catch LadderError.secondApprovalRequired where c.role != .second {
                // Everything else holds: the closure waits for the second person.
                c.caseFile.pendingClosureSealed = try c.crypto.seal(proposal, purpose: .pendingClosure)
                c.caseFile.pendingClosureBy = c.personID
                try await c.finish(audit: .caseClosureProposed)
                return .proposed
            }
        }
    }

    /// Checks the move against the ladder and stores it: the case, the logged transition, the
    /// reporter's timeline and, on closure, the aftercare check-ins.
    static func apply(_ p: TransitionProposal, approval: String?, _ c: CaseContext) async throws {
        let consents = try await CaseService.consents(c.caseFile, crypto: c.crypto, app: c.app, db: c.db, localizer: c.localizer)
        var ladder = CaseService.ladder(c.caseFile, consents: consents)
        let rights = try CaseService.accusedRights(c.caseFile, crypto: c.crypto)
        let from = ladder.stage
        try ladder.transition(TransitionRequest(
            to: p.to, by: p.by, on: c.today, reason: p.details.reason, informalJustification: p.details.informalJustification,
            mediator: p.details.mediator, factFinding: p.details.factFinding, outcome: p.outcome, secondPersonApproval: approval,
            reporterOutcome: p.reporterOutcome, accusedOutcome: p.accusedOutcome, accusedHeard: rights.heard))
        var details = p.details
        details.secondPersonApproval = approval
        try await c.recordMove(from: from, ladder: ladder, details: details)
    }
}

/// The second person approves a closure without action that the lead proposed (the four-eyes rule).
package enum ApproveClosure {
    package static func run(version: Int?, on context: CaseContext) async throws {
        try await context.perform(version: version) { c in
            guard c.role == .second else { throw Refusal("case.error.onlySecond") }
            guard let sealed = c.caseFile.pendingClosureSealed else { throw Refusal("case.error.nothingPending") }
            let proposal = try c.crypto.open(TransitionProposal.self, from: sealed, purpose: .pendingClosure)
            try await MoveOnLadder.apply(proposal, approval: c.personID, c)
            try await c.audit(.caseClosureApproved, on: c.db)
        }
    }
}

/// Reopening a closed case, with a reason: by a handler, or by a "no, it did not stop" in aftercare.
package enum ReopenCase {
    package static func run(reason: String, version: Int?, on context: CaseContext) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw Refusal("ladder.error.reasonRequired") }
        try await context.perform(version: version) { c in try await reopen(c, reason: reason) }
    }

    /// Inside an action's unit of work (an aftercare answer that reopens).
    static func reopen(_ c: CaseContext, reason: String) async throws {
        var ladder = CaseService.ladder(c.caseFile, consents: [])
        try ladder.reopen(by: c.personID, on: c.today, reason: reason)
        try await c.recordMove(from: .closed, ladder: ladder, details: TransitionDetails(reason: reason))
    }
}
