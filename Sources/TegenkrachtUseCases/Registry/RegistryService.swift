import Crypto
import FluentKit
import Foundation
import TegenkrachtCore

/// One registry for every signal (issue 7): cases feed it as they change, functionaries register
/// what reached them, and every new entry runs the pattern check, an index look-up per subject.
package enum RegistryService {
    /// A subject of an entry: its blind index, and a label for the alert (sealed when it is stored).
    package struct Subject: Sendable {
        package init(identifier: SubjectIdentifier, label: String) {
            self.identifier = identifier
            self.label = label
        }

        package let identifier: SubjectIdentifier
        package let label: String
    }

    /// HMAC-SHA256 with the blind-index key (outside the database) over the normalised identifier.
    package static func blindIndex(_ identifier: SubjectIdentifier, app: any ServiceContext) throws -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(identifier.normalised.utf8), using: try app.keyVault.blindIndexKey)
        return Data(mac).hexString
    }

    /// The subjects of a report's accused: people matched in the organisation (by name variants), the
    /// name itself, and the unit or fractie.
    package static func subjects(accused: [AccusedPerson], organisation: Organisation?, on date: LocalDate) -> [Subject] {
        var result: [Subject] = []
        for person in accused where !person.isEmpty {
            let matches = organisation.map { CaseStaffing.people(named: person.name, organisation: $0) } ?? []
            let unitID = organisation.flatMap { CaseStaffing.unit(named: person.unit, organisation: $0, on: date) }
            let known = matches.count == 1 ? matches[0] : nil
            let label = known?.name ?? person.name
            for identifier in SubjectIdentifier.forAccused(personID: known?.id, name: person.name,
                                                           unit: unitID ?? known?.unit, fractie: known?.fractie) {
                let unitLabel: String
                switch identifier {
                case .unit(let id): unitLabel = organisation?.units.first { $0.id == id }?.name ?? id
                case .fractie(let id): unitLabel = organisation?.fractie(id: id, on: date)?.name ?? id
                default: unitLabel = label
                }
                result.append(Subject(identifier: identifier, label: unitLabel))
            }
        }
        return result
    }

    // MARK: Writing

    /// Stores a new entry with its subjects and runs the pattern check; returns the entry.
    @discardableResult
    package static func insert(_ record: RegistryRecord, source: String?, caseID: UUID?, subjects: [Subject], registeredBy: String?,
                       app: any ServiceContext, db: any Database) async throws -> RegistryEntry {
        let entry = RegistryEntry()
        let entryID = UUID()
        entry.id = entryID
        entry.source = source ?? "registratie:\(entryID)"
        entry.caseID = caseID
        apply(record, to: entry)
        entry.accusedUnitIndex = try subjects.first { !$0.identifier.isPerson }.map { try blindIndex($0.identifier, app: app) }
        entry.registeredBy = registeredBy
        entry.createdAt = app.clock.now
        try await db.transaction { tx in
            try await entry.create(on: tx)
            var seen: Set<String> = []
            for subject in subjects {
                let index = try blindIndex(subject.identifier, app: app)
                guard seen.insert(index).inserted else { continue }
                let row = RegistrySubject()
                row.$entry.id = entryID
                row.subjectIndex = index
                row.isPerson = subject.identifier.isPerson
                row.source = entry.source
                row.receivedOn = record.received.iso
                try await row.create(on: tx)
            }
        }
        try await PatternCheck.run(for: entry, subjects: subjects, app: app, db: db)
        try await EscrowCheck.run(for: entry, subjects: subjects, app: app, db: db)
        return entry
    }

    package static func apply(_ record: RegistryRecord, to entry: RegistryEntry) {
        entry.kind = record.kind.rawValue
        entry.channel = record.channel.rawValue
        entry.reporterGroup = record.reporterGroup
        entry.accusedGroup = record.accusedGroup
        entry.behaviourItems = record.behaviourItems.joined(separator: ",")
        entry.powerGap = record.powerGap
        entry.receivedOn = record.received.iso
        entry.year = record.received.year
        entry.stage = record.stage
        entry.outcome = record.outcome
        entry.reporterOutcome = record.reporterOutcome
        entry.accusedOutcome = record.accusedOutcome
        entry.acknowledgedOn = record.acknowledged?.iso
        entry.feedbackOn = record.feedbackGiven?.iso
        entry.closedOn = record.closed?.iso
        entry.aftercareGiven = record.aftercareGiven
        entry.behaviourStopped = record.behaviourStopped
        entry.satisfaction = record.satisfaction
        entry.category = record.category
        entry.handling = record.handling
    }

    // MARK: Cases feed the registry

    package enum SyncResult: Sendable {
        case created, changed, unchanged
    }

    /// Keeps a case's entry in step with the case: created with the case, updated as it moves.
    /// Idempotent (the outbox may deliver it twice): the entry is found by its source.
    @discardableResult
    package static func sync(_ caseFile: CaseFile, report: Report, app: any ServiceContext, db: any Database) async throws -> SyncResult {
        let caseID = try caseFile.requireID()
        let record = try await record(for: caseFile, report: report, app: app, db: db)
        if let entry = try await RegistryEntry.query(on: db).filter(\.$source == "zaak:\(caseID)").first() {
            let before = fingerprint(entry)
            // The furthest stage reached stays (a reopened case was still escalated once).
            let furthest = CaseStage(rawValue: entry.stage).flatMap { CaseStage.allCases.firstIndex(of: $0) } ?? 0
            apply(record, to: entry)
            let now = CaseStage(rawValue: record.stage).flatMap { CaseStage.allCases.firstIndex(of: $0) } ?? 0
            if furthest > now, record.stage != CaseStage.closed.rawValue { entry.stage = CaseStage.allCases[furthest].rawValue }
            guard fingerprint(entry) != before else { return .unchanged }
            try await entry.save(on: db)
            return .changed
        }
        let content = try ReportService.crypto(for: report, app: app).open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let organisation = try await app.organisationStore.current(on: db)
        try await insert(record, source: "zaak:\(caseID)", caseID: caseID,
                         subjects: subjects(accused: content.accused, organisation: organisation, on: record.received),
                         registeredBy: nil, app: app, db: db)
        return .created
    }

    /// Everything `apply` writes, as one value: tells whether a sync changes an entry.
    private static func fingerprint(_ e: RegistryEntry) -> [String?] {
        [e.kind, e.channel, e.reporterGroup, e.accusedGroup, e.behaviourItems, String(e.powerGap), e.receivedOn, String(e.year),
         e.stage, e.outcome, e.reporterOutcome, e.accusedOutcome, e.acknowledgedOn, e.feedbackOn, e.closedOn,
         String(e.aftercareGiven), e.behaviourStopped.map { String($0) }, e.satisfaction.map { String($0) },
         e.category, e.handling]
    }

    /// `tegenkracht registry reconcile`: rebuilds every case's entry from its case, each in its own
    /// unit of work, and counts what it created and changed (issue 12).
    package static func reconcile(app: any ServiceContext) async throws -> (checked: Int, created: Int, changed: Int) {
        var checked = 0, created = 0, changed = 0
        var after: UUID?
        while true {
            var query = CaseFile.query(on: app.db).sort(\.$id).limit(200)
            if let after { query = query.filter(\.$id > after) }
            let batch = try await query.all()
            guard let last = batch.last else { break }
            after = last.id
            for caseFile in batch {
                guard let report = try await Report.find(caseFile.$report.id, on: app.db) else { continue }
                let result = try await UnitOfWork.run(app.db) { tx in try await sync(caseFile, report: report, app: app, db: tx) }
                checked += 1
                if result == .created { created += 1 }
                if result == .changed { changed += 1 }
            }
        }
        return (checked, created, changed)
    }

    package static func record(for caseFile: CaseFile, report: Report, app: any ServiceContext, db: any Database) async throws -> RegistryRecord {
        let content = try ReportService.crypto(for: report, app: app).open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let received = ReportService.localDate(report.submittedAt, app: app)
        let organisation = try await app.organisationStore.current(on: db)
        let caseID = try caseFile.requireID()
        let firstReply = try await ReportMessage.query(on: db).filter(\.$report.$id == report.requireID())
            .filter(\.$author != ActorRef.reporter.stored).filter(\.$author != ActorRef.supplementAuthor).sort(\.$createdAt).first()
        let closedOn = caseFile.closedAt.map { ReportService.localDate($0, app: app) }
        let feedback = [firstReply.map { ReportService.localDate($0.createdAt, app: app) }, closedOn].compactMap { $0 }.min()
        let answers = try await AftercareCheckIn.query(on: db).filter(\.$caseFile.$id == caseID).filter(\.$answeredAt != nil)
            .sort(\.$answeredAt).all()
        return RegistryRecord(
            kind: RegistryRecord.Kind(rawValue: report.kind) ?? .report,
            channel: channel(for: report, organisation: organisation, on: received),
            reporterGroup: content.reporterGroup, accusedGroup: content.accusedGroup,
            behaviourItems: content.behaviourItems, powerGap: caseFile.powerGap, received: received,
            stage: caseFile.stage, outcome: try await outcome(report, caseFile: caseFile, db: db), reporterOutcome: caseFile.reporterOutcome,
            accusedOutcome: caseFile.accusedOutcome,
            acknowledged: report.acknowledgedAt.map { ReportService.localDate($0, app: app) },
            feedbackGiven: feedback, closed: closedOn, aftercareGiven: !answers.isEmpty,
            behaviourStopped: answers.last { $0.aftercareParty == .reporter }?.stopped,
            satisfaction: answers.last { $0.aftercareParty == .reporter && $0.satisfaction != nil }?.satisfaction,
            category: caseFile.category,
            handling: try await handling(report, caseFile: caseFile, app: app, db: db))
    }

    /// A complaint the bevoegd gezag declared inadmissible (art. 10 lid 4) has that outcome, whatever the
    /// case's closure says: it is a row of the committee's annual report (art. 14).
    package static func outcome(_ report: Report, caseFile: CaseFile, db: any Database) async throws -> String? {
        guard report.recipientKind == RecipientKind.complaintsCommittee.rawValue,
              try await ProcedureEventRecord.query(on: db).filter(\.$report.$id == report.requireID())
                .filter(\.$event == "niet-ontvankelijk").count() > 0 else { return caseFile.outcome }
        return "niet-ontvankelijk"
    }

    /// For a complaint to the College: the refusal code, or where the investigation stands. For one
    /// to the committee: the nature of its advice (art. 12 lid 5).
    package static func handling(_ report: Report, caseFile: CaseFile, app: any ServiceContext, db: any Database) async throws -> String? {
        if report.recipientKind == RecipientKind.complaintsCommittee.rawValue {
            guard let advice = try await ProcedureEventRecord.query(on: db).filter(\.$report.$id == report.requireID())
                .filter(\.$event == "advies").first(), let sealed = advice.reasonSealed else { return nil }
            let nature = String(decoding: try ReportService.crypto(for: report, app: app)
                .open(sealed, purpose: .procedureReason(try advice.requireID())), as: UTF8.self)
            return AdviceNature(rawValue: nature)?.rawValue
        }
        guard report.recipientKind == RecipientKind.integrityBoard.rawValue else { return nil }
        let events = try await ProcedureEventRecord.query(on: db).filter(\.$report.$id == report.requireID()).all()
        if let refusal = events.first(where: { $0.event == "niet-ontvankelijk" }), let sealed = refusal.reasonSealed {
            let code = try ReportService.crypto(for: report, app: app).open(sealed, purpose: .procedureReason(try refusal.requireID()))
            return String(decoding: code, as: UTF8.self)
        }
        if events.contains(where: { $0.event == "rapportage" }) { return "onderzocht-rapportage" }
        if events.contains(where: { $0.event == "onderzocht-geen-rapportage" }) { return "onderzocht-geen-rapportage" }
        if caseFile.stage == CaseStage.closed.rawValue { return "onderzocht-geen-rapportage" }
        return events.contains { $0.event == "ontvankelijk" } ? "onderzoek-loopt" : nil
    }

    package static func channel(for report: Report, organisation: Organisation?, on date: LocalDate) -> RegistryRecord.Channel {
        switch RecipientKind(rawValue: report.recipientKind) {
        case .confidentialAdvisor:
            let roles = report.handlerPersonID.map { organisation?.roles(of: $0, on: date) ?? [] } ?? []
            if roles.contains(where: { $0.role == .confidentialAdvisorIntegrity }) { return .integrityAdvisor }
            return roles.contains { $0.role.isConfidentialAdvisor && $0.affiliation == .external }
                ? .confidentialAdvisorExternal : .confidentialAdvisorInternal
        case .centralRoute: return .centralRoute
        case .complaintsCommittee: return .complaintsCommittee
        case .integrityBoard: return .integrityBoard
        case nil: return .other
        }
    }
}
