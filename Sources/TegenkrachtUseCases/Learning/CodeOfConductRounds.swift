import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// The House-wide code of conduct is made in comment rounds (issue 18, 6.4.1: "a code is nothing,
/// coding is everything", L2587). The integrity coordinator opens a round on a version; anyone in any
/// group comments on the public page without an account (only the group is kept); the coordinator
/// answers each comment once; the round closes when every comment has its answer; the Voorzitter
/// records the Presidium's adoption of a version. The whole record stays.
///
/// A public form must not flood the database: a comment is at most `maxText` characters, a round
/// holds at most `maxPerRound` comments (one conditional UPDATE of the round's counter, which also
/// orders the comments of a round), and at most `maxPerHour` arrive in a round per hour.
package enum CodeOfConductRounds {
    package static let maxText = 2000
    package static let maxResponse = 4000
    package static let maxPerRound = 500
    package static let maxPerHour = 60

    /// The groups a commenter chooses from: the route finder's groups.
    package static let groups = RouteGroup.allCases.map(\.rawValue)

    package struct Comment: Sendable {
        package let id: UUID
        package let seq: Int
        package let group: String
        package let topic: String
        /// Nil when withheld (it named a person or a case).
        package let text: String?
        package let response: String?
        package let createdAt: Date
    }

    package struct Round: Sendable {
        package let id: UUID
        package let number: Int
        package let versionID: String
        package let openedAt: Date
        package let closedAt: Date?
        package let comments: [Comment]
        package var open: Bool { closedAt == nil }
        package var unanswered: Int { comments.filter { $0.response == nil }.count }
    }

    package struct Adoption: Sendable {
        package let versionID: String
        package let adoptedOn: LocalDate?
        package let decision: String
    }

    // MARK: Reading

    package static func adoptions(db: any Database) async throws -> [Adoption] {
        try await CodeAdoptionRecord.query(on: db).sort(\.$adoptedOn).all().map {
            Adoption(versionID: $0.versionID, adoptedOn: LocalDate(iso: $0.adoptedOn), decision: $0.decision)
        }
    }

    package static func adoptedIDs(db: any Database) async throws -> Set<String> {
        Set(try await CodeAdoptionRecord.query(on: db).all().map(\.versionID))
    }

    /// The code shown today: the one in force, or the draft (`CodeOfConductBook.shown`).
    package static func shown(app: any ServiceContext, db: any Database) async throws -> CodeOfConductBook.Shown? {
        app.codeOfConduct.shown(on: app.today, adoptedIDs: try await adoptedIDs(db: db))
    }

    /// The norms of the code shown that the chosen behaviour items break, and whether it is adopted.
    package static func norms(for items: [String], app: any ServiceContext, db: any Database) async throws
        -> (norms: [CodeOfConductBook.Norm], adopted: Bool) {
        guard !items.isEmpty else { return ([], false) }
        return app.codeOfConduct.norms(for: items, on: app.today, adoptedIDs: try await adoptedIDs(db: db))
    }

    package static func openRound(db: any Database) async throws -> CodeRoundRecord? {
        try await CodeRoundRecord.query(on: db).filter(\.$closedAt == nil).sort(\.$number, .descending).first()
    }

    /// Every round, newest first, with its comments in order. `answeredOnly`: the public record, where
    /// a comment appears with its response (the coordinator reads it first; a round cannot close
    /// before every comment is answered, so every comment becomes public).
    package static func rounds(answeredOnly: Bool, db: any Database) async throws -> [Round] {
        let rounds = try await CodeRoundRecord.query(on: db).sort(\.$number, .descending).all()
        let comments = try await CodeCommentRecord.query(on: db).sort(\.$seq).all()
        let byRound = Dictionary(grouping: comments, by: \.roundID)
        return rounds.compactMap { round in
            guard let id = round.id else { return nil }
            let list = (byRound[id] ?? []).compactMap { c -> Comment? in
                guard let cid = c.id else { return nil }
                if answeredOnly && c.response == nil { return nil }
                return Comment(id: cid, seq: c.seq, group: c.group, topic: c.topic, text: c.withheld && answeredOnly ? nil : c.text,
                               response: c.response, createdAt: c.createdAt)
            }
            return Round(id: id, number: round.number, versionID: round.versionID, openedAt: round.openedAt, closedAt: round.closedAt,
                         comments: list)
        }
    }

    /// How many comments of the open round still wait for their response (the public page says so).
    package static func waiting(db: any Database) async throws -> Int {
        guard let round = try await openRound(db: db), let id = round.id else { return 0 }
        return try await CodeCommentRecord.query(on: db).filter(\.$roundID == id).filter(\.$response == nil).count()
    }

    // MARK: The coordinator

    /// Opens a round on a version that is not adopted; one round at a time.
    @discardableResult
    package static func open(versionID: String, personID: String?, by actor: ActorRef,
                             app: any ServiceContext, db: any Database) async throws -> UUID {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayManage(personID, in: organisation, on: app.today), case .staff(let userID) = actor else { throw NotFound() }
        guard app.codeOfConduct.version(id: versionID) != nil else { throw Refusal("code.error.version") }
        guard try await CodeAdoptionRecord.query(on: db).filter(\.$versionID == versionID).count() == 0 else {
            throw Refusal("code.error.adopted")
        }
        let id = UUID()
        do {
            try await UnitOfWork.run(db) { tx in
                guard try await openRound(db: tx) == nil else { throw Refusal("code.error.roundOpen") }
                let last = try await CodeRoundRecord.query(on: tx).sort(\.$number, .descending).first()?.number ?? 0
                let now = app.clock.now
                let round = CodeRoundRecord()
                round.id = id
                round.number = last + 1
                round.versionID = versionID
                round.openedBy = userID
                round.openedAt = now
                round.commentCount = 0
                try await round.create(on: tx)
                try await AuditLog.append(on: tx, actor: actor, action: .codeRoundOpen, subject: "code-round:\(id)", now: now)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Two opened at once: the unique round number let one through.
            throw Refusal("code.error.roundOpen")
        }
        return id
    }

    /// The coordinator's response to a comment, once: a conditional UPDATE, so of two responses sent
    /// together exactly one is kept. `withhold`: the comment names a person or a case, and the record
    /// shows only that it was withheld, with the response.
    package static func respond(commentID: UUID, text: String, withhold: Bool, personID: String?, by actor: ActorRef,
                                app: any ServiceContext, db: any Database) async throws {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayManage(personID, in: organisation, on: app.today), case .staff(let userID) = actor else { throw NotFound() }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Refusal("code.error.emptyResponse") }
        guard text.count <= maxResponse else { throw Refusal("portal.error.tooLong") }
        guard try await CodeCommentRecord.find(commentID, on: db) != nil else { throw NotFound() }
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let update = try tx.sqlDatabase.update(CodeCommentRecord.schema)
                .set(SQLIdentifier("response"), to: SQLBind(text))
                .set(SQLIdentifier("responded_by"), to: SQLBind(userID))
                .set(SQLIdentifier("responded_at"), to: SQLBind(now))
                .set(SQLIdentifier("withheld"), to: SQLBind(withhold))
            // A comment withheld because it names a person or a case is not kept either: its text is
            // erased with the response, so the database holds no more than the record shows.
            if withhold { update.set(SQLIdentifier("text"), to: SQLBind("")) }
            let claimed = try await update
                .where(SQLIdentifier("id"), .equal, SQLBind(commentID))
                .where(SQLIdentifier("response"), .is, SQLLiteral.null)
                .claimsRow()
            guard claimed else { throw Refusal("code.error.answered") }
            try await AuditLog.append(on: tx, actor: actor, action: .codeResponse, subject: "code-comment:\(commentID)", now: now)
        }
    }

    /// Closes a round once every comment has its response. The close takes the round's row first, so a
    /// comment arriving at the same moment is either counted here (and the close refused) or refused.
    package static func close(roundID: UUID, personID: String?, by actor: ActorRef,
                              app: any ServiceContext, db: any Database) async throws {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayManage(personID, in: organisation, on: app.today), case .staff(let userID) = actor else { throw NotFound() }
        guard try await CodeRoundRecord.find(roundID, on: db) != nil else { throw NotFound() }
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let claimed = try await tx.sqlDatabase.update(CodeRoundRecord.schema)
                .set(SQLIdentifier("closed_by"), to: SQLBind(userID))
                .set(SQLIdentifier("closed_at"), to: SQLBind(now))
                .where(SQLIdentifier("id"), .equal, SQLBind(roundID))
                .where(SQLIdentifier("closed_at"), .is, SQLLiteral.null)
                .claimsRow()
            guard claimed else { throw Refusal("code.error.closed") }
            guard try await CodeCommentRecord.query(on: tx).filter(\.$roundID == roundID).filter(\.$response == nil).count() == 0 else {
                throw Refusal("code.error.unanswered")
            }
            try await AuditLog.append(on: tx, actor: actor, action: .codeRoundClose, subject: "code-round:\(roundID)", now: now)
        }
    }

    // MARK: Anyone

    /// A comment from anyone, without an account: the group chosen, the norm or agreement it is
    /// about, the text. Nothing else is kept (no name, address or session), and the text is never logged.
    @discardableResult
    package static func comment(group: String, topic: String, text: String,
                                app: any ServiceContext, db: any Database) async throws -> UUID {
        guard let round = try await openRound(db: db), let roundID = round.id else { throw Refusal("code.error.noRound") }
        guard groups.contains(group) else { throw Refusal("code.error.group") }
        guard app.codeOfConduct.version(id: round.versionID)?.commentTopics.contains(topic) == true else { throw Refusal("code.error.topic") }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Refusal("code.error.empty") }
        guard text.count <= maxText else { throw Refusal("code.error.tooLong", ["max": String(maxText)]) }
        let id = UUID()
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            struct Row: Decodable { let comment_count: Int }
            // One statement: counted only in an open round under its cap. On PostgreSQL the row stays
            // locked until this unit commits, so the count of the last hour below sees every earlier one.
            let counted = try await tx.sqlDatabase.update(CodeRoundRecord.schema)
                .set(SQLIdentifier("comment_count"), to: SQLBinaryExpression(SQLIdentifier("comment_count"), .add, SQLLiteral.numeric("1")))
                .where(SQLIdentifier("id"), .equal, SQLBind(roundID))
                .where(SQLIdentifier("closed_at"), .is, SQLLiteral.null)
                .where(SQLIdentifier("comment_count"), .lessThan, SQLBind(maxPerRound))
                .returning(SQLIdentifier("comment_count"))
                .all(decoding: Row.self)
            guard let seq = counted.first?.comment_count else { throw Refusal("code.error.full") }
            let recent = try await CodeCommentRecord.query(on: tx).filter(\.$roundID == roundID)
                .filter(\.$createdAt > now.addingTimeInterval(-3600)).count()
            guard recent < maxPerHour else { throw Refusal("code.error.busy") }
            let record = CodeCommentRecord()
            record.id = id
            record.roundID = roundID
            record.seq = seq
            record.group = group
            record.topic = topic
            record.text = text
            record.createdAt = now
            record.withheld = false
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: .reporter, action: .codeComment, subject: "code-comment:\(id)", now: now)
        }
        return id
    }

    // MARK: The Voorzitter, for the Presidium

    /// Records that the Presidium adopted a version: after at least one closed round on it, with no
    /// round open on it, once (the unique index on the version).
    package static func adopt(versionID: String, decision: String, personID: String?, by actor: ActorRef,
                              app: any ServiceContext, db: any Database) async throws {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayApprove(personID, in: organisation, on: app.today), case .staff(let userID) = actor else { throw NotFound() }
        guard app.codeOfConduct.version(id: versionID) != nil else { throw Refusal("code.error.version") }
        let decision = decision.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !decision.isEmpty else { throw Refusal("code.error.decision") }
        guard decision.count <= 300 else { throw Refusal("portal.error.tooLong") }
        let rounds = try await CodeRoundRecord.query(on: db).filter(\.$versionID == versionID).all()
        guard rounds.contains(where: { $0.closedAt != nil }) else { throw Refusal("code.error.noClosedRound") }
        guard !rounds.contains(where: { $0.closedAt == nil }) else { throw Refusal("code.error.roundOpen") }
        do {
            try await UnitOfWork.run(db) { tx in
                guard try await CodeAdoptionRecord.query(on: tx).filter(\.$versionID == versionID).count() == 0 else {
                    throw Refusal("code.error.adopted")
                }
                let now = app.clock.now
                let record = CodeAdoptionRecord()
                record.versionID = versionID
                record.adoptedOn = app.today.iso
                record.decision = decision
                record.recordedBy = userID
                record.recordedAt = now
                try await record.create(on: tx)
                try await AuditLog.append(on: tx, actor: actor, action: .codeAdopt, subject: "code-version:\(versionID)", now: now)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            throw Refusal("code.error.adopted")
        }
    }
}
