import FluentKit
import SQLKit

/// Case handling (issue 5), every constraint up front; the indexes the inboxes use (lead, second
/// person, team) so that an inbox is a look-up, not a scan, with 100,000 cases.
package struct M008_Cases: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M008_Cases" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(CaseFile.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("recipient", .string, .required)
            .field("lead_person_id", .string)
            .field("second_person_id", .string)
            .field("lead_conflict", .string)
            .field("stage", .string, .required)
            .field("serious", .bool, .required)
            .field("power_gap", .bool, .required)
            .field("outcome", .string)
            .field("reporter_outcome", .string)
            .field("accused_outcome", .string)
            .field("responsibility_shifted", .bool, .required)
            .field("priority", .bool, .required)
            .field("linked_case_id", .uuid)
            .field("handler_change_requested", .bool, .required)
            .field("accused_rights_sealed", .data)
            .field("pending_closure_sealed", .data)
            .field("pending_closure_by", .string)
            .field("opened_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "report_id")
            .create()
        let children: [(String, (SchemaBuilder) -> SchemaBuilder)] = [
            (CaseTransitionRecord.schema, { $0.field("from_stage", .string, .required).field("to_stage", .string, .required)
                .field("actor", .string, .required).field("occurred_at", .datetime, .required).field("details_sealed", .data, .required) }),
            (CaseConsentRecord.schema, { $0.field("step", .string, .required).field("state", .string, .required)
                .field("terms_sealed", .data, .required).field("requested_by", .string, .required)
                .field("requested_at", .datetime, .required).field("decided_at", .datetime) }),
            (CaseNote.schema, { $0.field("author", .string, .required).field("body_sealed", .data, .required)
                .field("created_at", .datetime, .required) }),
            (CaseTask.schema, { $0.field("title_sealed", .data, .required).field("owner_person_id", .string, .required)
                .field("due", .string, .required).field("done_at", .datetime).field("created_at", .datetime, .required) }),
            (CaseReferral.schema, { $0.field("target", .string, .required).field("recipient_person_id", .string)
                .field("consent_id", .uuid, .required).field("snapshot_sealed", .data, .required).field("state", .string, .required)
                .field("created_by", .string, .required).field("created_at", .datetime, .required).field("acknowledged_at", .datetime) }),
            (AftercareCheckIn.schema, { $0.field("party", .string, .required).field("due", .string, .required)
                .field("answered_at", .datetime).field("stopped", .bool).field("wellbeing_sealed", .data)
                .field("created_at", .datetime, .required) }),
            (ConflictDeclaration.schema, { $0.field("person_id", .string, .required).field("declared_at", .datetime, .required)
                .unique(on: "case_id", "person_id") }),
        ]
        for (schema, fields) in children {
            let builder = database.schema(schema).id()
                .field("case_id", .uuid, .required, .references(CaseFile.schema, .id, onDelete: .cascade))
            try await fields(builder).create()
        }
        guard let sql = database as? any SQLDatabase else { return }
        for (name, table, columns) in [
            ("cases_lead_idx", CaseFile.schema, "lead_person_id, updated_at"),
            ("cases_second_idx", CaseFile.schema, "second_person_id, updated_at"),
            ("cases_team_idx", CaseFile.schema, "recipient, updated_at"),
            ("case_transitions_case_idx", CaseTransitionRecord.schema, "case_id"),
            ("case_consents_case_idx", CaseConsentRecord.schema, "case_id"),
            ("case_notes_case_idx", CaseNote.schema, "case_id"),
            ("case_tasks_case_idx", CaseTask.schema, "case_id"),
            ("case_referrals_case_idx", CaseReferral.schema, "case_id"),
            ("case_referrals_recipient_idx", CaseReferral.schema, "recipient_person_id"),
            ("case_aftercare_case_idx", AftercareCheckIn.schema, "case_id"),
            ("report_events_report_idx", ReportEvent.schema, "report_id"),
            ("report_messages_report_idx", ReportMessage.schema, "report_id"),
            ("report_attachments_report_idx", ReportAttachment.schema, "report_id"),
            ("report_records_report_idx", ReportRecord.schema, "report_id"),
            ("audit_subject_idx", AuditEntry.schema, "subject"),
        ] {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(ident: table) (\(unsafeRaw: columns))").run()
        }
    }

    package func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for name in ["report_events_report_idx", "report_messages_report_idx", "report_attachments_report_idx",
                         "report_records_report_idx", "audit_subject_idx"] {
                try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: name)").run()
            }
        }
        for schema in [ConflictDeclaration.schema, AftercareCheckIn.schema, CaseReferral.schema, CaseTask.schema, CaseNote.schema,
                       CaseConsentRecord.schema, CaseTransitionRecord.schema, CaseFile.schema] {
            try await database.schema(schema).delete()
        }
    }
}
