import FluentKit
import Foundation
import TegenkrachtCore

/// What waits for a line manager (issue 14): declarations not yet decided, and side activities whose
/// day to look again has come. Counts only, for the workspace: the lists themselves are on the
/// declaration pages, where each read is audited.
package struct WaitingDeclarations: Sendable, Equatable {
    package var gifts = 0
    package var sideActivities = 0
    package var trips = 0
    package var financialInterests = 0
    package var sideActivitiesToLookAgain = 0

    package var isEmpty: Bool { gifts + sideActivities + trips + financialInterests + sideActivitiesToLookAgain == 0 }

    package static func load(for managerID: String, app: any ServiceContext, db: any Database) async throws -> WaitingDeclarations {
        let open = GiftDeclarationState.open
        var waiting = WaitingDeclarations()
        waiting.gifts = try await GiftDeclarationRecord.query(on: db).filter(\.$managerID == managerID).filter(\.$state == open).count()
        waiting.sideActivities = try await SideActivityRecord.query(on: db).filter(\.$managerID == managerID).filter(\.$state == open).count()
        waiting.trips = try await TripExtensionRecord.query(on: db).filter(\.$managerID == managerID).filter(\.$state == open).count()
        waiting.financialInterests = try await FinancialInterestRecord.query(on: db).filter(\.$managerID == managerID)
            .filter(\.$state == open).count()
        // ISO days compare as text.
        waiting.sideActivitiesToLookAgain = try await SideActivityRecord.query(on: db).filter(\.$managerID == managerID)
            .filter(\.$state == GiftDeclarationState.decided).filter(\.$reassessOn <= app.today.iso).count()
        return waiting
    }
}
