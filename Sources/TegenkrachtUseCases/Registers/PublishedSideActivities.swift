import FluentKit
import Foundation

/// Reading the published side activities of designated officials: public, no login, nothing logged
/// about the reader (issue 14; Ambtenarenwet 2017 art. 5(1)(c)).
package enum PublishedSideActivities {
    package static func all(db: any Database) async throws -> [PublishedSideActivity] {
        try await PublishedSideActivity.query(on: db).sort(\.$publishedOn, .descending).limit(2000).all()
    }
}
