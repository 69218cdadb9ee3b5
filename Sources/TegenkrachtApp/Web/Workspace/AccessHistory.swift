import Fluent
import Foundation
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// A case's access history from the audit log: in full for its handlers, as a summary for the
/// reporter (who looked, in which role, how often, and when last).
enum AccessHistory {
    /// Who an audit actor is, in words: a staff account's organisation person, or the reporter.
    static func actors(_ entries: [AuditEntry], organisation: Organisation?, db: any Database,
                       localizer t: Localizer) async throws -> [String: String] {
        let ids = Set(entries.compactMap { UUID(uuidString: String($0.actor.dropFirst("staff:".count))) })
        var names: [String: String] = [ActorRef.reporter.stored: t.text("access.reporter"), ActorRef.system.stored: t.text("access.system")]
        guard !ids.isEmpty else { return names }
        for user in try await StaffUser.query(on: db).filter(\.$id ~~ Array(ids)).all() {
            let person = user.personID.flatMap { organisation?.person(id: $0) }
            names["staff:\(try user.requireID())"] = person?.name ?? user.displayName
        }
        return names
    }

    static func entries(subject: String, organisation: Organisation?, app: Application, db: any Database,
                        localizer t: Localizer) async throws -> [CaseView.AccessItem] {
        let entries = try await AuditEntry.query(on: db).filter(\.$subject == subject).sort(\.$sequence, .descending).limit(200).all()
        let names = try await actors(entries, organisation: organisation, db: db, localizer: t)
        return entries.map { e in
            CaseView.AccessItem(at: t.dateTime(e.occurredAt, in: app.tegenkracht.timeZone), who: names[e.actor] ?? t.text("access.unknown"),
                                action: t.text("audit.\(actionKey(e.action))"))
        }
    }

    /// Procedure events and letters are logged per kind; the history names their family.
    static func actionKey(_ action: String) -> String {
        if action.hasPrefix("report.procedure-") { return "report.procedure-event" }
        if action.hasPrefix("report.letter-") { return "report.letter" }
        return action
    }

    struct SummaryItem: Encodable, Sendable {
        let who: String
        let times: Int
        let last: String
    }

    /// The reporter's view: reads of their report by staff (not their own), grouped per person.
    static func summary(subject: String, organisation: Organisation?, app: Application, db: any Database,
                        localizer t: Localizer) async throws -> [SummaryItem] {
        let reads = AuditAction.reportReads.map(\.rawValue)
        let entries = try await AuditEntry.query(on: db).filter(\.$subject == subject).filter(\.$action ~~ reads)
            .filter(\.$actor != ActorRef.reporter.stored).sort(\.$sequence).all()
        let names = try await actors(entries, organisation: organisation, db: db, localizer: t)
        var order: [String] = []
        var counts: [String: (Int, Date)] = [:]
        for e in entries {
            let who = names[e.actor] ?? t.text("access.unknown")
            if counts[who] == nil { order.append(who) }
            counts[who] = ((counts[who]?.0 ?? 0) + 1, e.occurredAt)
        }
        return order.compactMap { who in
            counts[who].map { SummaryItem(who: who, times: $0.0, last: t.dateTime($0.1, in: app.tegenkracht.timeZone)) }
        }
    }
}
