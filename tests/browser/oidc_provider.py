"""A real OpenID Connect provider for the single sign-on test (issue 17), built on authlib's JOSE
(joserfc).

It serves discovery, its signing keys (RS256, 2048 bits), the authorization endpoint (which approves
at once, as a provider would after its own login) and the token endpoint (client authenticated with
HTTP Basic, the code used once, the redirect address and the PKCE verifier checked). What the next
ID token says is set by the test with `next_login(...)`: whose subject, which `amr`, a wrong
audience, a token already expired, or the nonce of an earlier login instead of the one asked for.
"""
import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# authlib's JOSE part, now its own package (authlib.jose is deprecated in its favour and installs it).
from joserfc import jwt
from joserfc.jwk import RSAKey


class Provider:
    def __init__(self, client_id: str, client_secret: str, redirect_uri: str, host: str = "localhost"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
        self.codes = {}  # code -> what the token endpoint needs
        self.nonces = []  # every nonce asked for, in order
        self.scenario = {}
        self.logouts = []
        self.token_requests = 0
        self.max_age = None
        self.pending = {}  # code -> the way back, for an interactive login
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # `localhost`, while the service is on 127.0.0.1: another site, as a real provider is, so the
        # browser applies its SameSite rules to the way back.
        self.issuer = f"http://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def next_login(self, subject, amr=("pwd",), audience=None, expires_in=300, stale_nonce=False, logged_in_ago=5,
                   interactive=False):
        """`interactive`: the provider shows its own page with a button, as a real one shows its login
        form, so the way back is a navigation that the provider's site starts."""
        with self.lock:
            self.scenario = {"sub": subject, "amr": list(amr), "aud": audience or self.client_id,
                             "expires_in": expires_in, "stale_nonce": stale_nonce, "logged_in_ago": logged_in_ago,
                             "interactive": interactive}

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "end_session_endpoint": self.issuer + "/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def authorize(self, query):
        """Returns (status, location or message)."""
        one = {k: v[0] for k, v in query.items()}
        if one.get("client_id") != self.client_id or one.get("redirect_uri") != self.redirect_uri:
            return 400, "unknown client or redirect address"
        if one.get("response_type") != "code" or one.get("code_challenge_method") != "S256" or not one.get("code_challenge"):
            return 400, "code flow with PKCE S256 only"
        if "openid" not in one.get("scope", "").split():
            return 400, "scope must hold openid"
        self.max_age = one.get("max_age")
        with self.lock:
            scenario = dict(self.scenario)
            nonce = one.get("nonce", "")
            if scenario.get("stale_nonce") and self.nonces:
                nonce_in_token = self.nonces[-1]  # an earlier login's nonce, replayed
            else:
                nonce_in_token = nonce
            self.nonces.append(nonce)
            code = secrets.token_urlsafe(24)
            self.codes[code] = {"challenge": one["code_challenge"], "nonce": nonce_in_token, "scenario": scenario,
                                "redirect_uri": one["redirect_uri"]}
        location = self.redirect_uri + "?" + urllib.parse.urlencode({"code": code, "state": one.get("state", "")})
        if scenario.get("interactive"):
            with self.lock:
                self.pending[code] = location
            page = ('<!doctype html><html lang="en"><head><title>Provider</title></head><body><main>'
                    '<h1>Log in at the provider</h1><form method="post" action="/approve">'
                    f'<input type="hidden" name="code" value="{code}">'
                    '<button id="approve" type="submit">Log in</button></form></main></body></html>')
            return 200, page
        return 302, location

    def approve(self, body):
        code = urllib.parse.parse_qs(body).get("code", [""])[0]
        with self.lock:
            return self.pending.pop(code, None)

    def token(self, headers, body):
        """Returns (status, json)."""
        with self.lock:
            self.token_requests += 1
        auth = headers.get("Authorization", "")
        expected = base64.b64encode(f"{urllib.parse.quote(self.client_id, safe='')}:"
                                    f"{urllib.parse.quote(self.client_secret, safe='')}".encode()).decode()
        if auth != "Basic " + expected:
            return 401, {"error": "invalid_client"}
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        scenario = grant["scenario"]
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": scenario["sub"], "aud": scenario["aud"], "iat": now - 5,
                  "exp": now + scenario["expires_in"], "nonce": grant["nonce"], "amr": scenario["amr"],
                  "auth_time": now - scenario["logged_in_ago"]}
        id_token = jwt.encode({"alg": "RS256", "kid": "key-1"}, claims, self.key)
        return 200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                     "id_token": id_token}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=b"", content_type="application/json", location=None):
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, json.dumps(provider.discovery()).encode())
                elif url.path == "/jwks":
                    self._send(200, json.dumps({"keys": [provider.key.as_dict(private=False)]}).encode())
                elif url.path == "/authorize":
                    status, answer = provider.authorize(urllib.parse.parse_qs(url.query))
                    if status == 302:
                        self._send(302, b"", "text/plain", location=answer)
                    elif status == 200:
                        self._send(200, answer.encode(), "text/html; charset=utf-8")
                    else:
                        self._send(status, answer.encode(), "text/plain")
                elif url.path == "/logout":
                    provider.logouts.append(urllib.parse.parse_qs(url.query))
                    self._send(200, b"logged out at the provider", "text/plain")
                else:
                    self._send(404, b"{}")

            def do_POST(self):
                url = urllib.parse.urlparse(self.path)
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                if url.path == "/token":
                    status, answer = provider.token(self.headers, body)
                    self._send(status, json.dumps(answer).encode())
                elif url.path == "/approve":
                    location = provider.approve(body)
                    if location:
                        self._send(302, b"", "text/plain", location=location)
                    else:
                        self._send(400, b"unknown code", "text/plain")
                else:
                    self._send(404, b"{}")

        return Handler
