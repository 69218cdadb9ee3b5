import FluentKit
import SQLKit

/// The registry (issue 7), with the indexes the pattern check and the statistics use.
package struct M009_Registry: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M009_Registry" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(AftercareCheckIn.schema).field("satisfaction", .int).update()
        try await database.schema(CaseFile.schema).field("escrowed", .bool).update()
        try await database.schema(CaseFile.schema).field("escrow_matched_at", .datetime).update()
        try await database.schema(CaseFile.schema).field("category", .string).update()
        try await database.schema(RegistryEntry.schema)
            .id()
            .field("source", .string, .required)
            .field("case_id", .uuid, .references(CaseFile.schema, .id, onDelete: .setNull))
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .field("reporter_group", .string)
            .field("accused_group", .string)
            .field("accused_unit_index", .string)
            .field("behaviour_items", .string, .required)
            .field("power_gap", .bool, .required)
            .field("received_on", .string, .required)
            .field("year", .int, .required)
            .field("stage", .string, .required)
            .field("outcome", .string)
            .field("reporter_outcome", .string)
            .field("accused_outcome", .string)
            .field("acknowledged_on", .string)
            .field("feedback_on", .string)
            .field("closed_on", .string)
            .field("aftercare_given", .bool, .required)
            .field("behaviour_stopped", .bool)
            .field("satisfaction", .int)
            .field("category", .string)
            .field("handling", .string)
            .field("registered_by", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "source")
            .create()
        try await database.schema(RegistrySubject.schema)
            .id()
            .field("entry_id", .uuid, .required, .references(RegistryEntry.schema, .id, onDelete: .cascade))
            .field("subject_index", .string, .required)
            .field("is_person", .bool, .required)
            .field("source", .string, .required)
            .field("received_on", .string, .required)
            .create()
        try await database.schema(RegistryAlert.schema)
            .id()
            .field("subject_index", .string, .required)
            .field("is_person", .bool, .required)
            .field("subject_label_sealed", .string, .required)
            .field("count", .int, .required)
            .field("since", .string, .required)
            .field("recipients", .string, .required)
            .field("state", .string, .required)
            .field("follow_up_sealed", .string)
            .field("raised_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(RegistryAlertEntry.schema)
            .id()
            .field("alert_id", .uuid, .required, .references(RegistryAlert.schema, .id, onDelete: .cascade))
            .field("entry_id", .uuid, .required, .references(RegistryEntry.schema, .id, onDelete: .cascade))
            .unique(on: "alert_id", "entry_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for (name, table, columns) in [
            ("registry_subjects_index_idx", RegistrySubject.schema, "subject_index, received_on"),
            ("registry_subjects_entry_idx", RegistrySubject.schema, "entry_id"),
            ("registry_entries_year_idx", RegistryEntry.schema, "year, channel"),
            // Covering indexes for the yearly counts: each table of a report is an index-only scan.
            ("registry_entries_reporter_idx", RegistryEntry.schema, "year, channel, reporter_group"),
            ("registry_entries_accused_idx", RegistryEntry.schema, "year, channel, accused_group"),
            ("registry_entries_outcome_idx", RegistryEntry.schema, "year, channel, outcome"),
            ("registry_entries_behaviour_idx", RegistryEntry.schema, "year, channel, behaviour_items"),
            ("registry_entries_coi_idx", RegistryEntry.schema, "year, channel, category, handling"),
            ("registry_entries_kpi_idx", RegistryEntry.schema,
             "year, channel, received_on, acknowledged_on, feedback_on, closed_on, behaviour_stopped, satisfaction"),
            ("registry_entries_registrar_idx", RegistryEntry.schema, "registered_by"),
            ("registry_alerts_subject_idx", RegistryAlert.schema, "subject_index"),
            ("registry_alert_entries_entry_idx", RegistryAlertEntry.schema, "entry_id"),
        ] {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(ident: table) (\(unsafeRaw: columns))").run()
        }
    }

    package func revert(on database: any Database) async throws {
        for schema in [RegistryAlertEntry.schema, RegistryAlert.schema, RegistrySubject.schema, RegistryEntry.schema] {
            try await database.schema(schema).delete()
        }
        try await database.schema(AftercareCheckIn.schema).deleteField("satisfaction").update()
        try await database.schema(CaseFile.schema).deleteField("escrowed").update()
        try await database.schema(CaseFile.schema).deleteField("escrow_matched_at").update()
        try await database.schema(CaseFile.schema).deleteField("category").update()
    }
}
