import FluentKit
import Foundation
import SQLKit
import TegenkrachtCore

/// The lessons learned of a year for the public figures page (issue 18, 6.6.2): the integrity
/// coordinator writes them, the Voorzitter (for the Presidium) approves, and only approved text is
/// public. Changing approved text takes it off the page until it is approved again.
package enum FigureLessons {
    package struct Lessons: Sendable {
        package let year: Int
        package let text: String
        package let version: Int
        package let approved: Bool
        package let writtenBy: UUID
    }

    package static func write(year: Int, text: String, version: Int?, personID: String?, by actor: ActorRef,
                              app: any ServiceContext, db: any Database) async throws {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayManage(personID, in: organisation, on: app.today), case .staff(let userID) = actor else { throw NotFound() }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Refusal("figures.error.empty") }
        guard text.count <= 8000 else { throw Refusal("portal.error.tooLong") }
        guard (2000..<app.today.year).contains(year) else { throw Refusal("figures.error.year") }
        do {
            try await store(year: year, text: text, version: version, userID: userID, actor: actor, app: app, db: db)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            // Two first texts for a year at once: the unique index lets one in; the other is told, as
            // for any change made meanwhile, instead of a 500.
            if try await FigureLessonsRecord.query(on: db).filter(\.$year == year).first() != nil { throw Refusal("learning.error.stale") }
            throw error
        }
    }

    private static func store(year: Int, text: String, version: Int?, userID: UUID, actor: ActorRef,
                              app: any ServiceContext, db: any Database) async throws {
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            if try await FigureLessonsRecord.query(on: tx).filter(\.$year == year).first() != nil {
                // A page read before any text existed sends no version: it must not overwrite what
                // someone wrote meanwhile (nor withdraw its approval).
                guard let expected = version else { throw Refusal("learning.error.stale") }
                let claimed = try await tx.sqlDatabase.update(FigureLessonsRecord.schema)
                    .set(SQLIdentifier("lessons"), to: SQLBind(text))
                    .set(SQLIdentifier("written_by"), to: SQLBind(userID))
                    .set(SQLIdentifier("written_at"), to: SQLBind(now))
                    .set(SQLIdentifier("approved_by"), to: SQLLiteral.null)
                    .set(SQLIdentifier("approved_at"), to: SQLLiteral.null)
                    .set(SQLIdentifier("version"), to: SQLBind(expected + 1))
                    .where(SQLIdentifier("year"), .equal, SQLBind(year))
                    .where(SQLIdentifier("version"), .equal, SQLBind(expected))
                .claimsRow()
                guard claimed else { throw Refusal("learning.error.stale") }
            } else {
                let record = FigureLessonsRecord()
                record.year = year
                record.lessons = text
                record.writtenBy = userID
                record.writtenAt = now
                record.version = 1
                try await record.create(on: tx)
            }
            try await AuditLog.append(on: tx, actor: actor, action: .figuresLessonsWrite, subject: "figures:\(year)", now: now)
        }
    }

    /// Approves the version the approver read; never one's own text.
    package static func approve(year: Int, version: Int, personID: String?, by actor: ActorRef,
                                app: any ServiceContext, db: any Database) async throws {
        let organisation = try await app.organisationStore.current(on: db)
        guard LearningAccess.mayApprove(personID, in: organisation, on: app.today), case .staff(let userID) = actor else { throw NotFound() }
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            guard let existing = try await FigureLessonsRecord.query(on: tx).filter(\.$year == year).first() else { throw NotFound() }
            guard existing.writtenBy != userID else { throw Refusal("figures.error.ownText") }
            let claimed = try await tx.sqlDatabase.update(FigureLessonsRecord.schema)
                .set(SQLIdentifier("approved_by"), to: SQLBind(userID))
                .set(SQLIdentifier("approved_at"), to: SQLBind(now))
                .where(SQLIdentifier("year"), .equal, SQLBind(year))
                .where(SQLIdentifier("version"), .equal, SQLBind(version))
                .where(SQLIdentifier("approved_by"), .is, SQLLiteral.null)
                .claimsRow()
            guard claimed else { throw Refusal("learning.error.stale") }
            try await AuditLog.append(on: tx, actor: actor, action: .figuresLessonsApprove, subject: "figures:\(year)", now: now)
        }
    }

    package static func of(year: Int, db: any Database) async throws -> Lessons? {
        try await FigureLessonsRecord.query(on: db).filter(\.$year == year).first().map {
            Lessons(year: $0.year, text: $0.lessons, version: $0.version, approved: $0.approvedBy != nil, writtenBy: $0.writtenBy)
        }
    }
}
