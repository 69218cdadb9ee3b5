import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The RI&E input per employer (issue 18, 6.6.2): a page listing the employers this person may export
/// for, and the CSV itself (aggregates only, suppressed; the export is audited).
enum RiskInventoryController {
    struct EmployerLink: Encodable, Sendable {
        let id: String
        let name: String
    }

    struct Page: Encodable, Sendable {
        let employers: [EmployerLink]
        let year: Int
        let years: [Int]
        let k: Int
        let minimumGroup: Int
    }

    @Sendable static func index(req: Request) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let app = req.application
        let organisation = try await app.organisationStore.current(on: req.db)
        let employers = (organisation?.employers ?? []).filter {
            RiskInventoryExport.mayExport(staff.personID, employer: $0.id, in: organisation, on: app.today)
        }
        guard !employers.isEmpty else { throw Abort(.forbidden) }
        return try await req.renderPage("risk-inventory", titleKey: "riskInventory.title", Page(
            employers: employers.map { EmployerLink(id: $0.id, name: $0.name) }, year: RegistryAccess.completedYear(req),
            years: RegistryAccess.completedYears(req), k: app.tegenkracht.minimumCell, minimumGroup: app.tegenkracht.minimumGroup))
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        guard let staff = req.staff, let employer = req.parameters.get("employer") else { throw Abort(.forbidden) }
        let app = req.application
        let organisation = try await app.organisationStore.current(on: req.db)
        guard RiskInventoryExport.mayExport(staff.personID, employer: employer, in: organisation, on: app.today) else { throw Abort(.forbidden) }
        let year = RegistryAccess.completedYear(req)
        let lines: [RiskInventoryExport.Line]
        do {
            lines = try await RiskInventoryExport.lines(employer: employer, year: year, assignments: try await RegistryAccess.assignments(req),
                                                        app: app, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        try await AuditLog.append(on: req.db, actor: .staff(staff.userID), action: .registryExport, subject: "rie:\(employer):\(year)", now: app.clock.now)
        let t = req.localizer
        let field = CSV.field
        let hidden = t.text("stats.hidden")
        let rows = [[t.text("riskInventory.csv.section"), t.text("riskInventory.csv.label"), t.text("riskInventory.csv.value")].map(field).joined(separator: ";")]
            + lines.map { [field(t.text("riskInventory.section.\($0.section)")), field(label($0, t)), field($0.value ?? hidden)].joined(separator: ";") }
        return CSV.response(rows, filename: "rie-\(employer)-\(year).csv")
    }

    /// A line's label in the reader's language: a kind or group of behaviour by its name, a wave's
    /// measure by the wave's name and the item's key.
    static func label(_ line: RiskInventoryExport.Line, _ t: Localizer) -> String {
        switch line.section {
        case "signals": return t.text("riskInventory.total")
        case "signals.kind": return t.text("registrykind.\(line.label)")
        case "signals.behaviourGroup": return t.text("behaviourgroup.\(line.label)")
        default:
            guard let measure = line.measure else { return t.text("riskInventory.respondents", ["wave": line.label]) }
            return "\(line.label): \(measure)"
        }
    }
}
