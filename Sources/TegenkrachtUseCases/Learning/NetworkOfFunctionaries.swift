import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// The network of functionaries (issue 18, 6.5.1): the coordinator records certificates, logs
/// training, intervision and case reviews, and decides on every double role the review finds. The
/// roster itself is the organisation model (`FunctionaryNetwork.roster`).
package enum Functionaries {
    package struct Training: Sendable {
        package let id: UUID
        package let person: String
        package let on: LocalDate
        package let kind: TrainingKind
        package let description: String
    }

    package struct Decision: Sendable {
        package let person: String
        package let combination: String
        package let seq: Int
        package let outcome: DoubleRoleReview.Outcome
        package let reason: String
        package let decidedOn: LocalDate
    }

    /// The coordinator keeps the network's records (L2641: "de coördinatie van deze rollen expliciet bij
    /// één iemand").
    package static func mayManage(_ personID: String?, in organisation: Organisation?, on day: LocalDate) -> Bool {
        LearningAccess.mayManage(personID, in: organisation, on: day)
    }

    /// The organisation in force, if the actor may keep the network; otherwise `NotFound` (the door
    /// answers 403).
    static func manager(_ personID: String?, _ actor: ActorRef, app: any ServiceContext, db: any Database) async throws -> (Organisation, UUID) {
        let organisation = try await app.organisationStore.current(on: db)
        guard mayManage(personID, in: organisation, on: app.today), let organisation, case .staff(let userID) = actor else { throw NotFound() }
        return (organisation, userID)
    }

    static func member(_ person: String, _ organisation: Organisation, on day: LocalDate) -> Bool {
        FunctionaryNetwork.roster(organisation, on: day).contains { $0.person.id == person }
    }

    /// Records a certificate of someone in the network. An expired one may be recorded (as history);
    /// a date more than ten years ahead is a typing error.
    @discardableResult
    package static func recordCertificate(person: String, what: String, validUntil: LocalDate?, personID: String?, by actor: ActorRef,
                                          app: any ServiceContext, db: any Database) async throws -> UUID {
        let (organisation, userID) = try await manager(personID, actor, app: app, db: db)
        let today = app.today
        guard member(person, organisation, on: today) else { throw Refusal("network.error.person") }
        let what = what.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !what.isEmpty else { throw Refusal("network.error.what") }
        guard what.count <= 200 else { throw Refusal("portal.error.tooLong") }
        guard let validUntil, validUntil.year >= 2000, validUntil <= today.adding(years: 10) else { throw Refusal("network.error.validUntil") }
        let id = UUID()
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let record = NetworkCertificateRecord()
            record.id = id
            record.personID = person
            record.what = what
            record.validUntil = validUntil.iso
            record.recordedBy = userID
            record.recordedAt = now
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .networkCertificateRecord, subject: "network:\(person)", now: now)
        }
        return id
    }

    /// Logs a training, an intervision or a case review of someone in the network.
    package static func logTraining(person: String, on day: LocalDate?, kind: TrainingKind?, description: String, personID: String?,
                                    by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        let (organisation, userID) = try await manager(personID, actor, app: app, db: db)
        guard member(person, organisation, on: app.today) else { throw Refusal("network.error.person") }
        guard let kind else { throw Refusal("network.error.kind") }
        guard let day, day.year >= 2000 else { throw Refusal("register.error.date") }
        guard day <= app.today else { throw Refusal("network.error.future") }
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty else { throw Refusal("network.error.description") }
        guard description.count <= 300, !description.contains("\n") else { throw Refusal("network.error.descriptionLong") }
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let record = NetworkTrainingRecord()
            record.personID = person
            record.onDate = day.iso
            record.kind = kind.rawValue
            record.description = description
            record.recordedBy = userID
            record.recordedAt = now
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .networkTrainingLog, subject: "network:\(person)", now: now)
        }
    }

    /// Decides on one double role the review finds today: accepted with a reason, or a role moved
    /// (with where it went). `seen` is the number of the newest decision the page showed (0: none):
    /// of two forms posted from one page, one goes through and the other is told it is stale.
    package static func decide(person: String, combination: String, outcome: DoubleRoleReview.Outcome?, reason: String, seen: Int,
                               personID: String?, by actor: ActorRef, app: any ServiceContext, db: any Database) async throws {
        let (organisation, userID) = try await manager(personID, actor, app: app, db: db)
        let today = app.today
        guard DoubleRoleReview.findings(organisation, on: today).contains(where: { $0.person == person && $0.key == combination }) else {
            throw NotFound()
        }
        guard let outcome else { throw Refusal("network.error.outcome") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw Refusal(outcome == .accepted ? "network.error.reason" : "network.error.movedTo") }
        guard reason.count <= 1000 else { throw Refusal("portal.error.tooLong") }
        guard (0..<1_000_000).contains(seen) else { throw Refusal("learning.error.stale") }
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            guard let sql = tx as? any SQLDatabase else { throw StoreFault.notSQL }
            // Only the next number after the newest counts (a page read before another decision is stale) …
            let newest = try await DoubleRoleDecisionRecord.query(on: tx).filter(\.$personID == person).filter(\.$combination == combination)
                .max(\.$seq) ?? 0
            guard newest == seen else { throw Refusal("learning.error.stale") }
            // … and of two posts that read the same newest, the unique index on (person, combination, seq)
            // keeps one: insert-or-nothing, no failed statement (which would end a PostgreSQL transaction).
            let inserted = try await sql.insert(into: DoubleRoleDecisionRecord.schema)
                .columns("id", "person_id", "combination", "seq", "outcome", "reason", "decided_on", "decided_by", "decided_at")
                .values(SQLBind(UUID()), SQLBind(person), SQLBind(combination), SQLBind(seen + 1), SQLBind(outcome.rawValue), SQLBind(reason),
                        SQLBind(today.iso), SQLBind(userID), SQLBind(now))
                .ignoringConflicts(with: ["person_id", "combination", "seq"])
                .returning("id")
                .all()
            guard !inserted.isEmpty else { throw Refusal("learning.error.stale") }
            try await AuditLog.append(on: tx, actor: actor, action: .networkDoubleRoleDecide, subject: "network:\(person)", now: now)
        }
    }

    // MARK: Reads

    package static func certificates(db: any Database) async throws -> [FunctionaryNetwork.Certificate] {
        try await NetworkCertificateRecord.query(on: db).sort(\.$validUntil, .descending).limit(5000).all().compactMap { record in
            guard let id = record.id, let until = LocalDate(iso: record.validUntil) else { return nil }
            return FunctionaryNetwork.Certificate(id: id.uuidString, person: record.personID, what: record.what, validUntil: until)
        }
    }

    /// The log, newest first.
    package static func training(db: any Database) async throws -> [Training] {
        try await NetworkTrainingRecord.query(on: db).sort(\.$onDate, .descending).sort(\.$recordedAt, .descending).limit(2000).all()
            .compactMap { record in
                guard let id = record.id, let day = LocalDate(iso: record.onDate), let kind = TrainingKind(rawValue: record.kind) else { return nil }
                return Training(id: id, person: record.personID, on: day, kind: kind, description: record.description)
            }
    }

    /// The newest decision per person and combination.
    package static func latestDecisions(db: any Database) async throws -> [String: Decision] {
        var latest: [String: Decision] = [:]
        for record in try await DoubleRoleDecisionRecord.query(on: db).sort(\.$seq).limit(10_000).all() {
            guard let outcome = DoubleRoleReview.Outcome(rawValue: record.outcome), let day = LocalDate(iso: record.decidedOn) else { continue }
            latest["\(record.personID)|\(record.combination)"] = Decision(person: record.personID, combination: record.combination, seq: record.seq,
                                                                          outcome: outcome, reason: record.reason, decidedOn: day)
        }
        return latest
    }
}

