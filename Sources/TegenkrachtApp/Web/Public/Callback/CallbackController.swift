import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// "Call me back" (issue 15): a way to reach a confidential advisor, the committee's secretary or the
/// central point without writing down what happened. The request goes to that one person's inbox.
enum CallbackController {
    struct Form: Content {
        var person: String?
        var name: String?
        var phone: String?
        var when: String?
    }

    struct Recipient: Encodable, Sendable {
        let id: String
        let name: String
        let role: String
        let availability: String?
        let checked: Bool
    }

    struct Page: Encodable, Sendable {
        let recipients: [Recipient]
        let form: [String: String]
        let error: String?
        /// After sending: who will call, and when they can be reached.
        let sentTo: Recipient?
    }

    @Sendable static func form(req: Request) async throws -> Response {
        let chosen = try? req.query.get(String.self, at: "voor")
        return try await render(req, Form(person: chosen), error: nil, sentTo: nil, status: .ok)
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        do {
            try await RequestCallback.run(personID: form.person ?? "",
                                          details: CallbackDetails(name: form.name ?? "", phone: form.phone ?? "", when: form.when ?? ""),
                                          app: req.application, db: req.db)
        } catch let refusal as Refusal {
            return try await render(req, form, error: req.text(refusal.key, refusal.values), sentTo: nil, status: .unprocessableEntity)
        }
        // Shown from the post itself, so the address never names whom someone asked (a shared
        // browser's history); sending again (a refresh, a double click) finds the same request.
        return try await render(req, Form(), error: nil, sentTo: try await recipients(req, chosen: form.person).first { $0.id == form.person },
                                status: .ok)
    }

    static func recipients(_ req: Request, chosen: String?) async throws -> [Recipient] {
        let organisation = try await req.application.organisationStore.current(on: req.db)
        return try await CallbackRecipients.people(organisation, on: req.application.today, db: req.db).map { person, role in
            Recipient(id: person.id, name: person.name, role: req.text("role.\(role.rawValue)"),
                      availability: person.contact?.availability, checked: person.id == chosen)
        }
    }

    static func render(_ req: Request, _ form: Form, error: String?, sentTo: Recipient?, status: HTTPStatus) async throws -> Response {
        try await req.renderPage("callback", titleKey: "callback.title", Page(
            recipients: try await recipients(req, chosen: form.person), form: ["name": form.name ?? "", "phone": form.phone ?? "", "when": form.when ?? ""],
            error: error, sentTo: sentTo), status: status)
    }
}
