import FluentKit
import Foundation

/// An allowed side activity of an official in a designated function, published (Ambtenarenwet 2017
/// art. 5(1)(c); spec 002 R-068; issue 14: "those of designated officials are published"). Written
/// with the manager's decision, in its transaction, from the sealed declaration: public by law, so
/// plain. Erased with its declaration (the foreign key cascades; the retention job erases both).
package final class PublishedSideActivity: Model, @unchecked Sendable {
    package static let schema = "published_side_activities"

    /// The side activity's own id.
    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: String
    @Field(key: "function_name") package var functionName: String
    @Field(key: "activity") package var activity: String
    @Field(key: "organisation") package var organisation: String
    @Field(key: "paid") package var paid: Bool
    @Field(key: "start_date") package var startDate: String
    @Field(key: "published_on") package var publishedOn: String

    package init() {}

    /// What is published, made before the decision's transaction (plain values, so they cross into it).
    package struct Fields: Sendable {
        let personID: String
        let functionName: String
        let activity: String
        let organisation: String
        let paid: Bool
        let startDate: String
        let publishedOn: String

        package func create(id: UUID, on db: any Database) async throws {
            let line = PublishedSideActivity()
            line.id = id
            line.personID = personID
            line.functionName = functionName
            line.activity = activity
            line.organisation = organisation
            line.paid = paid
            line.startDate = startDate
            line.publishedOn = publishedOn
            try await line.create(on: db)
        }
    }
}

package struct M030_PublishedSideActivities: AsyncMigration {
    package var name: String { "TegenkrachtApp.M030_PublishedSideActivities" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(PublishedSideActivity.schema)
            .field("id", .uuid, .identifier(auto: false), .references(SideActivityRecord.schema, .id, onDelete: .cascade))
            .field("person_id", .string, .required)
            .field("function_name", .string, .required)
            .field("activity", .string, .required)
            .field("organisation", .string, .required)
            .field("paid", .bool, .required)
            .field("start_date", .string, .required)
            .field("published_on", .string, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(PublishedSideActivity.schema).delete()
    }
}
