import FluentKit
import Foundation
import TegenkrachtCore

extension ConsentTerms {
    /// The consent step of a referral (not a ladder stage).
    package static let referralStep = "doorverwijzing"
}

/// A handler asks the reporter's consent for a step on the ladder, or for a referral with its target
/// and the dossier parts it may carry (issue 5). The reporter is told.
package enum RequestConsent {
    package static func run(step: String, withWhom: String, information: String, target: String?, parts: [DossierPart],
                            version: Int?, on context: CaseContext) async throws {
        let isReferral = step == ConsentTerms.referralStep
        guard isReferral || (CaseStage(rawValue: step).map { $0 != .listening && $0 != .closed } ?? false) else {
            throw Refusal("consent.error.step")
        }
        var terms = ConsentTerms(withWhom: withWhom, information: information)
        if isReferral {
            guard let target = context.app.caseRules.rules(on: context.today)?.referralTarget(id: target ?? "") else {
                throw Refusal("referral.error.target")
            }
            terms.target = target.id
            terms.parts = parts.map(\.rawValue)
            if terms.withWhom.isEmpty { terms.withWhom = context.localizer.text("referral.target.\(target.id)") }
        }
        guard !terms.withWhom.isEmpty, !terms.information.isEmpty || isReferral else { throw Refusal("consent.error.terms") }
        guard terms.withWhom.count <= IntakeValidator.maxShortLength, terms.information.count <= IntakeValidator.maxTextLength else {
            throw Refusal("portal.error.tooLong")
        }
        let asked = terms
        try await context.perform(version: version) { c in
            let record = CaseConsentRecord()
            record.id = UUID()
            record.$caseFile.id = c.caseID
            record.step = step
            record.state = ConsentState.requested.rawValue
            record.termsSealed = try c.crypto.seal(asked, purpose: .consent(try record.requireID()))
            record.requestedBy = c.personID
            record.requestedAt = c.now
            try await record.create(on: c.db)
            try await c.finish(event: .consent(.requested), notify: true, audit: .caseConsentRequest)
        }
    }
}

/// An internal note on the case, for the handlers only.
package enum AddCaseNote {
    package static func run(text raw: String?, version: Int?, on context: CaseContext) async throws {
        let (text, problem) = ReportService.checkedText(raw)
        if let problem { throw Refusal(problem) }
        try await context.perform(version: version) { c in
            try await c.addNote(text)
            try await c.finish(audit: .caseNote)
        }
    }
}

/// A task on the case, owned by the lead or the second person, with a due date.
package enum AddCaseTask {
    package static func run(title raw: String?, owner: String, due: LocalDate?, version: Int?, on context: CaseContext) async throws {
        let (title, problem) = ReportService.checkedText(raw)
        if let problem { throw Refusal(problem) }
        guard let due else { throw Refusal("task.error.due") }
        guard [context.caseFile.leadPersonID, context.caseFile.secondPersonID].contains(owner) else { throw Refusal("task.error.owner") }
        try await context.perform(version: version) { c in
            let task = CaseTask()
            task.id = UUID()
            task.$caseFile.id = c.caseID
            task.titleSealed = try c.crypto.seal(Data(title.utf8), purpose: .task(try task.requireID()))
            task.ownerPersonID = owner
            task.due = due.iso
            task.createdAt = c.now
            try await task.create(on: c.db)
            try await c.finish(audit: .caseTask)
        }
    }
}

/// A task of this case is done; a task of another case does not exist here.
package enum CompleteCaseTask {
    package static func run(taskID: UUID, version: Int?, on context: CaseContext) async throws {
        try await context.perform(version: version) { c in
            guard let task = try await CaseTask.query(on: c.db).filter(\.$id == taskID).filter(\.$caseFile.$id == c.caseID).first()
            else { throw NotFound() }
            task.doneAt = c.now
            try await task.save(on: c.db)
            try await c.finish(audit: .caseTaskDone)
        }
    }
}

