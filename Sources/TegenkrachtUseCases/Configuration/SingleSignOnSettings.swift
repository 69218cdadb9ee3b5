import Foundation

/// Staff single sign-on through an OpenID Connect provider (issue 17), next to local accounts. Read
/// from `TEGENKRACHT_OIDC_*` (docs/configuration.md); off when no issuer is set.
public struct SingleSignOnSettings: Sendable, Equatable {
    /// The provider's issuer; its discovery document is `<issuer>/.well-known/openid-configuration`.
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    /// This service's callback, exactly as registered at the provider: `https://<host>/inloggen/sso/terug`.
    public var redirectURI: String
    /// `amr` values that count as a second factor at the provider (RFC 8176; default "mfa").
    public var multiFactorAMR: Set<String>
    /// `acr` values that count as such (none by default: their meaning differs per provider).
    public var multiFactorACR: Set<String>
    /// Where the provider sends the browser after logging out there (optional, must be registered).
    public var postLogoutRedirectURI: String?

    public init(issuer: String, clientID: String, clientSecret: String, redirectURI: String,
                multiFactorAMR: Set<String> = ["mfa"], multiFactorACR: Set<String> = [], postLogoutRedirectURI: String? = nil) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.multiFactorAMR = multiFactorAMR
        self.multiFactorACR = multiFactorACR
        self.postLogoutRedirectURI = postLogoutRedirectURI
    }

    /// The settings from the environment: nil when `TEGENKRACHT_OIDC_ISSUER` is unset. Incomplete or
    /// unsafe settings are returned as they are; `problems` says what is wrong and `configure` refuses.
    static func fromEnvironment(_ environment: [String: String]) -> SingleSignOnSettings? {
        func value(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        func list(_ text: String?) -> Set<String>? {
            value(text).map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
        }
        guard let issuer = value(environment["TEGENKRACHT_OIDC_ISSUER"]) else { return nil }
        return SingleSignOnSettings(issuer: issuer, clientID: value(environment["TEGENKRACHT_OIDC_CLIENT_ID"]) ?? "",
                                    clientSecret: value(environment["TEGENKRACHT_OIDC_CLIENT_SECRET"]) ?? "",
                                    redirectURI: value(environment["TEGENKRACHT_OIDC_REDIRECT_URI"]) ?? "",
                                    multiFactorAMR: list(environment["TEGENKRACHT_OIDC_MFA_AMR"]) ?? ["mfa"],
                                    multiFactorACR: list(environment["TEGENKRACHT_OIDC_MFA_ACR"]) ?? [],
                                    postLogoutRedirectURI: value(environment["TEGENKRACHT_OIDC_POST_LOGOUT_URI"]))
    }

    /// How old the provider's login may be for its second factor to count (sent as `max_age`, so the
    /// provider says when it was: `auth_time`). The same as a staff session's longest life.
    public static let multiFactorMaxAge: TimeInterval = 12 * 3600

    /// What keeps these settings from being used, each with its fix; empty when they are fine.
    /// `developmentSwitch`: plain http to this machine is allowed (a provider in a test), never otherwise.
    public func problems(developmentSwitch: Bool) -> [String] {
        var found: [String] = []
        if !Self.isSafeURL(issuer) {
            found.append("TEGENKRACHT_OIDC_ISSUER must be an https:// address (http:// only on 127.0.0.1 or localhost, for tests)")
        } else if !developmentSwitch, issuer.lowercased().hasPrefix("http:") {
            found.append("TEGENKRACHT_OIDC_ISSUER must be an https:// address: http:// to this machine is for tests with the development switch only")
        }
        if clientID.isEmpty { found.append("TEGENKRACHT_OIDC_CLIENT_ID is missing: the client id registered at the provider") }
        if clientSecret.isEmpty { found.append("TEGENKRACHT_OIDC_CLIENT_SECRET is missing: the client secret registered at the provider") }
        if !Self.isSafeURL(redirectURI) || !redirectURI.hasSuffix("/inloggen/sso/terug") {
            found.append("TEGENKRACHT_OIDC_REDIRECT_URI must be this service's https://<host>/inloggen/sso/terug, as registered at the provider")
        }
        if let uri = postLogoutRedirectURI, !Self.isSafeURL(uri) {
            found.append("TEGENKRACHT_OIDC_POST_LOGOUT_URI must be an https:// address")
        }
        return found
    }

    /// https, or http to this machine only (a provider in a test); no user name or password in it.
    public static func isSafeAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.user == nil, url.password == nil else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host.lowercased())
    }

    static func isSafeURL(_ text: String) -> Bool {
        guard isSafeAddress(text), let url = URL(string: text) else { return false }
        return url.query == nil && url.fragment == nil
    }
}
