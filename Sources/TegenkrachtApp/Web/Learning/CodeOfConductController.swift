import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The House-wide code of conduct (issue 18, 6.4.1): the public page with the code in force (or the
/// draft, labelled), the record of every round with each comment and its response, and a comment form
/// without an account while a round is open; the workspace where the integrity coordinator opens and
/// closes rounds and answers comments, and the Voorzitter records the Presidium's adoption.
enum CodeOfConductController {
    static let staffPath = "/werkruimte/gedragscode"

    struct NormLine: Encodable, Sendable {
        let id: String
        let text: String
        let behaviours: String
        let lines: String
    }

    struct AgreementLine: Encodable, Sendable {
        let id: String
        let title: String
        let text: String
        let lines: String
    }

    struct VersionView: Encodable, Sendable {
        let id: String
        let title: String
        let intro: String
        let adopted: Bool
        let adoptedOn: String?
        let decision: String?
        let validFrom: String
        let source: String
        let norms: [NormLine]
        let agreements: [AgreementLine]
    }

    struct CommentLine: Encodable, Sendable {
        let id: String
        let seq: Int
        let group: String
        let topic: String
        let text: String?
        let response: String?
        let received: String
    }

    struct RoundLine: Encodable, Sendable {
        let id: String
        let number: Int
        let version: String
        let opened: String
        let closed: String?
        let open: Bool
        let unanswered: Int
        let comments: [CommentLine]
    }

    struct Topic: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct PublicPage: Encodable, Sendable {
        let code: VersionView?
        let otherVersions: [Choice]
        /// The open round: the form is shown.
        let openRound: RoundLine?
        let groups: [Choice]
        let topics: [Topic]
        let text: String
        let maxText: Int
        let waiting: Int
        let rounds: [RoundLine]
        let errors: [String]
        let received: Bool
    }

    struct CommentForm: Content {
        var group: String?
        var topic: String?
        var text: String?
    }

    // MARK: Shared pieces

    static func versionView(_ version: CodeOfConductBook.Version, adopted: Bool, adoption: CodeOfConductRounds.Adoption?,
                            req: Request) -> VersionView {
        let english = req.language == .english
        let t = req.localizer
        return VersionView(
            id: version.id, title: version.title.text(english: english), intro: version.intro.text(english: english),
            adopted: adopted, adoptedOn: adoption?.adoptedOn.map(req.date), decision: adoption?.decision,
            validFrom: req.date(version.validFrom), source: version.source,
            norms: version.norms.map { norm in
                NormLine(id: norm.id, text: norm.text.text(english: english),
                         behaviours: norm.items.map { t.text("behaviour.\($0)") }.joined(separator: "; "), lines: norm.lines)
            },
            agreements: version.agreements.map {
                AgreementLine(id: $0.id, title: $0.title.text(english: english), text: $0.text.text(english: english), lines: $0.lines)
            })
    }

    static func topicLabel(_ topic: String, version: CodeOfConductBook.Version?, req: Request) -> String {
        let english = req.language == .english
        if let norm = version?.norms.first(where: { $0.id == topic }) { return norm.text.text(english: english) }
        if let agreement = version?.agreements.first(where: { $0.id == topic }) { return agreement.title.text(english: english) }
        return req.text("code.topic.general")
    }

    static func roundLines(_ rounds: [CodeOfConductRounds.Round], req: Request) -> [RoundLine] {
        let book = req.application.codeOfConduct
        return rounds.map { round in
            let version = book.version(id: round.versionID)
            return RoundLine(
                id: round.id.uuidString, number: round.number,
                version: version.map { $0.title.text(english: req.language == .english) + " (\($0.id))" } ?? round.versionID,
                opened: req.dateTime(round.openedAt), closed: round.closedAt.map(req.dateTime), open: round.open,
                unanswered: round.unanswered,
                comments: round.comments.map { c in
                    CommentLine(id: c.id.uuidString, seq: c.seq, group: req.text("code.group.\(c.group)"),
                                topic: topicLabel(c.topic, version: version, req: req), text: c.text, response: c.response,
                                received: req.date(LocalDate.today(in: req.application.tegenkracht.timeZone, now: c.createdAt)))
                })
        }
    }

    /// The norms broken by the chosen behaviour, for the route finder's result and the intake's check
    /// page: a line per norm, with whether the code is adopted or a draft.
    struct NormsBlock: Encodable, Sendable {
        let adopted: Bool
        let items: [NormLine]
    }

    static func norms(for items: [String], req: Request) async throws -> NormsBlock {
        let found = try await CodeOfConductRounds.norms(for: items, app: req.application, db: req.db)
        let english = req.language == .english
        return NormsBlock(adopted: found.adopted, items: found.norms.map {
            NormLine(id: $0.id, text: $0.text.text(english: english), behaviours: "", lines: $0.lines)
        })
    }

    // MARK: The public page

    @Sendable static func show(req: Request) async throws -> Response {
        try await renderPublic(req, CommentForm(), errors: [], status: .ok)
    }

    static func renderPublic(_ req: Request, _ form: CommentForm, errors: [String], status: HTTPStatus) async throws -> Response {
        let app = req.application
        let book = app.codeOfConduct
        let adoptions = try await CodeOfConductRounds.adoptions(db: req.db)
        let adoptedIDs = Set(adoptions.map(\.versionID))
        let asked = req.query[String.self, at: "versie"].flatMap { book.version(id: $0) }
        let shown = asked.map { CodeOfConductBook.Shown(version: $0, adopted: $0.status == .adopted || adoptedIDs.contains($0.id)) }
            ?? book.shown(on: app.today, adoptedIDs: adoptedIDs)
        let code = shown.map { shown in
            versionView(shown.version, adopted: shown.adopted, adoption: adoptions.first { $0.versionID == shown.version.id }, req: req)
        }
        let rounds = try await CodeOfConductRounds.rounds(answeredOnly: true, db: req.db)
        let lines = roundLines(rounds, req: req)
        let open = rounds.first { $0.open }
        let openVersion = open.flatMap { book.version(id: $0.versionID) }
        let topics = (openVersion?.commentTopics ?? []).map {
            Topic(value: $0, label: topicLabel($0, version: openVersion, req: req), selected: $0 == form.topic)
        }
        let page = PublicPage(
            code: code,
            otherVersions: book.versions.filter { $0.id != shown?.version.id }.map {
                Choice(value: $0.id, label: $0.title.text(english: req.language == .english) + " (\($0.id))", checked: false)
            },
            openRound: lines.first { $0.open }, groups: CodeOfConductRounds.groups.map {
                Choice(value: $0, label: req.text("code.group.\($0)"), checked: $0 == form.group)
            },
            topics: topics, text: form.text ?? "", maxText: CodeOfConductRounds.maxText,
            waiting: try await CodeOfConductRounds.waiting(db: req.db), rounds: lines, errors: errors,
            received: req.query[String.self, at: "ontvangen"] != nil)
        let response = try await req.renderPage("code-of-conduct", titleKey: "code.title", page, status: status)
        return response
    }

    /// A comment from anyone. Nothing about the sender is kept or logged, nor the text.
    @Sendable static func comment(req: Request) async throws -> Response {
        let form = try req.content.decode(CommentForm.self)
        do {
            try await CodeOfConductRounds.comment(group: form.group ?? "", topic: form.topic ?? "", text: form.text ?? "",
                                                  app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await renderPublic(req, form, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        }
        return req.redirect(to: "/gedragscode?ontvangen=1#code-received")
    }

    // MARK: The workspace

    struct VersionChoice: Encodable, Sendable {
        let id: String
        let label: String
        let adopted: Bool
        let mayAdopt: Bool
    }

    struct StaffPage: Encodable, Sendable {
        let mayManage: Bool
        let mayAdopt: Bool
        let versions: [VersionChoice]
        let openRound: RoundLine?
        let rounds: [RoundLine]
        let errors: [String]
        let saved: Bool
    }

    struct StaffForm: Content {
        var version: String?
        var response: String?
        var withhold: String?
        var decision: String?
    }

    static func access(_ req: Request) async throws -> (staff: SignedInStaff, manage: Bool, adopt: Bool) {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let app = req.application
        let organisation = try await app.organisationStore.current(on: req.db)
        let manage = LearningAccess.mayManage(staff.personID, in: organisation, on: app.today)
        let adopt = LearningAccess.mayApprove(staff.personID, in: organisation, on: app.today)
        guard manage || adopt else { throw Abort(.forbidden) }
        return (staff, manage, adopt)
    }

    @Sendable static func workspace(req: Request) async throws -> Response {
        try await renderStaff(req, errors: [], status: .ok)
    }

    static func renderStaff(_ req: Request, errors: [String], status: HTTPStatus) async throws -> Response {
        let (_, manage, adopt) = try await access(req)
        let book = req.application.codeOfConduct
        let adoptedIDs = try await CodeOfConductRounds.adoptedIDs(db: req.db)
        let rounds = try await CodeOfConductRounds.rounds(answeredOnly: false, db: req.db)
        let lines = roundLines(rounds, req: req)
        let closedVersions = Set(rounds.filter { !$0.open }.map(\.versionID))
        let openVersions = Set(rounds.filter(\.open).map(\.versionID))
        return try await req.renderPage("code-of-conduct-rounds", titleKey: "code.rounds.title", StaffPage(
            mayManage: manage, mayAdopt: adopt,
            versions: book.versions.map { version in
                let adopted = version.status == .adopted || adoptedIDs.contains(version.id)
                return VersionChoice(id: version.id, label: version.title.text(english: req.language == .english) + " (\(version.id))",
                                     adopted: adopted,
                                     mayAdopt: !adopted && closedVersions.contains(version.id) && !openVersions.contains(version.id))
            },
            openRound: lines.first { $0.open }, rounds: lines.filter { !$0.open }, errors: errors,
            saved: req.query[String.self, at: "ok"] != nil), status: status)
    }

    /// Runs a workspace action; a refusal brings the page back with the reason, a missing right is 403.
    static func act(_ req: Request, _ body: (SignedInStaff, StaffForm) async throws -> Void) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let form = try req.content.decode(StaffForm.self)
        do {
            try await body(staff, form)
        } catch let refusal as Refusal {
            return try await renderStaff(req, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.forbidden)
        }
        return req.redirect(to: "\(staffPath)?ok=1")
    }

    @Sendable static func openRound(req: Request) async throws -> Response {
        try await act(req) { staff, form in
            try await CodeOfConductRounds.open(versionID: form.version ?? "", personID: staff.personID, by: .staff(staff.userID),
                                               app: req.application, db: req.db)
        }
    }

    @Sendable static func respond(req: Request) async throws -> Response {
        guard let id = req.parameters.get("comment", as: UUID.self) else { throw Abort(.notFound) }
        return try await act(req) { staff, form in
            try await CodeOfConductRounds.respond(commentID: id, text: form.response ?? "", withhold: form.withhold == "on",
                                                  personID: staff.personID, by: .staff(staff.userID), app: req.application, db: req.db)
        }
    }

    @Sendable static func closeRound(req: Request) async throws -> Response {
        guard let id = req.parameters.get("round", as: UUID.self) else { throw Abort(.notFound) }
        return try await act(req) { staff, _ in
            try await CodeOfConductRounds.close(roundID: id, personID: staff.personID, by: .staff(staff.userID),
                                                app: req.application, db: req.db)
        }
    }

    @Sendable static func adopt(req: Request) async throws -> Response {
        try await act(req) { staff, form in
            try await CodeOfConductRounds.adopt(versionID: form.version ?? "", decision: form.decision ?? "", personID: staff.personID,
                                                by: .staff(staff.userID), app: req.application, db: req.db)
        }
    }
}
