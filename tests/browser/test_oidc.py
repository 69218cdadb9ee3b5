"""Issue 17, staff single sign-on through OpenID Connect, against the real binary and a real provider.

The provider (`oidc_provider.py`, built on authlib) runs in this process on a free loopback port;
`tegenkracht serve --demo` is configured with `TEGENKRACHT_OIDC_*`. An administrator links one
account to a subject (`tegenkracht user link-sso`). Then, as a browser would (own cookies, no
redirects followed automatically):

- a login where the provider asserts MFA (`amr` holds "mfa") reaches the workspace without a code;
- a login where it does not lands on the second factor, and the workspace stays closed until it is done;
- the same with MFA of 13 hours ago (`auth_time`; we send `max_age`): the code is asked again;
- the callback replayed (same state, same code, even with the state cookie) is refused before the
  provider is asked again; an ID token carrying an earlier login's nonce is refused;
- a token for another audience, and a token already expired, are refused;
- a subject linked to no account is refused and no account is made;
- a callback in a browser that did not start the login (no state cookie) is refused;
- logging out ends the local session and sends the browser to the provider's end-session endpoint;
- in Chromium, with the provider on another site (`localhost` against `127.0.0.1`): the whole login
  reaches the workspace, so the SameSite=Strict session cookie does arrive after the way back.

Each refusal after the state was claimed is in the audit log as `staff.login-sso-refused` with a fixed
reason word; refusals before it (anyone can send those) are only logged, so they cannot flood the
audit chain."""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, _free_port
from helpers import totp
from oidc_provider import Provider
from test_mail_and_metrics import Client, Service

CLIENT_ID = "tegenkracht-test"
CLIENT_SECRET = "a client secret with spaces & symbols=+/"
SUBJECT = "5b0f6c1e-staff-subject-0001"
USERNAME = "adviseur.sso"


class FixedPortService(Service):
    """`serve --demo` on a port chosen before start, since the provider must know the callback address."""

    def __init__(self, work, env, port):
        super().__init__(work, env)
        self.port = port

    def start(self, extra=None):
        self.starts += 1
        self.log_path = self.work / f"server-{self.starts}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(BINARY), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError("server did not start:\n" + self.log_path.read_text()[-4000:])
            time.sleep(0.2)


@pytest.fixture(scope="module")
def stack():
    assert BINARY.exists(), f"build first: {BINARY} is missing"
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-oidc-"))
    port = _free_port()
    provider = Provider(CLIENT_ID, CLIENT_SECRET, f"http://127.0.0.1:{port}/inloggen/sso/terug").start()
    env = dict(os.environ, TEGENKRACHT_ROOT=str(ROOT), TEGENKRACHT_DATA_DIR=str(work / "data"),
               TEGENKRACHT_OIDC_ISSUER=provider.issuer, TEGENKRACHT_OIDC_CLIENT_ID=CLIENT_ID,
               TEGENKRACHT_OIDC_CLIENT_SECRET=CLIENT_SECRET,
               TEGENKRACHT_OIDC_REDIRECT_URI=provider.redirect_uri,
               TEGENKRACHT_OIDC_POST_LOGOUT_URI=f"http://127.0.0.1:{port}/")
    for name in ("DATABASE_URL", "TEGENKRACHT_KEY_FILE", "TEGENKRACHT_ORGANISATION_FILE", "TEGENKRACHT_METRICS_TOKEN"):
        env.pop(name, None)
    (work / "data").mkdir(mode=0o700)
    service = FixedPortService(work, env, port)
    try:
        assert service.cli("demo").returncode == 0
        created = service.cli("user", "create", "--username", USERNAME, "--name", "Sanne Sso", "--role", "functionaris",
                              "--person", "vp-extern", "--password-stdin", stdin="een wachtwoord dat niemand raadt\n")
        assert created.returncode == 0, created.stderr
        linked = service.cli("user", "link-sso", "--username", USERNAME, "--subject", SUBJECT)
        assert linked.returncode == 0, linked.stdout + linked.stderr
        service.start()
        yield {"provider": provider, "service": service}
    finally:
        service.stop()
        provider.stop()
        for path in sorted(work.glob("server-*.log")):
            print(f"--- {path.name} (last lines)\n" + "\n".join(path.read_text(errors="replace").splitlines()[-30:]))
        shutil.rmtree(work, ignore_errors=True)