/// The rights of the accused as they were kept: informed, heard, counsel, facts shared, corrections
/// and support; a record that contradicts itself (heard before informed) is refused.
package enum RecordAccusedRights {
    package static func run(_ rights: AccusedRights, version: Int?, on context: CaseContext) async throws {
        if let problem = rights.problem { throw Refusal("accused.error.\(problem)") }
        try await context.perform(version: version) { c in
            c.caseFile.accusedRightsSealed = try c.crypto.seal(rights, purpose: .accusedRights)
            try await c.finish(audit: .caseAccusedRights)
        }
    }
}

/// The main kinds a case may be classified as, from the report template of its channel (only the
/// College's cases have one).
package enum CaseCategories {
    package struct Category: Sendable, Equatable {
        package let code: String
        /// The localisation key of its label.
        package let labelKey: String
    }

    package static func all(for caseFile: CaseFile, reportBook: ReportBook) -> [Category] {
        let channel = caseFile.recipient == RecipientKind.integrityBoard.rawValue ? RegistryRecord.Channel.integrityBoard.rawValue : nil
        guard let channel, let template = reportBook.templates.first(where: { $0.channels.contains(channel) }),
              let table = template.tables.first(where: { $0.field == "category" }) else { return [] }
        func leaves(_ rows: [ReportTemplate.Row]) -> [ReportTemplate.Row] {
            rows.flatMap { row in (row.codes.isEmpty ? [] : [row]) + leaves(row.children ?? []) }
        }
        return leaves(table.rows).flatMap { row in
            row.codes.map { Category(code: $0, labelKey: "report.\(template.id).\(table.id).\(row.id)") }
        }
    }
}

/// The body classifies the case in its annual report's typology (the main kind only, as the College
/// counts: "only the main type per complaint"); the registry follows.
package enum ClassifyCase {
    package static func run(category code: String, version: Int?, on context: CaseContext) async throws {
        guard CaseCategories.all(for: context.caseFile, reportBook: context.app.reportBook).contains(where: { $0.code == code }) else {
            throw Refusal("case.error.category")
        }
        try await context.perform(version: version) { c in
            c.caseFile.category = code
            try await c.finish(audit: .caseCategory)
            try await Outbox.enqueue(.registrySync(caseID: c.caseID), db: c.db, now: c.now)
        }
    }
}

/// A functionary declares a conflict of interest and leaves the case at once (they see it no more);
/// the reason is an internal note for the others, and a deputy steps in for a member (issue 13).
/// A declaration carries no form version: it never fails because the case changed meanwhile; the
/// case is read again and the declaration made on what is current.
package enum DeclareConflict {
    package static func run(reason raw: String?, confirmed: Bool, reportID: UUID, staff: SignedInStaff, localizer: Localizer,
                            app: any ServiceContext, db: any Database) async throws {
        let (reason, problem) = ReportService.checkedText(raw)
        guard confirmed else { throw Refusal("conflict.error.confirm") }
        if let problem { throw Refusal(problem) }
        for attempt in 1...3 {
            let context: CaseContext
            do {
                context = try await CaseContext.load(reportID: reportID, staff: staff, localizer: localizer, app: app, db: db)
            } catch is NotFound where attempt > 1 {
                // The same declaration, sent twice at once, went through first: it is done.
                return
            }
            do {
                // Every declaration claims the case's version first, so that two at once (a double
                // click, or two members) run one after the other: the second finds the first done,
                // and the same deputy is never called twice.
                try await context.perform(version: context.caseFile.version) { c in
                    if c.role != .member {
                        c.caseFile.leadConflict = ConflictCheck.Reason.declaredConflict.rawValue
                    }
                    try await CaseService.touch(c.caseFile, db: c.db, now: c.now)
                    try await ConflictDeclaration(caseID: c.caseID, personID: c.personID, at: c.now).create(on: c.db)
                    try await c.addNote(c.localizer.text("conflict.note", ["reason": reason]))
                    try await CaseService.callDeputy(for: c.personID, in: c.caseFile, report: c.report, app: c.app, db: c.db, at: c.now)
                    try await c.audit(.caseConflictDeclared, on: c.db)
                }
                return
            } catch is StaleVersion where attempt < 3 {
                // Someone changed the case meanwhile: read it again and declare on what is current.
                continue
            }
        }
    }
}
