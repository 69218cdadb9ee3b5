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
    private var keys: JSONWebKeySet?
    private var keysFetchedAt: Date?

    init(settings: SingleSignOnSettings) {
        self.settings = settings
    }

    func metadata(client: any Client) async throws -> Metadata {
        if let metadata { return metadata }
        let issuer = settings.issuer.hasSuffix("/") ? String(settings.issuer.dropLast()) : settings.issuer
        let found: Metadata = try await fetch(issuer + "/.well-known/openid-configuration", client: client)
        // OpenID Connect Discovery §4.3: the document must name the issuer we asked; its addresses
        // must be as safe as the issuer's own.
        guard found.issuer == settings.issuer else { throw Unavailable(description: "discovery names another issuer") }
        for address in [found.authorizationEndpoint, found.tokenEndpoint, found.jwksURI] + (found.endSessionEndpoint.map { [$0] } ?? [])
        where !SingleSignOnSettings.isSafeAddress(address) {
            throw Unavailable(description: "discovery holds an address that is not https")
        }
        metadata = found
        return found
    }

    /// The signing keys; `refresh` fetches them again unless that was done in the last minute.
    func keys(client: any Client, refresh: Bool, now: Date) async throws -> JSONWebKeySet {
        if let keys, let fetched = keysFetchedAt, !refresh || now.timeIntervalSince(fetched) < 60 { return keys }
        let fetched: JSONWebKeySet = try await fetch(try await metadata(client: client).jwksURI, client: client)
        keys = fetched
        keysFetchedAt = now
        return fetched
    }

    private func fetch<T: Decodable>(_ address: String, client: any Client) async throws -> T {
        let response: ClientResponse
        do {
            response = try await client.get(URI(string: address)) { $0.timeout = .seconds(10) }
        } catch {
            throw Unavailable(description: "provider not reachable")
        }
        guard response.status == .ok, let body = response.body,
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