def through_provider(client, provider):
    """Starts a login at /inloggen/sso and goes through the provider; returns the callback path."""
    status, _, headers = client.get("/inloggen/sso")
    assert status == 303, status
    location = headers["Location"]
    assert location.startswith(provider.issuer + "/authorize?"), location
    asked = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["scope"] == ["openid"]
    request = urllib.request.Request(location)
    opener = urllib.request.build_opener(NoRedirect())
    try:
        opener.open(request, timeout=10)
        raise AssertionError("the provider did not redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read()
        callback = answer.headers["Location"]
    assert callback.startswith(client.service.base + "/inloggen/sso/terug?"), callback
    return callback[len(client.service.base):]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def audit_count(service):
    with sqlite3.connect(service.data / "tegenkracht.sqlite", timeout=30) as db:
        return db.execute("SELECT COUNT(*) FROM audit_entries").fetchone()[0]


def refusals(service):
    with sqlite3.connect(service.data / "tegenkracht.sqlite", timeout=30) as db:
        rows = db.execute("SELECT subject FROM audit_entries WHERE action = 'staff.login-sso-refused' ORDER BY sequence").fetchall()
    return [row[0] for row in rows]


def in_workspace(client):
    status, _, headers = client.get("/werkruimte")
    return status == 200


def test_login_page_offers_the_organisation_login(stack):
    client = Client(stack["service"])
    status, body, _ = client.get("/inloggen?lang=nl")
    assert status == 200
    assert 'id="sso-login"' in body and "Inloggen met je organisatie-account" in body


def test_provider_with_mfa_opens_the_workspace(stack):
    provider, service = stack["provider"], stack["service"]
    provider.next_login(SUBJECT, amr=("pwd", "mfa"))
    client = Client(service)
    callback = through_provider(client, provider)
    status, body, headers = client.get(callback)
    assert status == 200, body[-1500:]
    assert headers["Refresh"] == "0; url=/werkruimte"
    assert 'href="/werkruimte"' in body
    assert in_workspace(client)
    stack["callback"] = callback
    stack["client"] = client


def test_replayed_callback_is_refused_before_the_provider_is_asked(stack):
    provider, service = stack["provider"], stack["service"]
    callback = stack["callback"]
    state = urllib.parse.parse_qs(urllib.parse.urlparse(callback).query)["state"][0]
    before = provider.token_requests
    replay = Client(service)
    audited = audit_count(service)
    status, body, _ = replay.open(callback, headers={"Cookie": f"tk_sso={state}"})
    assert status == 401, status
    assert "Inloggen via je organisatie is niet gelukt" in body
    assert provider.token_requests == before, "the used state must be refused before the code is exchanged"
    assert audit_count(service) == audited, "a refusal before the claim must not write to the audit chain"
    assert not in_workspace(replay)


def test_an_earlier_logins_nonce_is_refused(stack):
    provider, service = stack["provider"], stack["service"]
    provider.next_login(SUBJECT, amr=("pwd", "mfa"), stale_nonce=True)
    client = Client(service)
    status, _, _ = client.get(through_provider(client, provider))
    assert status == 401
    assert not in_workspace(client)
    assert refusals(service)[-1] == "sso:id-token-nonceMismatch"


@pytest.mark.parametrize("kind, settings, reason", [
    ("wrong audience", {"audience": "another-client"}, "sso:id-token-wrongAudience"),
    ("expired", {"expires_in": -600}, "sso:id-token-expired"),
])
def test_a_token_not_for_us_or_too_old_is_refused(stack, kind, settings, reason):
    provider, service = stack["provider"], stack["service"]
    provider.next_login(SUBJECT, amr=("pwd", "mfa"), **settings)
    client = Client(service)
    status, _, _ = client.get(through_provider(client, provider))
    assert status == 401, kind
    assert not in_workspace(client), kind
    assert refusals(service)[-1] == reason


def test_unknown_subject_is_refused_and_no_account_is_made(stack):
    provider, service = stack["provider"], stack["service"]
    with sqlite3.connect(service.data / "tegenkracht.sqlite", timeout=30) as db:
        accounts = db.execute("SELECT COUNT(*) FROM staff_users").fetchone()[0]
    provider.next_login("someone-without-an-account", amr=("pwd", "mfa"))
    client = Client(service)
    status, body, _ = client.get(through_provider(client, provider))
    assert status == 403
    assert "niet gekoppeld" in body
    assert not in_workspace(client)
    with sqlite3.connect(service.data / "tegenkracht.sqlite", timeout=30) as db:
        assert db.execute("SELECT COUNT(*) FROM staff_users").fetchone()[0] == accounts
    assert refusals(service)[-1] == "sso:unknown-subject"


def test_a_callback_in_another_browser_is_refused(stack):
    provider, service = stack["provider"], stack["service"]
    provider.next_login(SUBJECT, amr=("pwd", "mfa"))
    victim = Client(service)
    callback = through_provider(Client(service), provider)  # the attacker's own login...
    before = provider.token_requests
    status, _, _ = victim.get(callback)  # ...forced on someone else's browser
    assert status == 401
    assert provider.token_requests == before
    assert not in_workspace(victim)


def test_an_old_mfa_login_at_the_provider_does_not_count(stack):
    provider, service = stack["provider"], stack["service"]
    provider.next_login(SUBJECT, amr=("pwd", "mfa"), logged_in_ago=13 * 3600)
    client = Client(service)
    status, _, headers = client.get(through_provider(client, provider))
    assert status == 200
    assert provider.max_age == str(12 * 3600)
    assert headers["Refresh"].startswith("0; url=/inloggen/tweestaps"), headers["Refresh"]
    assert not in_workspace(client)


def test_provider_without_mfa_keeps_the_second_factor(stack):
    provider, service = stack["provider"], stack["service"]
    provider.next_login(SUBJECT, amr=("pwd",))
    client = Client(service)
    status, body, headers = client.get(through_provider(client, provider))
    assert status == 200
    assert headers["Refresh"] == "0; url=/inloggen/tweestaps/instellen"
    assert not in_workspace(client), "a password at the provider alone must not open the workspace"
    status, body, _ = client.get("/inloggen/tweestaps/instellen")
    assert status == 200
    import html
    import re
    secret = html.unescape(re.search(r'id="totp-secret">([^<]+)<', body).group(1)).replace(" ", "")
    status, body, _ = client.post("/inloggen/tweestaps/instellen", {"code": totp(secret)})
    assert status == 200 and 'id="recovery-codes"' in body
    assert in_workspace(client)
    stack["sso_client"] = client


def test_logout_ends_the_session_here_and_at_the_provider(stack):
    provider, service = stack["provider"], stack["service"]
    client = stack["sso_client"]
    client.get("/werkruimte")
    status, _, headers = client.post("/uitloggen", {})
    assert status == 303
    location = headers["Location"]
    assert location.startswith(provider.issuer + "/logout?"), location
    asked = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    assert asked["client_id"] == [CLIENT_ID]
    assert asked["post_logout_redirect_uri"] == [service.base + "/"]
    assert not in_workspace(client)


def test_chromium_reaches_the_workspace_through_a_provider_on_another_site(stack, browser):
    """The callback page, not a redirect, hands over: Chrome sends no SameSite=Strict cookie on a
    redirect chain that began at another site. If that page were a redirect, the workspace would send
    this browser back to the login page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from helpers import assert_accessible, click_and_wait

    provider, service = stack["provider"], stack["service"]
    assert urllib.parse.urlparse(provider.issuer).hostname != urllib.parse.urlparse(service.base).hostname
    provider.next_login(SUBJECT, amr=("pwd", "mfa"), interactive=True)
    browser.get(service.base + "/inloggen?lang=nl")
    assert_accessible(browser, "login page with single sign-on")
    click_and_wait(browser, (By.ID, "sso-login"))
    assert browser.current_url.startswith(provider.issuer + "/authorize"), browser.current_url
    # The way back starts at the provider's page, as after typing a password there.
    browser.find_element(By.ID, "approve").click()
    WebDriverWait(browser, 15).until(lambda driver: urllib.parse.urlparse(driver.current_url).path == "/werkruimte")
    assert browser.find_element(By.TAG_NAME, "h1").text, "the workspace shows a heading"
    assert "/inloggen" not in browser.current_url


def test_half_a_configuration_refuses_to_start(stack):
    service = stack["service"]
    env = dict(service.env)
    env.pop("TEGENKRACHT_OIDC_CLIENT_SECRET")
    env["TEGENKRACHT_OIDC_ISSUER"] = "http://idp.example.org"
    result = subprocess.run([str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(_free_port())], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "TEGENKRACHT_OIDC_ISSUER must be an https:// address" in result.stderr
    assert "TEGENKRACHT_OIDC_CLIENT_SECRET is missing" in result.stderr