/// Reminders before a certificate expires (issue 18, 6.5.1): the `certificate-reminders` job makes the
/// reminder that is due for each person's current certificate, once per certificate and moment (the
/// unique index decides, however many instances run it); the `notices` job mails them with the mail
/// queue's retries (`MailQueue.sendCertificateReminders`).
package enum CertificateReminders {
    package static let schedule = CertificateReminderSchedule.standard

    @discardableResult
    package static func makeDue(app: any ServiceContext, db: any Database) async throws -> Int {
        guard let organisation = try await app.organisationStore.current(on: db) else { return 0 }
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        let today = app.today
        let members = Set(FunctionaryNetwork.roster(organisation, on: today).map(\.person.id))
        var made = 0
        for certificate in FunctionaryNetwork.current(try await Functionaries.certificates(db: db)) where members.contains(certificate.person) {
            guard let moment = schedule.due(validUntil: certificate.validUntil, on: today), let id = UUID(uuidString: certificate.id) else { continue }
            let inserted = try await sql.insert(into: CertificateReminderRecord.schema)
                .columns("id", "certificate_id", "person_id", "moment", "valid_until", "created_at", "mail_attempts")
                .values(SQLBind(UUID()), SQLBind(id), SQLBind(certificate.person), SQLBind(moment.key), SQLBind(certificate.validUntil.iso),
                        SQLBind(app.clock.now), SQLBind(0))
                .ignoringConflicts(with: ["certificate_id", "moment"])
                .returning("id")
                .all()
            made += inserted.count
        }
        return made
    }
}

