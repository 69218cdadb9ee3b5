import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// Makes the reminders of the rounds that are due, one per member of parliament and round (issue 14):
/// the `register-reminders` job runs it every hour; however many instances run it at once, a member
/// gets each round once (the unique index on person and round decides, in the database). The
/// e-mails go out with the `notices` job (`MailQueue`), which retries what the mail server refuses.
package enum MemberReminders {
    @discardableResult
    package static func makeDue(app: any ServiceContext, db: any Database) async throws -> Int {
        guard let rules = app.integrityRules.rules(for: app.tegenkracht.integrityCode, on: app.today) else { return 0 }
        let rounds = rules.memberReminders.due(on: app.today)
        guard !rounds.isEmpty, let organisation = try await app.organisationStore.current(on: db) else { return 0 }
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        var made = 0
        for round in rounds {
            for member in organisation.membersOfParliament {
                // Insert-or-nothing: the unique index on (person, round) keeps it once, without a failed
                // statement (which would end a PostgreSQL transaction) and without a read first.
                let inserted = try await sql.insert(into: MemberReminderRecord.schema)
                    .columns("id", "person_id", "round", "kind", "created_at", "mail_attempts")
                    .values(SQLBind(UUID()), SQLBind(member.id), SQLBind(round.key), SQLBind(round.kind.rawValue),
                            SQLBind(app.clock.now), SQLBind(0))
                    .ignoringConflicts(with: ["person_id", "round"])
                    .returning("id")
                    .all()
                made += inserted.count
            }
        }
        return made
    }

    /// The rounds made, newest first, with how many members each reached and how many of them by
    /// e-mail (a member without an address is reached in no mailbox): the Griffie's overview.
    package static func rounds(db: any Database) async throws -> [(round: String, members: Int, mailed: Int)] {
        let records = try await MemberReminderRecord.query(on: db).sort(\.$createdAt, .descending).limit(2000).all()
        var order: [String] = []
        var counts: [String: (Int, Int)] = [:]
        for record in records {
            if counts[record.round] == nil { order.append(record.round) }
            let (members, mailed) = counts[record.round] ?? (0, 0)
            counts[record.round] = (members + 1, mailed + ((record.mailedTo ?? 0) > 0 ? 1 : 0))
        }
        return order.prefix(6).map { ($0, counts[$0]?.0 ?? 0, counts[$0]?.1 ?? 0) }
    }
}
