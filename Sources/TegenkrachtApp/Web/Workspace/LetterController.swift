import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Dutch letters from templates: a procedure's documents (its steps' `documents` in the procedure
/// data) that have a template `letter.<procedure>.<document>.*` in the texts. For the Klachtenregeling:
/// acknowledgement, admissibility decision, invitation to the hearing, advice cover letter, extension
/// and decision; for the College: acknowledgement, admissibility (with the coded reason), questions to
/// the MP (art. 8 lid 2), the report's notice to the MP (with the appeal) and the cover letter to the
/// Presidium. Printable from the browser; never sent by e-mail.
enum LetterController {
    @Sendable static func show(req: Request) async throws -> Response {
        let context = try await CaseContext.load(req)
        let report = context.report
        guard let type = req.parameters.get("type"), Letters.available(for: report, app: req.application).contains(where: { $0.id == type }),
              let procedureID = CaseProcedure.definition(for: report, app: req.application)?.id else {
            throw Abort(.notFound)
        }
        let prefix = "letter.\(procedureID).\(type)"
        let app = req.application
        // Letters are in Dutch: they are the committee's formal correspondence.
        let t = app.localisation.localizer(.dutch)
        let crypto = try ReportService.crypto(for: report, app: app)
        // A confidential name goes into a letter only for the one who may read it.
        let identity = context.mayReadIdentity
            ? try report.identitySealed.map { try crypto.open(ReportIdentity.self, from: $0, purpose: .identity) } : nil
        let content = try crypto.open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let events = try await CaseProcedure.events(for: report, app: app, db: req.db)
        let definition = CaseProcedure.definition(for: report, app: app)
        let deadlines = definition.flatMap { try? DeadlineCalculator.deadlines($0, events: events) } ?? []
        func due(_ id: String) -> String { deadlines.first { $0.id == id }.map { t.longDate($0.due) } ?? "…" }
        let today = app.today
        let organisation = try await app.organisationStore.current(on: req.db)
        // The committee as it sits on this case: members with a conflict out, the deputies called in (art. 11 lid 4
        // names "wie de voorzitter en de leden zijn").
        let conflicted = try await CaseService.declaredConflicts(context.caseFile, db: req.db)
        let deputies = try await CaseService.deputies(context.caseFile, db: req.db)
        func holders(_ role: FunctionaryRole) -> [String] {
            organisation?.holders(of: role, on: today).filter { !conflicted.contains($0.person.id) }.map(\.person.name) ?? []
        }
        let called = deputies.sorted().compactMap { organisation?.person(id: $0)?.name }
            .map { "\($0) (\(t.text("role.klachtencommissie-plaatsvervanger").lowercased()))" }
        let members = (holders(.complaintsCommitteeChair).map { "\($0) (\(t.text("role.klachtencommissie-voorzitter").lowercased()))" }
            + holders(.complaintsCommitteeMemberForFracties) + holders(.complaintsCommitteeMemberForCivilService) + called).joined(separator: ", ")
        // The reasons given for an extension (art. 13 lid 3) and for inadmissibility (art. 10 lid 4):
        // in writing, with reasons, to the parties.
        var reasons: [String: String] = [:]
        for record in try await ProcedureEventRecord.query(on: req.db).filter(\.$report.$id == report.requireID())
            .filter(\.$event ~~ ["verdaagd", "niet-ontvankelijk", "onderzoek-gemotiveerd"]).all() {
            guard let sealed = record.reasonSealed else { continue }
            reasons[record.event] = String(decoding: try crypto.open(sealed, purpose: .procedureReason(try record.requireID())), as: UTF8.self)
        }
        // The invitation to the hearing states its day, time and place, entered on this page.
        let hearing = type == "uitnodiging-hoorzitting" ? Self.hearing(req, t) : nil
        let values: [String: String] = [
            "hoorzittingDatum": hearing?.dateText ?? t.text("letter.fillIn.date"),
            "hoorzittingTijd": hearing?.timeText ?? t.text("letter.fillIn.time"),
            "hoorzittingPlaats": hearing?.placeText ?? t.text("letter.fillIn.place"),
            "redenVerdaging": reasons["verdaagd"] ?? "…", "redenNietOntvankelijk": reasons["niet-ontvankelijk"] ?? "…",
            "adviesNietOntvankelijk": events["advies-niet-ontvankelijk"].map(t.longDate) ?? "…",
            "nietOntvankelijk": events["niet-ontvankelijk"].map(t.longDate) ?? "…",
            "ingediend": events["ingediend"].map(t.longDate) ?? "…", "ontvankelijk": events["ontvankelijk"].map(t.longDate) ?? "…",
            "advies": events["advies"].map(t.longDate) ?? "…", "adviesUiterlijk": due("advies"), "beslissingUiterlijk": due("beslissing"),
            "ontvankelijkheidUiterlijk": due("ontvankelijkheid"), "leden": members,
            "secretaris": holders(.complaintsCommitteeSecretary).first ?? "…",
            "beklaagde": content.accused.first?.name ?? "…",
            // Art. 11 lid 4: the committee sets the term for further documents (recorded as the event
            // `termijn-nadere-stukken`, its date the last day) and names the others invited (filled in
            // on the printed letter).
            "stukkenTot": events["termijn-nadere-stukken"].map { t.longDate($0) } ?? t.text("letter.fillIn.date"),
            "anderenUitgenodigd": t.text("letter.fillIn.names"),
            // The College's letters: its decision on admissibility (with the coded reason) and its report.
            "besluitOntvankelijkheid": events["niet-ontvankelijk"] != nil
                ? t.text("letter.gedragscode-coi.refused", ["reden": t.text("refusal.\(reasons["niet-ontvankelijk"] ?? "")")])
                : events["ontvankelijk"].map { t.text("letter.gedragscode-coi.admitted", ["datum": t.longDate($0)]) } ?? "…",
            "rapportage": events["rapportage"].map(t.longDate) ?? "…",
            "kamerlid": content.accused.first?.name ?? "…",
        ]
        let paragraphs = (1...4).compactMap { n -> String? in
            let key = "\(prefix).\(n)"
            return t.has(key) ? t.text(key, values) : nil
        }
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .letter(type),
                                  subject: "report:\(try report.requireID())", now: req.application.clock.now)
        // Per procedure its reference and signature; per letter its addressee (the complainant unless the
        // template names another: the MP, the Presidium).
        let addressee: String
        switch t.has("\(prefix).to") ? t.text("\(prefix).to") : "klager" {
        case "kamerlid": addressee = content.accused.first?.name ?? t.text("letter.addressee.unknown")
        case "presidium": addressee = t.text("letter.addressee.presidium")
        default: addressee = identity.map { [$0.name, $0.postalAddress].filter { !$0.isEmpty }.joined(separator: ", ") }
            ?? t.text("letter.addressee.unknown")
        }
        let reference = t.has("letter.\(procedureID).reference") ? t.text("letter.\(procedureID).reference") : "KC"
        let signature = t.has("letter.\(procedureID).signature") ? "letter.\(procedureID).signature" : "letter.signature"
        let letter = Content(title: t.text("\(prefix).title"), date: t.longDate(today),
                             reference: "\(reference)-\(String(try report.requireID().uuidString.prefix(8)))",
                             addressee: addressee, paragraphs: paragraphs, signature: t.text(signature, values),
                             hearing: hearing?.form)
        return try await req.renderPage("letter", titleKey: "\(prefix).title", letter)
    }

    /// The hearing's details from the page's own small form (GET: nothing changes by it).
    struct HearingInput {
        let form: Hearing
        let dateText: String?
        let timeText: String?
        let placeText: String?
    }

    static func hearing(_ req: Request, _ t: Localizer) -> HearingInput {
        func query(_ name: String) -> String? {
            (try? req.query.get(String.self, at: name))?.trimmingCharacters(in: .whitespaces)
        }
        let date = DateInput(day: query("hoorzittingDay"), month: query("hoorzittingMonth"), year: query("hoorzittingYear"))
        let typedTime = query("tijd") ?? ""
        let place = query("plaats") ?? ""
        // "14:00", "14.00" or "9:30"; written in the letter as "14.00 uur".
        let time: String? = {
            let parts = typedTime.split(whereSeparator: { $0 == ":" || $0 == "." })
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m),
                  parts[1].count == 2 else { return nil }
            return String(format: "%d.%02d", h, m)
        }()
        let placeOK = !place.isEmpty && ContactDetails.isShortText(place)
        var problems: [String] = []
        if date == .invalid { problems.append(t.text("letter.hearing.error.date")) }
        if !typedTime.isEmpty && time == nil { problems.append(t.text("letter.hearing.error.time")) }
        if !place.isEmpty && !placeOK { problems.append(t.text("letter.hearing.error.place")) }
        let typed = ["hoorzittingDay": query("hoorzittingDay"), "hoorzittingMonth": query("hoorzittingMonth"),
                     "hoorzittingYear": query("hoorzittingYear")].compactMapValues { $0 }
        let form = Hearing(date: [DateField(id: "hearing-date", name: "hoorzitting", legend: req.text("letter.hearing.date"), typed: typed,
                                            localizer: req.localizer)],
                           time: typedTime, place: place, error: problems.isEmpty ? nil : problems.joined(separator: " "),
                           complete: date.value != nil && time != nil && placeOK)
        return HearingInput(form: form, dateText: date.value.map(t.longDate), timeText: time, placeText: placeOK ? place : nil)
    }
}