extension MailQueue {
    /// Mails each certificate reminder that is due to its holder and to the coordinator: the date only,
    /// never whose certificate in the coordinator's mail (the coordinator looks on the page).
    static func sendCertificateReminders(app: any ServiceContext, sendmail: String) async throws -> Int {
        let now = app.clock.now
        let t = app.localisation.localizer(.dutch)
        var sent = 0
        let due = try await CertificateReminderRecord.query(on: app.db).filter(\.$mailedAt == nil).filter(\.$mailAttempts < maxAttempts)
            .group(.or) { $0.filter(\.$nextMailAt == nil).filter(\.$nextMailAt <= now) }
            .all()
        guard !due.isEmpty else { return 0 }
        let organisation = try await app.organisationStore.current(on: app.db)
        let coordinators = organisation.map { $0.holders(of: .integrityCoordinator, on: app.today).map(\.person.id) } ?? []
        for reminder in due {
            guard try await lease(CertificateReminderRecord.schema, id: reminder.requireID(), done: "mailed_at", next: "next_mail_at",
                                  now: app.clock.now, db: app.db)
            else { continue }  // another sender has it
            let date = t.longDate(iso: reminder.validUntil)
            let expired = reminder.moment == CertificateReminderSchedule.Moment.expired.key
            let key = expired ? "network.mail.expired" : "network.mail.expires"
            var accepted = 0
            var refused = false
            let holder = try await mail(reminder.personID, subject: t.text(key + ".subject", ["date": date]),
                                        body: t.text(key + ".holder", ["date": date]), kind: .networkReminder, sendmail: sendmail, app: app)
            accepted += holder.accepted
            refused = refused || holder.refused
            for coordinator in coordinators where coordinator != reminder.personID {
                let result = try await mail(coordinator, subject: t.text(key + ".subject", ["date": date]),
                                            body: t.text(key + ".coordinator", ["date": date]), kind: .networkReminder, sendmail: sendmail, app: app)
                accepted += result.accepted
                refused = refused || result.refused
            }
            sent += accepted
            reminder.mailedTo = accepted
            if refused {
                // Tried again as a whole: someone may get it twice, never not at all.
                reminder.mailAttempts += 1
                reminder.nextMailAt = app.clock.now.addingTimeInterval(Outbox.backoff(afterAttempts: reminder.mailAttempts))
            } else {
                reminder.mailedAt = app.clock.now
            }
            try await reminder.save(on: app.db)
        }
        return sent
    }
}
