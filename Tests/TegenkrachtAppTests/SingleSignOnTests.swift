import Crypto
import CryptoExtras
import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing

/// Issue 17: the ID token checks of staff single sign-on, each able to fail on its own, and the
/// login state claimed once under parallel requests. The whole flow against a real provider is
/// tests/browser/test_oidc.py.
@Suite("Single sign-on")
struct SingleSignOnTests {
    static let issuer = "https://idp.example.org"
    static let clientID = "tegenkracht"
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    struct Signer {
        var rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        var ec = P256.Signing.PrivateKey()

        var keySet: JSONWebKeySet {
            let ecRaw = ec.publicKey.rawRepresentation
            return JSONWebKeySet(keys: [
                JSONWebKey(kty: "RSA", kid: "r1", use: "sig", alg: "RS256", n: rsaNumbers.n, e: rsaNumbers.e),
                JSONWebKey(kty: "EC", kid: "e1", use: "sig", crv: "P-256",
                           x: Data(ecRaw.prefix(32)).base64URLEncoded, y: Data(ecRaw.suffix(32)).base64URLEncoded),
            ])
        }

        var rsaNumbers: (n: String, e: String) {
            let numbers = try! rsa.publicKey.getKeyPrimitives()
            return (Data(numbers.modulus).base64URLEncoded, Data(numbers.publicExponent).base64URLEncoded)
        }

        func token(alg: String = "RS256", kid: String? = "r1", claims: [String: Any]) -> String {
            var header: [String: Any] = ["alg": alg, "typ": "JWT"]
            if let kid { header["kid"] = kid }
            let head = try! JSONSerialization.data(withJSONObject: header).base64URLEncoded
            let body = try! JSONSerialization.data(withJSONObject: claims).base64URLEncoded
            let signed = Data("\(head).\(body)".utf8)
            let signature: Data
            switch alg {
            case "RS256": signature = try! rsa.signature(for: signed, padding: .insecurePKCS1v1_5).rawRepresentation
            case "ES256": signature = try! ec.signature(for: signed).rawRepresentation
            default: signature = Data()
            }
            return "\(head).\(body).\(signature.base64URLEncoded)"
        }
    }

    static func claims(_ changes: [String: Any] = [:]) -> [String: Any] {
        var claims: [String: Any] = ["iss": issuer, "sub": "subject-1", "aud": clientID, "exp": now.timeIntervalSince1970 + 300,
                                     "iat": now.timeIntervalSince1970 - 5, "nonce": "n-1", "amr": ["pwd", "mfa"],
                                     "auth_time": now.timeIntervalSince1970 - 30]
        for (key, value) in changes { claims[key] = value }
        return claims
    }

    let signer = Signer()
    let verifier = IDTokenVerifier(issuer: issuer, clientID: clientID)

    func verify(_ token: String, nonce: String = "n-1") -> Result<IDTokenClaims, IDTokenError> {
        Result { () throws(IDTokenError) in try verifier.verify(token, keys: signer.keySet, nonce: nonce, now: Self.now) }
    }

    func refusal(_ token: String, nonce: String = "n-1") -> IDTokenError? {
        if case .failure(let error) = verify(token, nonce: nonce) { return error }
        return nil
    }

    func multiFactor(_ claims: IDTokenClaims) -> Bool {
        claims.assertsMultiFactor(amrValues: ["mfa"], acrValues: ["urn:idp:mfa"], maxAge: SingleSignOnSettings.multiFactorMaxAge, now: Self.now)
    }

    @Test("A good token, RS256 or ES256, gives its subject and whether the provider asked for a second factor, lately")
    func accepted() throws {
        let rsa = try verify(signer.token(claims: Self.claims())).get()
        #expect(rsa.sub == "subject-1")
        #expect(multiFactor(rsa))
        let ec = try verify(signer.token(alg: "ES256", kid: "e1", claims: Self.claims(["amr": ["pwd"]]))).get()
        #expect(!multiFactor(ec))
        let acr = try verify(signer.token(claims: Self.claims(["amr": ["pwd"], "acr": "urn:idp:mfa"]))).get()
        #expect(multiFactor(acr))
        // The provider's login of yesterday, carried on by its own session: the second factor is asked again.
        let old = try verify(signer.token(claims: Self.claims(["auth_time": Self.now.timeIntervalSince1970 - 13 * 3600]))).get()
        #expect(!multiFactor(old))
        var noAuthTime = Self.claims()
        noAuthTime["auth_time"] = nil
        #expect(!multiFactor(try verify(signer.token(claims: noAuthTime)).get()))
        let withAzp = try verify(signer.token(claims: Self.claims(["aud": [Self.clientID], "azp": Self.clientID]))).get()
        #expect(withAzp.aud == [Self.clientID])
    }

