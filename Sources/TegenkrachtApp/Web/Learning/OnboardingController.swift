import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Onboarding (issue 18, 6.4.4): the coordinator or HR offers a group's path to a newcomer by a
/// link; the newcomer reads it without an account and says when it is done. The completion rate per
/// group is an indicator of the intervention register.
enum OnboardingController {
    static let path = "/werkruimte/inwerken"

    struct OfferForm: Content {
        var name: String?
        var group: String?
        var employer: String?
        var fractie: String?
    }

    struct OfferLine: Encodable, Sendable {
        let name: String
        let group: String
        let fractie: String?
        let offered: String
        let completed: String?
    }

    struct RateLine: Encodable, Sendable {
        let group: String
        let offered: Int
        let completed: Int
        let percent: String
    }

    struct Page: Encodable, Sendable {
        let groups: [LearningController.Choice]
        /// The employers this person offers for (a choice only when more than one).
        let employers: [LearningController.Choice]
        let fracties: [LearningController.Choice]
        let offers: [OfferLine]
        let rates: [RateLine]
        let year: Int
        let k: Int
        /// The link just made, shown once.
        let link: String?
        let errors: [String]
        let form: [String: String]
    }

    static func offerer(_ req: Request) async throws -> (SignedInStaff, String?, Set<String>) {
        guard let staff = req.staff else { throw Abort(.forbidden) }
        let organisation = try await req.application.organisationStore.current(on: req.db)
        let employers = OnboardingOffers.employers(of: staff.personID, in: organisation, on: req.application.today)
        guard !employers.isEmpty else { throw Abort(.forbidden) }
        return (staff, staff.personID, employers)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await render(req, OfferForm(), link: nil, errors: [], status: .ok)
    }

    static func render(_ req: Request, _ form: OfferForm, link: String?, errors: [String], status: HTTPStatus) async throws -> Response {
        let (_, _, mine) = try await offerer(req)
        let app = req.application
        let t = req.localizer
        let organisation = try await app.organisationStore.current(on: req.db)
        let year = app.today.year
        let k = app.tegenkracht.minimumCell
        let rates = try await OnboardingOffers.rates(year: year, employers: mine, db: req.db)
        let fractieName = { (id: String?) in id.map { id in organisation?.fracties.first { $0.id == id }?.name ?? id } }
        let page = Page(
            groups: OnboardingGroup.allCases.map {
                LearningController.Choice(id: $0.rawValue, label: t.text("onboarding.group.\($0.rawValue)"), checked: $0.rawValue == form.group)
            },
            employers: mine.count < 2 ? [] : (organisation?.employers ?? []).filter { mine.contains($0.id) }.map {
                LearningController.Choice(id: $0.id, label: $0.name, checked: $0.id == form.employer)
            },
            fracties: (organisation?.fracties(on: app.today) ?? []).filter { mine.contains($0.employer) }.map {
                LearningController.Choice(id: $0.id, label: $0.name, checked: $0.id == form.fractie)
            },
            offers: try await OnboardingOffers.all(employers: mine, app: app, db: req.db).map {
                OfferLine(name: $0.name, group: t.text("onboarding.group.\($0.group.rawValue)"), fractie: fractieName($0.fractie),
                          offered: t.longDate($0.offeredOn), completed: $0.completedOn.map { t.longDate($0) })
            },
            rates: OnboardingGroup.allCases.map { group in
                let rate = rates[group] ?? CompletionRate(offered: 0, completed: 0)
                return RateLine(group: t.text("onboarding.group.\(group.rawValue)"), offered: rate.offered, completed: rate.completed,
                                percent: rate.percent(k: k).map { "\(Int($0))%" } ?? t.text("stats.hidden"))
            },
            year: year, k: k, link: link, errors: errors,
            form: ["name": link == nil ? form.name ?? "" : ""])
        return try await req.renderPage("onboarding-offers", titleKey: "onboarding.offers.title", page, status: status)
    }

    @Sendable static func offer(req: Request) async throws -> Response {
        let (staff, personID, _) = try await offerer(req)
        let form = try req.content.decode(OfferForm.self)
        guard let group = form.group.flatMap(OnboardingGroup.init(rawValue:)) else {
            return try await render(req, form, link: nil, errors: [req.text("onboarding.error.group")], status: .unprocessableEntity)
        }
        do {
            let offered = try await OnboardingOffers.offer(name: form.name ?? "", group: group, employer: form.employer, fractie: form.fractie,
                                                           personID: personID,
                                                           by: .staff(staff.userID), app: req.application, db: req.db)
            return try await render(req, OfferForm(), link: "/inwerken/\(offered.token)", errors: [], status: .ok)
        } catch let refusal as Refusal {
            return try await render(req, form, link: nil, errors: [req.text(refusal.key, refusal.values)], status: .unprocessableEntity)
        }
    }

    // MARK: The newcomer's side (no account: the link is the key)

    struct AdvisorView: Encodable, Sendable {
        let name: String
        let role: String
        let contact: String?
    }

    struct SectionView: Encodable, Sendable {
        let id: String
        let title: String
        let paragraphs: [String]
        let advisors: [AdvisorView]?
    }

    struct PathPage: Encodable, Sendable {
        let group: String
        let sections: [SectionView]
        let completed: Bool
        let token: String
    }

    @Sendable static func open(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let app = req.application
        let t = req.localizer
        let english = req.language == .english
        let (record, sections): (OnboardingOfferRecord, [OnboardingBook.Section])
        do {
            (record, sections) = try await OnboardingOffers.open(token: token, app: app, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        let organisation = try await app.organisationStore.current(on: req.db)
        let advisors = (organisation?.roles ?? []).filter { $0.role.isConfidentialAdvisor && $0.validity.contains(app.today) }.compactMap { role -> AdvisorView? in
            guard let person = organisation?.person(id: role.person) else { return nil }
            return AdvisorView(name: person.name, role: t.text("role.\(role.role.rawValue)"),
                               contact: [person.contact?.phone, person.contact?.email].compactMap { $0 }.joined(separator: " · ").nilIfEmpty)
        }
        let response = try await req.renderPage("onboarding-path", titleKey: "onboarding.path.title", PathPage(
            group: t.text("onboarding.group.\(record.group)"),
            sections: sections.map {
                SectionView(id: $0.id, title: $0.title.text(english: english), paragraphs: $0.body.paragraphs(english: english),
                            advisors: $0.kind == .advisors ? advisors : nil)
            },
            completed: record.completedOn != nil, token: token))
        // The link is the newcomer's key: never cached, never sent on as a referrer.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func complete(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            try await OnboardingOffers.complete(token: token, app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        return req.redirect(to: "/inwerken/\(token)")
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
