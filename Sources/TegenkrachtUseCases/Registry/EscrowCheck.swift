import FluentKit
import Foundation
import TegenkrachtCore

/// Matching escrow (issue 7; Callisto, anchors-reporting-systems §3): a report the reporter asked to
/// be acted on only when someone else names the same person stays sealed, for every handler, until
/// another signal's blind index meets one of its own. Then the seal is lifted and both handlers are
/// told. Callisto does the matching with cryptography between reporters; here the match is the
/// keyed blind index on the server, which holds the key (docs/registry.md says what that protects).
package enum EscrowCheck {
    package static func run(for entry: RegistryEntry, subjects: [RegistryService.Subject], app: any ServiceContext, db: any Database) async throws {
        let indexes = try Array(Set(subjects.filter(\.identifier.isPerson).map { try RegistryService.blindIndex($0.identifier, app: app) }))
        guard !indexes.isEmpty else { return }
        let others = try await RegistrySubject.query(on: db).filter(\.$subjectIndex ~~ indexes)
            .filter(\.$source != entry.source).all()
        guard !others.isEmpty else { return }
        let otherEntries = try await RegistryEntry.query(on: db).filter(\.$id ~~ Array(Set(others.map { $0.$entry.id }))).all()
        let caseIDs = Set((otherEntries.compactMap(\.caseID)) + [entry.caseID].compactMap { $0 })
        let cases = try await CaseFile.query(on: db).filter(\.$id ~~ Array(caseIDs)).all()
        guard cases.contains(where: \.escrowed) else { return }
        let now = app.clock.now
        for caseFile in cases where caseFile.escrowed || caseFile.id == entry.caseID || caseFile.escrowMatchedAt == nil {
            caseFile.escrowed = false
            caseFile.escrowMatchedAt = now
            try await CaseService.touch(caseFile, db: db, now: app.clock.now)
            try await ReportEvent(reportID: caseFile.$report.id, event: .escrowMatched, actor: .system, at: now).create(on: db)
            try await AuditLog.append(on: db, actor: .system, action: .caseEscrowMatch, subject: "report:\(caseFile.$report.id)", now: app.clock.now)
        }
    }
}
