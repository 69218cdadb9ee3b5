import Foundation
import TegenkrachtUseCases
import Vapor

/// The organisation's OpenID Connect provider (issue 17): its discovery document and signing keys,
/// fetched when first needed and kept. The keys are fetched again when a token names a key we do not
/// hold (the provider rotated), at most once a minute so a stream of bad tokens cannot make us
/// hammer the provider.
actor IdentityProvider {
    struct Metadata: Decodable, Sendable {
        var issuer: String
        var authorizationEndpoint: String
        var tokenEndpoint: String
        var jwksURI: String
        var endSessionEndpoint: String?

        enum CodingKeys: String, CodingKey {
            case issuer, authorizationEndpoint = "authorization_endpoint", tokenEndpoint = "token_endpoint",
                 jwksURI = "jwks_uri", endSessionEndpoint = "end_session_endpoint"
        }
    }

    /// The provider could not be reached or answered something unusable; the login page says to try
    /// later. The reason is for the log and never holds a token.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let settings: SingleSignOnSettings
    private var metadata: Metadata?
    private var metadataFetch: Task<Metadata, any Error>?
    private var keys: JSONWebKeySet?
    private var keysFetch: Task<JSONWebKeySet, any Error>?
    private var keysAskedAt: Date?
    /// After a failure the provider is not asked again for this long: while it is down, a stream of
    /// logins must not become a stream of 10-second requests to it.
    private var unavailableUntil: Date?
    static let pauseAfterFailure: TimeInterval = 30

    init(settings: SingleSignOnSettings) {
        self.settings = settings
    }

    func metadata(client: any Client, now: Date) async throws -> Metadata {
        if let metadata { return metadata }
        try checkNotPaused(now)
        // One fetch at a time: callers that arrive while it runs wait for the same answer.
        let fetch = metadataFetch ?? Task { [settings] in try await Self.discover(settings, client: client) }
        metadataFetch = fetch
        do {
            let found = try await fetch.value
            metadata = found
            metadataFetch = nil
            return found
        } catch {
            metadataFetch = nil
            unavailableUntil = now.addingTimeInterval(Self.pauseAfterFailure)
            throw error
        }
    }

    /// The signing keys; `refresh` fetches them again, at most once a minute (also when the first
    /// fetch failed), so a stream of tokens with unknown keys cannot make us hammer the provider.
    func keys(client: any Client, refresh: Bool, now: Date) async throws -> JSONWebKeySet {
        if let keys, !refresh { return keys }
        if let asked = keysAskedAt, now.timeIntervalSince(asked) < 60, keysFetch == nil {
            if let keys { return keys }
            throw Unavailable(description: "signing keys asked for less than a minute ago")
        }
        let address = try await metadata(client: client, now: now).jwksURI
        let fetch = keysFetch ?? Task { try await Self.fetch(address, client: client) as JSONWebKeySet }
        if keysFetch == nil { keysAskedAt = now }
        keysFetch = fetch
        do {
            let fetched = try await fetch.value
            keys = fetched
            keysFetch = nil
            return fetched
        } catch {
            keysFetch = nil
            throw error
        }
    }

    private func checkNotPaused(_ now: Date) throws {
        if let until = unavailableUntil, now < until { throw Unavailable(description: "provider failed less than 30 s ago") }
    }

    private static func discover(_ settings: SingleSignOnSettings, client: any Client) async throws -> Metadata {
        let issuer = settings.issuer.hasSuffix("/") ? String(settings.issuer.dropLast()) : settings.issuer
        let found: Metadata = try await fetch(issuer + "/.well-known/openid-configuration", client: client)
        // OpenID Connect Discovery §4.3: the document must name the issuer we asked; its addresses
        // must be as safe as the issuer's own.
        guard found.issuer == settings.issuer else { throw Unavailable(description: "discovery names another issuer") }
        for address in [found.authorizationEndpoint, found.tokenEndpoint, found.jwksURI] + (found.endSessionEndpoint.map { [$0] } ?? [])
        where !SingleSignOnSettings.isSafeAddress(address) {
            throw Unavailable(description: "discovery holds an address that is not https")
        }
        return found
    }

    /// A GET of a JSON document. The application's HTTP client follows no redirects (`configure`):
    /// an https address that redirects to http must not serve us signing keys.
    private static func fetch<T: Decodable>(_ address: String, client: any Client) async throws -> T {
        let response: ClientResponse
        do {
            response = try await client.get(URI(string: address)) { $0.timeout = .seconds(10) }
        } catch {
            throw Unavailable(description: "provider not reachable")
        }
        guard response.status == .ok, let body = response.body, body.readableBytes <= 1 << 20,
              let value = try? JSONDecoder().decode(T.self, from: body) else {
            throw Unavailable(description: "provider answered \(response.status.code) or unreadable JSON")
        }
        return value
    }
}

extension Application {
    private struct IdentityProviderKey: StorageKey { typealias Value = IdentityProvider }

    /// Set by `configure` when single sign-on is configured; nil otherwise (the routes then answer 404).
    var identityProvider: IdentityProvider? {
        get { storage[IdentityProviderKey.self] }
        set { storage[IdentityProviderKey.self] = newValue }
    }
}
