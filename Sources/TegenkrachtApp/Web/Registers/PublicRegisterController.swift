import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The MPs' public registers, without login (issue 14): an overview, a page per member and per
/// register, and open data as JSON and CSV at stable addresses. Each reads the register as it stood
/// on a day (`datum`/`date`, default today), and says which day that is.
enum PublicRegisterController {
    struct Line: Encodable, Sendable {
        let member: String
        let memberName: String
        let kind: String
        let description: String
        let detail: String
        let published: String
    }

    struct Page: Encodable, Sendable {
        let date: String
        let dateISO: String
        let heading: String
        let members: [CheckboxOption]
        let registers: [CheckboxOption]
        let lines: [Line]
        let error: String?
        let openData: [CheckboxOption]
    }

    /// The day asked, or today when none is; nil for a text that is not a day. A day after today
    /// reads as today (nothing is published in the future).
    static func day(_ text: String?, today: LocalDate) -> LocalDate? {
        guard let text, !text.isEmpty else { return today }
        return LocalDate(iso: text).map { min($0, today) }
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try await render(req, member: nil, kind: nil)
    }

    @Sendable static func member(req: Request) async throws -> Response {
        let organisation = try await req.application.organisationStore.current(on: req.db)
        guard let id = req.parameters.get("member"), organisation?.isMemberOfParliament(id) == true else { throw Abort(.notFound) }
        return try await render(req, member: id, kind: nil)
    }

    @Sendable static func register(req: Request) async throws -> Response {
        guard let kind = req.parameters.get("register").flatMap(PublicRegister.Kind.init(rawValue:)) else { throw Abort(.notFound) }
        return try await render(req, member: nil, kind: kind)
    }

    static func render(_ req: Request, member: String?, kind: PublicRegister.Kind?) async throws -> Response {
        let app = req.application
        let t = req.localizer
        let today = app.today
        let asked = day(req.query[String.self, at: "datum"], today: today)
        let date = asked ?? today
        let organisation = try await app.organisationStore.current(on: req.db)
        let register = try await PublicRegisterStore.register(member: member, kind: kind, through: date, db: req.db)
        let english = req.language == .english
        let lines = register.asOf(date, member: member, kind: kind).map { entry, version in
            Line(member: entry.member, memberName: organisation?.person(id: entry.member)?.name ?? entry.member,
                 kind: t.text("register.kind.\(entry.kind.rawValue)"), description: version.description,
                 detail: detail(version, t, english: english), published: t.longDate(version.published))
        }.sorted { ($0.memberName, $0.kind) < ($1.memberName, $1.kind) }
        let heading: String
        if let member { heading = t.text("register.public.member", ["name": organisation?.person(id: member)?.name ?? member]) }
        else if let kind { heading = t.text("register.public.register", ["register": t.text("register.kind.\(kind.rawValue)")]) }
        else { heading = t.text("register.public.heading") }
        let page = Page(
            date: t.longDate(date), dateISO: date.iso, heading: heading,
            members: (organisation?.membersOfParliament ?? []).map { CheckboxOption(id: $0.id, label: $0.name, checked: $0.id == member) },
            registers: PublicRegister.Kind.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("register.kind.\($0.rawValue)"), checked: $0 == kind) },
            lines: lines, error: asked == nil ? t.text("register.error.date") : nil,
            openData: PublicRegister.Kind.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("register.kind.\($0.rawValue)"), checked: false) })
        return try await req.renderPage("public-register", titleKey: "register.public.title", page, status: asked == nil ? .badRequest : .ok)
    }

    static func detail(_ version: PublicRegister.Version, _ t: Localizer, english: Bool) -> String {
        var parts: [String] = []
        if let paid = version.paid { parts.append(t.text(paid ? "register.paid" : "register.unpaid")) }
        if let income = version.income {
            parts.append(t.text("register.income", ["year": String(income.year), "amount": Money.text(income.amountCents, english: english)]))
            if income.isLate { parts.append(t.text("register.late")) }
        }
        return parts.joined(separator: "; ")
    }

    // MARK: open data

    struct OpenEntry: Content {
        let id: String
        let member: String
        let memberName: String
        let register: String
        let description: String
        let paid: Bool?
        let published: String
        let incomeYear: Int?
        let incomeCents: Int?
        let incomeLate: Bool?
    }

    struct OpenRegister: Content {
        let register: String
        /// The day the register is read as of: the version this answer is.
        let date: String
        let entries: [OpenEntry]
    }

    struct APIError: Content, Error {
        let error: String
    }

    static func openRegister(_ req: Request) async throws -> Result<OpenRegister, APIError> {
        guard let kind = req.parameters.get("register").flatMap(PublicRegister.Kind.init(rawValue:)) else {
            return .failure(APIError(error: "unknown register: nevenactiviteit, geschenk or buitenlandse-reis"))
        }
        let today = req.application.today
        guard let date = day(req.query[String.self, at: "date"], today: today) else {
            return .failure(APIError(error: "date: a day as YYYY-MM-DD"))
        }
        let organisation = try await req.application.organisationStore.current(on: req.db)
        let register = try await PublicRegisterStore.register(kind: kind, through: date, db: req.db)
        let entries = register.asOf(date, kind: kind).map { entry, version in
            OpenEntry(id: entry.id, member: entry.member, memberName: organisation?.person(id: entry.member)?.name ?? entry.member,
                      register: kind.rawValue, description: version.description, paid: version.paid, published: version.published.iso,
                      incomeYear: version.income?.year, incomeCents: version.income?.amountCents, incomeLate: version.income?.isLate)
        }.sorted { ($0.memberName, $0.id) < ($1.memberName, $1.id) }
        return .success(OpenRegister(register: kind.rawValue, date: date.iso, entries: entries))
    }

    @Sendable static func json(req: Request) async throws -> Response {
        switch try await openRegister(req) {
        case .success(let register): return try await register.encodeResponse(for: req)
        case .failure(let error): return try await error.encodeResponse(status: .badRequest, for: req)
        }
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        switch try await openRegister(req) {
        case .success(let register):
            let header = ["id", "lid", "naam", "register", "omschrijving", "betaald", "gepubliceerd", "inkomstenjaar", "inkomsten_cent", "te_laat", "stand_per"]
            var lines = [header.map(CSV.field).joined(separator: ";")]
            for e in register.entries {
                let paid = e.paid.map { $0 ? "ja" : "nee" } ?? ""
                let late = e.incomeLate.map { $0 ? "ja" : "nee" } ?? ""
                let year = e.incomeYear.map { String($0) } ?? ""
                let cents = e.incomeCents.map { String($0) } ?? ""
                let fields: [String] = [e.id, e.member, e.memberName, e.register, e.description, paid, e.published, year, cents, late, register.date]
                lines.append(fields.map(CSV.field).joined(separator: ";"))
            }
            return CSV.response(lines, filename: "register-\(register.register)-\(register.date).csv")
        case .failure(let error): return try await error.encodeResponse(status: .badRequest, for: req)
        }
    }
}