    @Test("Each wrong claim is refused with its own reason")
    func refusedClaims() {
        #expect(refusal(signer.token(claims: Self.claims(["iss": "https://evil.example"]))) == .wrongIssuer)
        #expect(refusal(signer.token(claims: Self.claims(["aud": "someone-else"]))) == .wrongAudience)
        // Another audience next to us is one we do not trust (Core §3.1.3.7 item 3), azp or not.
        #expect(refusal(signer.token(claims: Self.claims(["aud": [Self.clientID, "other"]]))) == .wrongAudience)
        #expect(refusal(signer.token(claims: Self.claims(["aud": [Self.clientID, "other"], "azp": Self.clientID]))) == .wrongAudience)
        #expect(refusal(signer.token(claims: Self.claims(["azp": "other"]))) == .wrongAudience)
        #expect(refusal(signer.token(claims: Self.claims(["exp": Self.now.timeIntervalSince1970 - 61]))) == .expired)
        #expect(refusal(signer.token(claims: Self.claims(["exp": Self.now.timeIntervalSince1970 - 30]))) == nil)  // within the skew
        #expect(refusal(signer.token(claims: Self.claims(["iat": Self.now.timeIntervalSince1970 + 600]))) == .issuedInFuture)
        #expect(refusal(signer.token(claims: Self.claims()), nonce: "n-2") == .nonceMismatch)
        var noNonce = Self.claims()
        noNonce["nonce"] = nil
        #expect(refusal(signer.token(claims: noNonce)) == .nonceMismatch)
        #expect(refusal(signer.token(claims: Self.claims(["sub": ""]))) == .malformed)
    }

    @Test("A forged, unsigned or foreign-key token is refused")
    func refusedSignatures() {
        let good = signer.token(claims: Self.claims())
        let parts = good.split(separator: ".").map(String.init)
        let forgedBody = try! JSONSerialization.data(withJSONObject: Self.claims(["sub": "administrator"])).base64URLEncoded
        #expect(refusal("\(parts[0]).\(forgedBody).\(parts[2])") == .badSignature)
        #expect(refusal(signer.token(alg: "none", claims: Self.claims())) == .unsupportedAlgorithm)
        #expect(refusal(signer.token(alg: "HS256", claims: Self.claims())) == .unsupportedAlgorithm)
        #expect(refusal(signer.token(kid: "r9", claims: Self.claims())) == .unknownKey)
        // An ES256 header naming the RSA key: no key of that kind.
        #expect(refusal(signer.token(alg: "ES256", kid: "r1", claims: Self.claims())) == .unknownKey)
        #expect(refusal(Signer().token(claims: Self.claims())) == .badSignature)  // another provider's key, same kid
        #expect(refusal("a.b") == .malformed)
        #expect(refusal("\(parts[0]).\(parts[1]).") == .badSignature)
    }

    @Test("Settings: half a configuration or plain http is named, each with its fix; http to this machine only with the development switch")
    func settings() {
        let good = SingleSignOnSettings(issuer: "https://idp.example.org/realms/tk", clientID: "tk", clientSecret: "s",
                                        redirectURI: "https://tegenkracht.example.org/inloggen/sso/terug")
        #expect(good.problems(developmentSwitch: false).isEmpty)
        var bad = good
        bad.issuer = "http://idp.example.org"
        bad.clientSecret = ""
        bad.redirectURI = "https://tegenkracht.example.org/elders"
        #expect(bad.problems(developmentSwitch: true).count == 3)
        var local = good
        local.issuer = "http://127.0.0.1:9000"
        #expect(local.problems(developmentSwitch: true).isEmpty)
        #expect(local.problems(developmentSwitch: false).count == 1)
    }

    @Test("Sixteen callbacks with one state at once: exactly one claims it, and never after its lifetime",
          arguments: TestDatabase.all)
    func claimedOnce(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = app.clock.now
            let started = try #require(try await SingleSignOnAttempts.begin(db: app.db, now: now))
            #expect(started.codeChallenge == SingleSignOnAttempts.codeChallenge(for: try #require(
                try await SingleSignOnAttempt.query(on: app.db).first()).codeVerifier))
            let claims = await withTaskGroup(of: SingleSignOnAttempts.Claimed?.self) { group in
                for _ in 0..<16 {
                    group.addTask { try? await SingleSignOnAttempts.claim(state: started.state, db: app.db, now: now) }
                }
                return await group.reduce(into: [SingleSignOnAttempts.Claimed]()) { if let c = $1 { $0.append(c) } }
            }
            #expect(claims.count == 1)
            #expect(claims.first?.nonce == started.nonce)

            let late = try #require(try await SingleSignOnAttempts.begin(db: app.db, now: now))
            #expect(try await SingleSignOnAttempts.claim(state: late.state, db: app.db,
                                                         now: now.addingTimeInterval(SingleSignOnAttempts.lifetime + 1)) == nil)
            #expect(try await SingleSignOnAttempts.claim(state: "never-issued", db: app.db, now: now) == nil)
        }
    }

    @Test("The S256 challenge is base64url(SHA-256(verifier)), as Python's hashlib computes it")
    func pkceChallenge() {
        // python3 -c "import hashlib,base64; print(base64.urlsafe_b64encode(hashlib.sha256(b'dBjftJeZ4CVP-mB92K27uhbUJU1p1r-fqbTcVRfTZ5k').digest()).rstrip(b'='))"
        #expect(SingleSignOnAttempts.codeChallenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r-fqbTcVRfTZ5k")
                == "NeFz7dgUxqUhmfljm5lJSEZrLK6WcdHF1Hs-ZAFMTsQ")
    }
}
