import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Taking part in the monitor (issue 8): a one-time code, then the questionnaire page by page, with
/// the routing of Bijlage 2, pausing and resuming on the same device within 14 days, and stopping at
/// any time. The introduction says plainly that this is not a report and links to the front door.
enum SurveyController {
    static func cookieName(_ app: Application) -> String {
        app.tegenkracht.insecureHTTPCookies ? "tk_survey" : "__Host-tk_survey"
    }

    @Sendable static func start(req: Request) async throws -> Response {
        let resumable = try await MonitorService.draft(token: req.cookies[cookieName(req.application)]?.string, db: req.db, now: req.application.clock.now) != nil
        return try await req.renderPage("survey-start", titleKey: "survey.title", StartPage(error: nil, resumable: resumable))
    }

    struct CodeForm: Content {
        var code: String?
    }

    @Sendable static func begin(req: Request) async throws -> Response {
        let typed = (try req.content.decode(CodeForm.self).code ?? "").trimmingCharacters(in: .whitespaces)
        // Guessing is pointless (80 bits). Wrong codes are slowed down while many fail (their own
        // throttle, apart from the reporters'); a right code is never held up (issue 16).
        let throttle = try req.application.throttles.monitorCode
        do {
            let token = try await MonitorService.start(code: typed, app: req.application, db: req.db)
            let response = req.redirect(to: "/monitor/vragen")
            response.cookies[cookieName(req.application)] = HTTPCookies.Value(
                string: token, expires: req.application.clock.now.addingTimeInterval(MonitorService.draftLifetime), path: "/",
                isSecure: !req.application.tegenkracht.insecureHTTPCookies, isHTTPOnly: true, sameSite: .strict)
            return response
        } catch MonitorService.StartError.notValid {
            await throttle.recordFailure()
            let delay = await throttle.delay()
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            return try await req.renderPage("survey-start", titleKey: "survey.title",
                                            StartPage(error: req.text("survey.error.code"), resumable: false), status: .unprocessableEntity)
        }
    }

    // MARK: The questions

    static func context(_ req: Request) async throws -> (SurveyDraft, Instrument, SurveyFlow)? {
        guard let draft = try await MonitorService.draft(token: req.cookies[cookieName(req.application)]?.string, db: req.db, now: req.application.clock.now),
              let instrument = req.application.instruments.instrument(draft.wave.instrument, version: draft.wave.version) else { return nil }
        return (draft, instrument, SurveyFlow(instrument: instrument, respondentType: draft.wave.respondentType))
    }

    @Sendable static func page(req: Request) async throws -> Response {
        guard let (draft, instrument, flow) = try await context(req) else { return req.redirect(to: "/monitor?verlopen=1") }
        let answers = try MonitorService.answers(of: draft, app: req.application)
        var index = draft.page
        if flow.visibleQuestions(onPage: index, answers: answers).isEmpty, let next = flow.nextPage(after: index, answers: answers) {
            index = next
        }
        return try await render(req, flow: flow, instrument: instrument, page: index, answers: answers, errors: [], status: .ok)
    }

    static func render(_ req: Request, flow: SurveyFlow, instrument: Instrument, page index: Int, answers: SurveyAnswers,
                       errors: [String], status: HTTPStatus) async throws -> Response {
        let english = req.language == .english
        let view = SurveyPageView.build(flow: flow, page: index, answers: answers, english: english, errors: errors)
        return try await req.renderPage("survey-page", titleKey: "survey.title", view, status: status)
    }

    /// Every field of a url-encoded form, repeated names kept (answers are `a:<key>`).
    static func fields(_ body: String) -> [String: [String]] {
        FormFields.grouped(body)
    }

    static func answers(in fields: [String: [String]]) -> SurveyAnswers {
        var answers: SurveyAnswers = [:]
        for (name, values) in fields where name.hasPrefix("a:") { answers[String(name.dropFirst(2))] = values }
        return answers
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        guard let (draft, instrument, flow) = try await context(req) else { return req.redirect(to: "/monitor?verlopen=1") }
        let form = fields(req.body.string ?? "")
        let posted = answers(in: form)
        let index = form["page"]?.first.flatMap(Int.init) ?? draft.page
        guard flow.pages.indices.contains(index) else { throw Abort(.badRequest) }
        var answers = try MonitorService.answers(of: draft, app: req.application)
        let questions = flow.visibleQuestions(onPage: index, answers: answers)
        // This page's answers replace what was there (an unticked box is an answer too).
        for question in questions {
            for key in answers.keys where key == question.id || key.hasPrefix(question.id + ".") { answers[key] = nil }
        }
        let allowed = posted.filter { key, _ in questions.contains { key == $0.id || key.hasPrefix($0.id + ".") } }
        answers.merge(allowed) { $1 }
        let problems = SurveyValidator.check(allowed, questions: questions)
        if !problems.isEmpty {
            let messages = problems.map { problem -> String in
                switch problem {
                case .unknownOption(let id): return req.text("survey.error.option", ["question": id])
                case .outOfRange(let id): return req.text("survey.error.range", ["question": id])
                case .exclusive(let id): return req.text("survey.error.exclusive", ["question": id])
                case .tooLong(let id): return req.text("survey.error.long", ["question": id])
                }
            }
            return try await render(req, flow: flow, instrument: instrument, page: index, answers: answers, errors: messages,
                                    status: .unprocessableEntity)
        }
        answers = flow.pruned(answers)
        if form["richting"]?.first == "terug", let previous = (0..<index).reversed().first(where: { !flow.visibleQuestions(onPage: $0, answers: answers).isEmpty }) {
            try await MonitorService.save(answers, page: previous, draft: draft, app: req.application, db: req.db)
            return req.redirect(to: "/monitor/vragen")
        }
        if let next = flow.nextPage(after: index, answers: answers) {
            try await MonitorService.save(answers, page: next, draft: draft, app: req.application, db: req.db)
            return req.redirect(to: "/monitor/vragen")
        }
        try await MonitorService.submit(answers, instrument: instrument, draft: draft, app: req.application, db: req.db)
        let response = try await req.renderPage("survey-done", titleKey: "survey.title", NoContent())
        response.cookies[cookieName(req.application)] = .cleared(req.application)
        return response
    }

    /// Stop: the answers so far are thrown away (pausing is just leaving the page).
    @Sendable static func stop(req: Request) async throws -> Response {
        if let draft = try await MonitorService.draft(token: req.cookies[cookieName(req.application)]?.string, db: req.db, now: req.application.clock.now) {
            try await draft.delete(on: req.db)
        }
        let response = req.redirect(to: "/monitor?gestopt=1")
        response.cookies[cookieName(req.application)] = .cleared(req.application)
        return response
    }
}
