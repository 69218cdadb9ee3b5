import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The administrator's view of the organisation and its editor. Saving makes a new version; the
/// document is validated completely first, and on any problem nothing is saved and the text typed
/// is shown again with the problems.
enum OrganisationAdminController {
    struct EditForm: Content {
        var document: String?
        var note: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let store = req.application.organisationStore
        let today = req.application.today
        let current = try await store.inForce(on: today, db: req.db)
        let versions = try await store.versions(on: req.db).map { VersionRow(number: $0.number, validFrom: $0.validFrom, note: $0.note) }
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .organisationView,
                                  subject: "organisation:\(current?.number ?? 0)", now: req.application.clock.now)
        guard let (number, org) = current else {
            return try await req.renderPage("admin-organisation", titleKey: "admin.organisation.title",
                ViewContent(name: "", date: today.iso, versionNumber: nil, employers: [], units: [], fracties: [],
                            roles: [], versions: versions, saved: false))
        }
        let unitNames = Dictionary(org.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let content = ViewContent(
            name: org.name, date: today.iso, versionNumber: number,
            employers: org.employers.map(\.name),
            units: org.units(on: today).map { UnitRow(name: $0.name, kind: req.text("unitkind.\($0.kind.rawValue)"),
                                                      parent: $0.parent.flatMap { unitNames[$0] }) },
            fracties: org.fracties(on: today).map { f in
                FractieRow(name: f.name, seats: f.seats, applies: f.klachtenregeling.applies(on: today),
                           since: f.klachtenregeling.since?.iso, ownRegulation: f.ownRegulation,
                           ownConfidentialAdvisor: f.ownConfidentialAdvisor, policy: f.policyPublishedAt)
            },
            roles: FunctionaryRole.allCases.flatMap { role in
                org.holders(of: role, on: today).map { holder in
                    RoleRow(role: req.text("role.\(role.rawValue)"), holder: holder.person.name,
                            affiliation: Affiliation.text(holder.assignment, org, today, req),
                            since: holder.assignment.validity.from.iso)
                }
            },
            versions: versions,
            saved: (try? req.query.get(String.self, at: "opgeslagen")) == "1")
        return try await req.renderPage("admin-organisation", titleKey: "admin.organisation.title", content)
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let store = req.application.organisationStore
        let today = req.application.today
        var document = ""
        if let current = try await store.inForce(on: today, db: req.db) {
            document = try await store.document(number: current.number, on: req.db) ?? ""
        }
        return try await req.renderPage("admin-organisation-edit", titleKey: "admin.edit.title",
                                        EditContent(document: document, note: "", problems: []))
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let form = try req.content.decode(EditForm.self)
        let document = form.document ?? ""
        let note = String((form.note ?? "").prefix(500))
        do {
            let organisation = try OrganisationFile.parse(Data(document.utf8))
            let staff = try req.requireStaff()
            try await req.application.organisationStore.save(organisation, by: .staff(staff.userID),
                                                             userID: staff.userID, note: note.isEmpty ? nil : note,
                                                             on: req.db)
            return req.redirect(to: "/beheer/organisatie?opgeslagen=1")
        } catch let invalid as InvalidOrganisation {
            let localizer = req.localizer
            return try await req.renderPage("admin-organisation-edit", titleKey: "admin.edit.title",
                EditContent(document: document, note: note, problems: invalid.problems.map { $0.message(localizer) }),
                status: .unprocessableEntity)
        }
    }
}
