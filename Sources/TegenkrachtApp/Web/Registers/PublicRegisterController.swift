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

    struct InstructionLine: Encodable, Sendable {
        let issued: String
        let required: String
        let status: String
        let followed: Bool
    }

    struct Page: Encodable, Sendable {
        let date: String
        let dateISO: String
        let heading: String
        let showLines: Bool
        let members: [CheckboxOption]
        let registers: [CheckboxOption]
        let lines: [Line]
        /// Page numbers of a long register (the current one checked); empty when it fits on one.
        let pages: [CheckboxOption]
        /// On a member's page: the House's instructions to register, with whether each was followed.
        let instructions: [InstructionLine]
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

    /// Lines per page of a whole register (a register of gifts over ten years holds thousands; Leaf
    /// renders about 0.2 ms a line here, so a page stays short).
    static let pageSize = 50

    static func render(_ req: Request, member: String?, kind: PublicRegister.Kind?) async throws -> Response {
        let app = req.application
        let t = req.localizer
        let today = app.today
        let asked = day(req.query[String.self, at: "datum"], today: today)
        let date = asked ?? today
        // One read: the names and the number that keys their order come from the same version.
        let inForce = try await app.organisationStore.inForce(on: today, db: req.db)
        let organisation = inForce?.organisation
        let english = req.language == .english
        // The overview lists registers and members; the lines are on their own pages.
        let showLines = member != nil || kind != nil
        var lines: [Line] = []
        var pages: [CheckboxOption] = []
        var instructions: [InstructionLine] = []
        let register = showLines ? try await PublicRegisterStore.register(member: member, kind: kind, app: app, db: req.db) : PublicRegister()
        if let member {
            instructions = try await RegistrationInstructions.of(member: member, db: req.db).filter { $0.issuedOn <= date }.map { instruction in
                let status: String
                let followed: Bool
                switch instruction.status(in: register, on: date) {
                case .followed(let since):
                    (status, followed) = (t.text("register.instruction.followed", ["date": t.longDate(since)]), true)
                case .notFollowed(let missing):
                    (status, followed) = (t.text("register.instruction.notFollowed", ["missing": missing.joined(separator: ", ")]), false)
                }
                return InstructionLine(issued: t.longDate(instruction.issuedOn), required: instruction.required.joined(separator: ", "),
                                       status: status, followed: followed)
            }
        }
        if showLines {
            let names = Dictionary((organisation?.people ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            // The order depends on the names, so on the organisation's version too.
            let organisationNumber = inForce?.number ?? 0
            let key = "\(organisationNumber)|\(member ?? "-")|\(kind?.rawValue ?? "-")|\(date.iso)"
            let inForce: PublishedRegisterCache.Lines = try await PublicRegisterStore.madeOnce("lines|" + key, app: app, db: req.db) { snapshot in
                // By member name (a few hundred members, sorted once), then register and entry within each.
                let read = PublicRegisterStore.subset(snapshot, member: member, kind: kind)
                let byMember = Dictionary(grouping: read.asOf(date, member: member, kind: kind), by: \.entry.member)
                return byMember.keys.sorted { (names[$0] ?? $0, $0) < (names[$1] ?? $1, $1) }.flatMap { id in
                    (byMember[id] ?? []).sorted { ($0.entry.kind.rawValue, $0.entry.id) < ($1.entry.kind.rawValue, $1.entry.id) }
                }
            }
            let pageCount = max(1, (inForce.count + pageSize - 1) / pageSize)
            let page = min(max(1, req.query[Int.self, at: "pagina"] ?? 1), pageCount)
            lines = inForce.dropFirst((page - 1) * pageSize).prefix(pageSize).map { entry, version in
                Line(member: entry.member, memberName: names[entry.member] ?? entry.member,
                     kind: t.text("register.kind.\(entry.kind.rawValue)"), description: version.description,
                     detail: detail(version, statements: entry.incomeStatements(on: date), t, english: english),
                     published: t.longDate(version.published))
            }
            if pageCount > 1 {
                // The first, the last and the three either side of this one: a nav of a dozen links, not hundreds.
                let shown = Set([1, pageCount] + Array(max(1, page - 3)...min(pageCount, page + 3))).sorted()
                pages = shown.map { CheckboxOption(id: String($0), label: String($0), checked: $0 == page) }
            }
        }
        let heading: String
        if let member { heading = t.text("register.public.member", ["name": organisation?.person(id: member)?.name ?? member]) }
        else if let kind { heading = t.text("register.public.register", ["register": t.text("register.kind.\(kind.rawValue)")]) }
        else { heading = t.text("register.public.heading") }
        let page = Page(
            date: t.longDate(date), dateISO: date.iso, heading: heading, showLines: showLines,
            members: (organisation?.membersOfParliament ?? []).map { CheckboxOption(id: $0.id, label: $0.name, checked: $0.id == member) },
            registers: PublicRegister.Kind.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("register.kind.\($0.rawValue)"), checked: $0 == kind) },
            lines: lines, pages: pages, instructions: instructions, error: asked == nil ? t.text("register.error.date") : nil,
            openData: PublicRegister.Kind.allCases.map { CheckboxOption(id: $0.rawValue, label: t.text("register.kind.\($0.rawValue)"), checked: false) })
        return try await req.renderPage("public-register", titleKey: "register.public.title", page, status: asked == nil ? .badRequest : .ok)
    }

    /// Paid or not, and every year's income statement published by the day read (not only the one the
    /// version in force carries).
    static func detail(_ version: PublicRegister.Version, statements: [IncomeStatement], _ t: Localizer, english: Bool) -> String {
        var parts: [String] = []
        if let paid = version.paid { parts.append(t.text(paid ? "register.paid" : "register.unpaid")) }
        for income in statements {
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

    /// An open-data answer: the register asked as of the day asked, made once per publication (or a 400).
    static func openData(_ req: Request, format: String, make: @escaping @Sendable (OpenRegister) throws -> Data) async throws -> Response {
        guard let kind = req.parameters.get("register").flatMap(PublicRegister.Kind.init(rawValue:)) else {
            return try await APIError(error: "unknown register: nevenactiviteit, geschenk or buitenlandse-reis").encodeResponse(status: .badRequest, for: req)
        }
        let today = req.application.today
        guard let date = day(req.query[String.self, at: "date"], today: today) else {
            return try await APIError(error: "date: a day as YYYY-MM-DD").encodeResponse(status: .badRequest, for: req)
        }
        let organisation = try await req.application.organisationStore.current(on: req.db)
        let names = Dictionary((organisation?.people ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        // Made once per publication, register, day and format (`PublishedRegisterCache`).
        let data: Data = try await PublicRegisterStore.madeOnce("\(format)|\(kind.rawValue)|\(date.iso)", app: req.application, db: req.db) { snapshot in
            let register = snapshot.register
            let entries = register.asOf(date, kind: kind).map { entry, version in
                OpenEntry(id: entry.id, member: entry.member, memberName: names[entry.member] ?? entry.member,
                          register: kind.rawValue, description: version.description, paid: version.paid, published: version.published.iso,
                          incomeYear: version.income?.year, incomeCents: version.income?.amountCents, incomeLate: version.income?.isLate)
            }.sorted { ($0.memberName, $0.id) < ($1.memberName, $1.id) }
            return try make(OpenRegister(register: kind.rawValue, date: date.iso, entries: entries))
        }
        let response = Response(status: .ok, body: .init(data: data))
        if format == "csv" {
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"register-\(kind.rawValue)-\(date.iso).csv\"")
        } else {
            response.headers.contentType = .json
        }
        return response
    }

    @Sendable static func json(req: Request) async throws -> Response {
        try await openData(req, format: "json") { register in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(register)
        }
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        try await openData(req, format: "csv") { register in
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
            return Data(CSV.body(lines).utf8)
        }
    }
}
