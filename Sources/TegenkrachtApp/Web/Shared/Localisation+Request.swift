import LeafKit
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

extension Application {
    private struct CatalogKey: StorageKey { typealias Value = LocalisationCatalog }

    package var localisation: LocalisationCatalog {
        get { storage[CatalogKey.self] ?? LocalisationCatalog(tables: [:]) }
        set { storage[CatalogKey.self] = newValue }
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language of this request: `?lang=` first, then the language cookie, then Dutch.
    var language: Language {
        get { storage[LanguageKey.self] ?? .default }
        set { storage[LanguageKey.self] = newValue }
    }

    var localizer: Localizer { application.localisation.localizer(language) }

    func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        localizer.text(key, arguments)
    }

    /// A moment in words in the organisation's time zone: "9 december 2026, 23:30" (issue 15).
    func dateTime(_ moment: Date) -> String {
        localizer.dateTime(moment, in: application.tegenkracht.timeZone)
    }

    /// A day in words: "9 december 2026".
    func date(_ day: LocalDate) -> String {
        localizer.longDate(day)
    }
}

/// Picks the language. A `?lang=en` link works without JavaScript and is remembered in a cookie.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "tk_lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var chosen: Language?
        // Decoding the query is most of this middleware's cost: only when it can hold the choice.
        if request.url.query?.contains("lang=") == true,
           let query = try? request.query.get(String.self, at: "lang"), let language = Language(rawValue: query) {
            chosen = language
            request.language = language
        } else if let cookie = request.cookies[Self.cookieName]?.string, let language = Language(rawValue: cookie) {
            request.language = language
        }
        let response = try await next.respond(to: request)
        if let chosen {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: chosen.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                isSecure: !request.application.tegenkracht.insecureHTTPCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

/// `#tel(phone)` in templates: the `tel:` address of a number as people write it, "06 12345678"
/// becoming `tel:0612345678` (RFC 3966 has no spaces); the number itself is shown as written.
struct TelephoneLinkTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        .string("tel:" + ContactDetails.dialable(ctx.parameters.first?.string ?? ""))
    }
}

/// `#t("home.title")` in templates: the text for the key in the page's language (`lang` in the context).
/// Extra parameters are placeholder pairs: `#t("workspace.heading", "name", value)`. The output is escaped like
/// any other Leaf value.
struct LocalizeTag: LeafTag {
    let catalog: LocalisationCatalog

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw LeafError(.unknownError("#t needs a key"))
        }
        let language = ctx.data["lang"]?.string.flatMap(Language.init(rawValue:)) ?? .default
        var arguments: [String: String] = [:]
        var rest = ctx.parameters.dropFirst()
        while let name = rest.first?.string {
            rest = rest.dropFirst()
            arguments[name] = rest.first.map { $0.string ?? $0.description } ?? ""
            rest = rest.dropFirst()
        }
        return .string(catalog.localizer(language).text(key, arguments))
    }
}
