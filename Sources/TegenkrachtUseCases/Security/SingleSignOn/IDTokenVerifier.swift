import Crypto
import CryptoExtras
import Foundation

/// Checks an OpenID Connect ID token (issue 17): the signature against the provider's published keys
/// (RS256 or ES256 only: never `none`, never a shared-secret algorithm), then issuer, audience,
/// authorised party, expiry, issue time and nonce (OpenID Connect Core 1.0 §3.1.3.7). The
/// cryptography is swift-crypto's; this only takes the compact form apart and compares claims.
package struct IDTokenVerifier: Sendable {
    package var issuer: String
    package var clientID: String
    /// How far the provider's clock may be off from ours.
    package var allowedSkew: TimeInterval = 60

    package init(issuer: String, clientID: String) {
        self.issuer = issuer
        self.clientID = clientID
    }

    package func verify(_ token: String, keys: JSONWebKeySet, nonce: String, now: Date) throws(IDTokenError) -> IDTokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = Data(base64URL: parts[0]), let payloadData = Data(base64URL: parts[1]),
              let signature = Data(base64URL: parts[2]),
              let header = try? JSONDecoder().decode(Header.self, from: headerData),
              let claims = try? JSONDecoder().decode(IDTokenClaims.self, from: payloadData) else {
            throw .malformed
        }
        guard let algorithm = SignatureAlgorithm(rawValue: header.alg) else { throw .unsupportedAlgorithm }
        let candidates = keys.keys.filter { key in
            (header.kid == nil || key.kid == header.kid) && key.fits(algorithm)
        }
        guard !candidates.isEmpty else { throw .unknownKey }
        let signedPart = Data("\(parts[0]).\(parts[1])".utf8)
        guard candidates.contains(where: { $0.isValid(signature, for: signedPart, algorithm: algorithm) }) else {
            throw .badSignature
        }
        guard claims.iss == issuer else { throw .wrongIssuer }
        // Us alone: Core §3.1.3.7 item 3 refuses audiences the client does not trust, and we trust none
        // but ourselves. An `azp`, when given, must name us too (items 4-5).
        guard claims.aud == [clientID] else { throw .wrongAudience }
        if let azp = claims.azp, azp != clientID { throw .wrongAudience }
        guard now.timeIntervalSince1970 < claims.exp + allowedSkew else { throw .expired }
        guard claims.iat <= now.timeIntervalSince1970 + allowedSkew else { throw .issuedInFuture }
        guard let tokenNonce = claims.nonce, constantTimeEquals(tokenNonce, nonce) else { throw .nonceMismatch }
        guard !claims.sub.isEmpty, claims.sub.utf8.count <= 255 else { throw .malformed }
        return claims
    }

    private struct Header: Decodable {
        var alg: String
        var kid: String?
    }
}

package enum SignatureAlgorithm: String, Sendable {
    case rs256 = "RS256"
    case es256 = "ES256"
}

/// Why an ID token was refused; the reason goes into the audit log (never the token).
package enum IDTokenError: String, Error, Sendable {
    case malformed, unsupportedAlgorithm, unknownKey, badSignature, wrongIssuer, wrongAudience, expired,
         issuedInFuture, nonceMismatch
}

/// The claims Tegenkracht reads. `amr` and `acr` tell whether the provider asked for more than a password.
package struct IDTokenClaims: Decodable, Sendable {
    package var iss: String
    package var sub: String
    package var aud: [String]
    package var azp: String?
    package var exp: TimeInterval
    package var iat: TimeInterval
    package var nonce: String?
    package var amr: [String]?
    package var acr: String?
    /// When the person last authenticated at the provider (present because we send `max_age`).
    package var authTime: TimeInterval?

    private enum CodingKeys: String, CodingKey { case iss, sub, aud, azp, exp, iat, nonce, amr, acr, authTime = "auth_time" }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iss = try c.decode(String.self, forKey: .iss)
        sub = try c.decode(String.self, forKey: .sub)
        // `aud` is a string or an array of strings (Core §2).
        if let one = try? c.decode(String.self, forKey: .aud) { aud = [one] } else { aud = try c.decode([String].self, forKey: .aud) }
        azp = try c.decodeIfPresent(String.self, forKey: .azp)
        exp = try c.decode(TimeInterval.self, forKey: .exp)
        iat = try c.decode(TimeInterval.self, forKey: .iat)
        nonce = try c.decodeIfPresent(String.self, forKey: .nonce)
        amr = try c.decodeIfPresent([String].self, forKey: .amr)
        acr = try c.decodeIfPresent(String.self, forKey: .acr)
        authTime = try c.decodeIfPresent(TimeInterval.self, forKey: .authTime)
    }

    /// Whether the provider says it used more than one factor: an `amr` value or the `acr` named as
    /// such in the configuration (RFC 8176: "mfa"; providers differ, so the lists are settings), at a
    /// login no older than `maxAge` (an "mfa" of days ago, carried on by the provider's own session,
    /// does not count).
    package func assertsMultiFactor(amrValues: Set<String>, acrValues: Set<String>, maxAge: TimeInterval, now: Date) -> Bool {
        guard let authTime, now.timeIntervalSince1970 - authTime <= maxAge + 60 else { return false }
        if let amr, !amrValues.isDisjoint(with: amr) { return true }
        if let acr, acrValues.contains(acr) { return true }
        return false
    }
}

/// A provider's `jwks_uri` document (RFC 7517). Keys of other kinds are ignored, not refused.
package struct JSONWebKeySet: Decodable, Sendable {
    package var keys: [JSONWebKey]

    package init(keys: [JSONWebKey]) { self.keys = keys }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var list = try c.nestedUnkeyedContainer(forKey: .keys)
        var keys: [JSONWebKey] = []
        while !list.isAtEnd {
            if let key = try? list.decode(JSONWebKey.self) { keys.append(key) } else { _ = try? list.decode(Skip.self) }
        }
        self.keys = keys
    }

    private enum CodingKeys: String, CodingKey { case keys }
    private struct Skip: Decodable {}
}

package struct JSONWebKey: Decodable, Sendable {
    package var kty: String
    package var kid: String?
    package var use: String?
    package var alg: String?
    package var n: String?
    package var e: String?
    package var crv: String?
    package var x: String?
    package var y: String?

    func fits(_ algorithm: SignatureAlgorithm) -> Bool {
        if let use, use != "sig" { return false }
        if let alg, alg != algorithm.rawValue { return false }
        switch algorithm {
        case .rs256: return kty == "RSA"
        case .es256: return kty == "EC" && crv == "P-256"
        }
    }

    func isValid(_ signature: Data, for signed: Data, algorithm: SignatureAlgorithm) -> Bool {
        switch algorithm {
        case .rs256:
            // swift-crypto refuses keys under 2048 bits.
            guard let n = n.flatMap({ Data(base64URL: Substring($0)) }), let e = e.flatMap({ Data(base64URL: Substring($0)) }),
                  let key = try? _RSA.Signing.PublicKey(n: n, e: e) else { return false }
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signed,
                                        padding: .insecurePKCS1v1_5)
        case .es256:
            guard let x = x.flatMap({ Data(base64URL: Substring($0)) }), let y = y.flatMap({ Data(base64URL: Substring($0)) }),
                  x.count == 32, y.count == 32,
                  let key = try? P256.Signing.PublicKey(rawRepresentation: x + y),
                  let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: signed)
        }
    }
}
