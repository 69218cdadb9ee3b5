"""Issue 17, mail and metrics against the real binary.

Mail: a real SMTP server in this process (aiosmtpd on a free loopback port) that insists on STARTTLS
with a self-signed certificate and on a login, and Debian's msmtp as `TEGENKRACHT_SENDMAIL` with its
own configuration (mode 0600, the certificate as its only trust anchor). A reporter reports through
the form, confidentially, with a name and an address and a sentence nobody else writes; the advisor
logs in with two factors and writes to the reporter; `tegenkracht mail send` hands the notice to
msmtp. The SMTP server gets exactly one message, to the reporter, over TLS, after a login, and
nothing of the report is in it: not the sentence, not the name, not the receipt code, not the
advisor's words. An address with a line break is refused at the form and queues nothing. With the
relay down, the next notice is refused, counted, shown to the administrator, not tried again before
its wait is over, and delivered exactly once when the relay is back.

The server's own `notices` job (every five minutes) would race the command at a slot boundary: the
test holds that job's slots in `job_runs`, as another instance that claimed them would, so that only
the command sends. Before the metrics part the holds are released and the server restarted with
`TEGENKRACHT_METRICS_TOKEN`: its first round of jobs sends the notice waiting then, so that its own
`tegenkracht_mail_total` counts a message.

Metrics: without the token `/metrics` does not exist (404); with it, a request without or with a
wrong bearer token gets 401 and `WWW-Authenticate: Bearer`, the right one gets the text format with
the route pattern of the case page (never its id), the mail counter, and no id, address or name; a
token shorter than 32 characters stops `serve` with exit code 2 and the variable's name.

Three bugs this file found, now fixed and kept as tests: two senders at once sent a notice twice
(now each message is leased first); the portal's "give your name" stored any address (a line break
included); the intake accepted an address with a leading "-" that the mail program is never given.

The tests depend on each other in file order (one server, one SMTP server, one report)."""
import asyncio
import html
import http.cookiejar
import importlib.util
import os
import re
import secrets
import shutil
import sqlite3
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import ADMIN_PASSWORD, ADMIN_USER, BINARY, ROOT, _free_port
from helpers import click_and_wait, totp

MSMTP = "/usr/bin/msmtp"
ADVISOR = ("vp.kerkhoven", "wachtwoord van de vertrouwenspersoon", "vp-extern", "Marloes Kerkhoven")
REPORTER_NAME = "Iris Zonnebloem"
REPORTER_EMAIL = "melder.7f3q@example.org"  # nothing of the name in it
SECRET = "De paarse olifant fluistert elke dinsdag om kwart over drie in kelder B7 van gebouw Zuid."
FIRST_REPLY = "Dank voor je melding over de kelder. Zullen we donderdag om tien uur bellen?"
SECOND_REPLY = "Ik heb de leidinggevende van kelder B7 nog niet gesproken; volgende week meer."
THIRD_REPLY = "Het gesprek met de leidinggevende staat nu vast op maandag."
MAIL_FROM_ADDRESS = "tegenkracht@example.org"
MAIL_FROM = f"Meldpunt Tegenkracht <{MAIL_FROM_ADDRESS}>"
SMTP_LOGIN = ("meldpunt", "smtp-wachtwoord-" + secrets.token_hex(8))
METRICS_TOKEN = secrets.token_hex(32)
NOTICE_TEXT = "Er is nieuws over je melding"
EMAIL_ERROR = "Dit is geen goed e-mailadres. Schrijf het als naam@voorbeeld.nl, zonder spaties."
HOLD = "held-by-test_mail_and_metrics"
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


# --- The SMTP server -------------------------------------------------------------------------------

class Relay:
    """aiosmtpd on 127.0.0.1:port: STARTTLS required (self-signed certificate for `localhost`), AUTH
    required with one login; every message accepted is kept with its envelope and how it came."""

    def __init__(self, work: Path):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.work = work
        self.port = _free_port()
        self.messages = []
        self.lock = threading.Lock()
        self.controller = None
        # Seconds the server waits before it answers a message's DATA (a slow relay).
        self.delay = 0.0
        made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                               "-addext", "subjectAltName=DNS:localhost", "-days", "2",
                               "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")],
                              capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stderr
        self.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.tls.load_cert_chain(str(work / "cert.pem"), str(work / "key.pem"))

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == SMTP_LOGIN[0]
                  and auth_data.password.decode() == SMTP_LOGIN[1])
            return AuthResult(success=ok, auth_data=auth_data if ok else None)

        self.authenticate = authenticate

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append({
                "mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                "raw": envelope.original_content or b"", "tls": session.ssl is not None,
                "authenticated": bool(session.authenticated),
                "login": session.auth_data.login.decode() if session.auth_data else None})
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="localhost",
                                     tls_context=self.tls, require_starttls=True,
                                     authenticator=self.authenticate, auth_required=True)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received(self):
        with self.lock:
            return list(self.messages)

    def write_msmtp(self) -> Path:
        """The msmtp configuration (0600: msmtp refuses a file others can read) and the wrapper that
        the service runs as its mail program (`-i -- ADDRESS`, the message on standard input)."""
        config = self.work / "msmtprc"
        config.write_text(f"""defaults
auth           on
tls            on
tls_starttls   on
tls_trust_file {self.work / "cert.pem"}
syslog         off
logfile
timeout        10

account        tegenkracht
host           localhost
port           {self.port}
domain         meldpunt.example.org
from           {MAIL_FROM_ADDRESS}
user           {SMTP_LOGIN[0]}
password       {SMTP_LOGIN[1]}

account default : tegenkracht
""")
        config.chmod(0o600)
        wrapper = self.work / "sendmail"
        wrapper.write_text(f'#!/bin/sh\nexec {MSMTP} -C {config} "$@"\n')
        wrapper.chmod(0o700)
        return wrapper


# --- The service -----------------------------------------------------------------------------------

class Service:
    """`tegenkracht serve --demo` on its own SQLite data directory, stopped and started again with
    other variables; `cli` runs a command with the same environment."""

    def __init__(self, work: Path, env: dict):
        self.work = work
        self.env = env
        self.data = Path(env["TEGENKRACHT_DATA_DIR"])
        self.process = None
        self.log = None
        self.base = None
        self.starts = 0

    def cli(self, *args, stdin=None, extra=None):
        return subprocess.run([str(BINARY), *args], cwd=ROOT, env=dict(self.env, **(extra or {})), input=stdin,
                              capture_output=True, text=True, timeout=120)

    def start(self, extra=None):
        self.starts += 1
        port = _free_port()
        self.log_path = self.work / f"server-{self.starts}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(BINARY), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)],
                                        cwd=ROOT, env=dict(self.env, **(extra or {})), stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
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

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log is not None:
            self.log.close()
            self.log = None

    def database(self):
        return sqlite3.connect(self.data / "tegenkracht.sqlite", timeout=30)

    def hold_notices_job(self):
        """Claims the `notices` job's slots for the next hour, as another instance would: a claimed
        slot is not run, so the server sends no mail by itself while the test uses `mail send`."""
        now = time.time()
        first = int(now // 300) - 1
        with self.database() as db:
            for slot in range(first, first + 13):
                db.execute("INSERT OR IGNORE INTO job_runs (id, job, slot, instance, started_at, finished_at, outcome) "
                           "VALUES (?, 'notices', ?, ?, ?, ?, 'held by the test')",
                           (str(uuid.uuid4()).upper(), str(slot), HOLD, now, now))
        db.close()

    def release_notices_job(self):
        with self.database() as db:
            db.execute("DELETE FROM job_runs WHERE instance = ?", (HOLD,))
        db.close()


def mail_send(service):
    result = service.cli("mail", "send")
    assert result.returncode == 0, result.stdout + result.stderr
    match = re.search(r"sent (\d+); (\d+) refused and waiting to be tried again", result.stdout)
    assert match, result.stdout
    return int(match.group(1)), int(match.group(2))


def mail_status(service):
    result = service.cli("mail", "status")
    assert result.returncode == 0, result.stdout + result.stderr
    notices = re.search(r"notices: (\d+) waiting, (\d+) given up", result.stdout)
    retrying = re.search(r"refused at least once and still retried: (\d+)", result.stdout)
    assert notices and retrying, result.stdout
    return {"waiting": int(notices.group(1)), "given_up": int(notices.group(2)), "retrying": int(retrying.group(1))}


# --- A plain HTTP client ---------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """Its own cookies, no redirects followed, and the CSRF token of the last page it read."""

    def __init__(self, service):
        self.service = service
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())
        self.token = None

    def open(self, path, data=None, headers=None):
        request = urllib.request.Request(self.service.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                status, body, answer_headers = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, body, answer_headers = error.code, error.read().decode(), error.headers
        match = re.search(r'name="_csrf" value="([^"]+)"', body)
        if match:
            self.token = match.group(1)
        return status, body, answer_headers

    def get(self, path):
        return self.open(path)

    def post(self, path, fields):
        # The token first: the intake reads it before the rest of its (streamed) body.
        pairs = [("_csrf", self.token)] + (list(fields.items()) if isinstance(fields, dict) else list(fields))
        return self.open(path, data=urllib.parse.urlencode(pairs).encode())


def staff_login(service, username, password, secret=None):
    """Password, then the authenticator: enrolled at the first login (its secret is returned), or a
    code of the next time step from the known secret."""
    client = Client(service)
    client.get("/inloggen")
    status, body, headers = client.post("/inloggen", {"username": username, "password": password})
    assert status == 303, (status, body[-2000:])
    step = headers["Location"]
    status, body, _ = client.get(step)
    assert status == 200, status
    if secret is None:
        assert step == "/inloggen/tweestaps/instellen", step
        secret = html.unescape(re.search(r'id="totp-secret">([^<]+)<', body).group(1)).replace(" ", "")
        status, body, _ = client.post(step, {"code": totp(secret)})
        assert status == 200 and 'id="recovery-codes"' in body, (status, body[-2000:])
    else:
        status, _, headers = client.post(step, {"code": totp(secret, step_offset=1)})
        assert status == 303, status
    status, _, _ = client.get("/werkruimte")
    assert status == 200, status
    return client, secret


def case_version(body):
    return re.search(r'name="version" value="(\d+)"', body).group(1)


def reply(advisor, case_path, text):
    status, body, _ = advisor.get(case_path)
    assert status == 200, status
    status, body, headers = advisor.post(case_path + "/bericht", {"version": case_version(body), "text": text})
    assert status == 303, (status, body[-2000:])
    status, body, _ = advisor.get(headers["Location"])
    assert status == 200 and html.escape(text, quote=False) in body, status


def form_fields(**overrides):
    fields = {"kind": "melding", "recipient": "vp:vp-extern", "mode": "vertrouwelijk",
              "whatHappened": "Een collega pakt steeds mijn spullen af en lacht erom in het overleg.",
              "when": "sinds oktober", "name": "Iris Tweede", "email": "iris.tweede@example.org"}
    fields.update(overrides)
    return fields


def hidden_fields(body, form_id):
    form = body.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    return [(html.unescape(name), html.unescape(value))
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)]


# --- The fixture -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stack():
    assert BINARY.exists(), f"build first: {BINARY} is missing"
    for missing, reason in ((not Path(MSMTP).exists(), f"msmtp is not installed ({MSMTP})"),
                            (not shutil.which("openssl"), "openssl is not installed"),
                            (importlib.util.find_spec("aiosmtpd") is None, "aiosmtpd is not installed")):
        if missing:
            # As test_two_instances.py: CI must run this test; elsewhere it is skipped with the reason.
            if os.environ.get("CI") == "true":
                pytest.fail(reason + " (scripts/setup-test-env.sh installs it; CI must run this test)")
            pytest.skip(reason + "; scripts/setup-test-env.sh installs it")
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-mail-"))
    relay = Relay(work)
    relay.start()
    sendmail = relay.write_msmtp()
    env = dict(os.environ, TEGENKRACHT_ROOT=str(ROOT), TEGENKRACHT_DATA_DIR=str(work / "data"),
               TEGENKRACHT_SENDMAIL=str(sendmail), TEGENKRACHT_MAIL_FROM=MAIL_FROM)
    for name in ("DATABASE_URL", "TEGENKRACHT_KEY_FILE", "TEGENKRACHT_ORGANISATION_FILE", "TEGENKRACHT_METRICS_TOKEN"):
        env.pop(name, None)
    (work / "data").mkdir(mode=0o700)
    service = Service(work, env)
    try:
        demo = service.cli("demo")
        assert demo.returncode == 0, demo.stderr
        for username, password, role, name, person in (
                (ADMIN_USER, ADMIN_PASSWORD, "beheerder", "Bea Beheer", None),
                (ADVISOR[0], ADVISOR[1], "functionaris", ADVISOR[3], ADVISOR[2])):
            created = service.cli("user", "create", "--username", username, "--name", name, "--role", role,
                                  *(["--person", person] if person else []), "--password-stdin", stdin=password + "\n")
            assert created.returncode == 0, created.stderr
        service.hold_notices_job()
        service.start()
        yield {"relay": relay, "service": service, "work": work}
    finally:
        service.stop()
        relay.stop()
        for path in sorted(work.glob("server-*.log")):
            print(f"--- {path.name} (last lines)\n" + "\n".join(path.read_text(errors="replace").splitlines()[-30:]))
        shutil.rmtree(work, ignore_errors=True)


# --- The tests -------------------------------------------------------------------------------------

def test_notice_through_starttls_carries_nothing_of_the_report(stack, browser):
    relay, service = stack["relay"], stack["service"]
    base = service.base

    # The reporter reports to the external advisor, confidentially, with a name and an address.
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, "kind-melding").click()
    browser.find_element(By.ID, "recipient-vp:vp-extern").click()
    browser.find_element(By.ID, "whatHappened").send_keys(SECRET)
    browser.find_element(By.ID, "when").send_keys("sinds september")
    browser.find_element(By.ID, "mode-vertrouwelijk").click()
    browser.find_element(By.ID, "name").send_keys(REPORTER_NAME)
    browser.find_element(By.ID, "email").send_keys(REPORTER_EMAIL)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    assert ADVISOR[3] in browser.find_element(By.ID, "check-readers").text
    click_and_wait(browser, (By.ID, "check-send"))
    errors = browser.find_elements(By.ID, "intake-errors")
    assert not errors, errors[0].text
    code = browser.find_element(By.ID, "receipt-code").text.strip()
    assert len(code) >= 16, code
    stack["code"] = code
    assert mail_status(service)["waiting"] == 0  # a report alone sends nothing

    # The advisor logs in with two factors, opens the report and writes to the reporter.
    advisor, _ = staff_login(service, ADVISOR[0], ADVISOR[1])
    _, inbox, _ = advisor.get("/werkruimte")
    paths = sorted(set(re.findall(r'href="(/werkruimte/meldingen/[0-9A-Fa-f-]{36})"', inbox)))
    assert len(paths) == 1, paths
    case_path = paths[0]
    _, page, _ = advisor.get(case_path)
    assert html.escape(SECRET, quote=False) in page and REPORTER_NAME in page
    reply(advisor, case_path, FIRST_REPLY)
    stack.update(advisor=advisor, case_path=case_path)
    assert mail_status(service) == {"waiting": 1, "given_up": 0, "retrying": 0}
    assert relay.received() == []  # queued, not sent: the server's job is held, the command not run yet

    # The operator's command hands it to msmtp, which hands it to the SMTP server.
    assert mail_send(service) == (1, 0)
    messages = relay.received()
    assert len(messages) == 1, messages
    message = messages[0]
    assert message["rcpt_tos"] == [REPORTER_EMAIL]
    assert message["mail_from"] == MAIL_FROM_ADDRESS
    assert message["tls"], "the message did not come over STARTTLS"
    assert message["authenticated"] and message["login"] == SMTP_LOGIN[0]
    raw = message["raw"].decode("utf-8")
    headers = raw.split("\r\n\r\n", 1)[0]
    assert f"\r\nTo: {REPORTER_EMAIL}\r\n" in "\r\n" + headers + "\r\n", headers
    assert f"\r\nFrom: {MAIL_FROM}\r\n" in "\r\n" + headers + "\r\n", headers
    assert f"\r\nSubject: {NOTICE_TEXT}\r\n" in "\r\n" + headers + "\r\n", headers
    assert NOTICE_TEXT in raw.split("\r\n\r\n", 1)[1]
    flat = re.sub(r"\s+", " ", raw).lower()
    bare_code = re.sub(r"[^0-9A-Za-z]", "", code).lower()
    for secret in (SECRET, "paarse olifant", "kelder B7", REPORTER_NAME, "Zonnebloem", code, FIRST_REPLY,
                   "donderdag om tien uur", ADVISOR[3], "Kerkhoven"):
        assert secret.lower() not in flat, f"the notice carries {secret!r}:\n{raw}"
    assert bare_code not in re.sub(r"[^0-9a-z]", "", flat), raw
    assert not re.search(r"^bcc:", raw, re.IGNORECASE | re.MULTILINE)
    assert mail_status(service) == {"waiting": 0, "given_up": 0, "retrying": 0}
    assert mail_send(service) == (0, 0) and len(relay.received()) == 1


def test_an_address_with_a_line_break_is_refused_and_queues_nothing(stack):
    relay, service = stack["relay"], stack["service"]
    before = mail_status(service)
    story = "Mijn leidinggevende stuurt mij steeds berichten om middernacht over de begroting."
    injected = "iris@example.org\r\nBcc: x@evil.example"
    reporter = Client(service)
    reporter.get("/melden?lang=nl")
    # The form's first step (check your answers), and the last step posted directly, as a script would.
    for path in ("/melden/controleren", "/melden"):
        status, body, _ = reporter.post(path, form_fields(whatHappened=story, email=injected))
        assert status == 422, (path, status)
        assert EMAIL_ERROR in html.unescape(body), path
        assert story in html.unescape(body), f"{path}: the story was not kept"
        assert 'id="receipt-code"' not in body
    # A leading or trailing line break is not trimmed into a good address either.
    status, body, _ = reporter.post("/melden/controleren", form_fields(whatHappened=story, email="\r\nBcc: x@evil.example"))
    assert status == 422 and EMAIL_ERROR in html.unescape(body), status
    assert mail_status(service) == before == {"waiting": 0, "given_up": 0, "retrying": 0}
    assert mail_send(service) == (0, 0)
    assert len(relay.received()) == 1
    with service.database() as db:
        assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    db.close()


def test_relay_down_retried_after_its_wait_and_delivered_once(stack):
    relay, service, advisor, case_path = stack["relay"], stack["service"], stack["advisor"], stack["case_path"]
    relay.stop()
    reply(advisor, case_path, SECOND_REPLY)
    assert mail_status(service) == {"waiting": 1, "given_up": 0, "retrying": 0}

    # msmtp cannot connect: the message is refused, counted, and waits 10 s.
    assert mail_send(service) == (0, 1)
    refused_at = time.time()
    assert mail_status(service) == {"waiting": 1, "given_up": 0, "retrying": 1}

    # The administrator sees it on /beheer/bezorging: counts only.
    admin, _ = staff_login(service, ADMIN_USER, ADMIN_PASSWORD)
    status, page, _ = admin.get("/beheer/bezorging")
    assert status == 200, status
    assert re.search(r'id="mail-waiting-notices">1<', page), page
    assert re.search(r'id="mail-given-up-notices">0<', page), page
    assert "Door de mailserver geweigerd en nog niet opgegeven: 1." in html.unescape(page)
    assert "Er is geen mailprogramma ingesteld" not in page
    for identifying in (REPORTER_EMAIL, REPORTER_NAME, case_path.rsplit("/", 1)[1]):
        assert identifying not in page

    # The relay is back at once, but the message's wait is not over: nothing is sent yet.
    relay.start()
    assert mail_send(service) == (0, 1)
    assert len(relay.received()) == 1
    # After the wait (10 s after the first refusal) it goes, once.
    time.sleep(max(0.0, refused_at + 11 - time.time()))
    assert mail_send(service) == (1, 0)
    messages = relay.received()
    assert len(messages) == 2, messages
    assert messages[1]["rcpt_tos"] == [REPORTER_EMAIL] and messages[1]["tls"] and messages[1]["authenticated"]
    raw = messages[1]["raw"].decode("utf-8")
    assert NOTICE_TEXT in raw and "kelder B7" not in raw and "leidinggevende" not in raw
    assert mail_send(service) == (0, 0)
    assert len(relay.received()) == 2
    assert mail_status(service) == {"waiting": 0, "given_up": 0, "retrying": 0}
    status, page, _ = admin.get("/beheer/bezorging")
    assert re.search(r'id="mail-waiting-notices">0<', page)
    assert "Door de mailserver geweigerd en nog niet opgegeven: 0." in html.unescape(page)


def test_two_senders_at_once_send_a_notice_once(stack):
    """`mail send` while another sender is busy with the same notice (the server's `notices` job, a
    second command, or another instance's job run that outlasted its five-minute slot behind a slow
    relay): each used to select the notice as due and hand it to msmtp, so the reporter got it twice.
    Now each sender leases a message first. Here a relay that takes 3 s to accept a message, and a
    second command started 1 s after the first."""
    relay, service, advisor, case_path = stack["relay"], stack["service"], stack["advisor"], stack["case_path"]
    reply(advisor, case_path, "Ik bel je morgen terug over het rooster.")
    assert mail_status(service) == {"waiting": 1, "given_up": 0, "retrying": 0}
    before = len(relay.received())
    relay.delay = 3.0
    try:
        first = subprocess.Popen([str(BINARY), "mail", "send"], cwd=ROOT, env=service.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        time.sleep(1.0)
        second = service.cli("mail", "send")
        first_out, _ = first.communicate(timeout=60)
    finally:
        relay.delay = 0.0
    assert first.returncode == 0 and second.returncode == 0, (first_out, second.stdout, second.stderr)
    assert mail_status(service) == {"waiting": 0, "given_up": 0, "retrying": 0}
    copies = relay.received()[before:]
    assert len(copies) == 1, f"the notice went {len(copies)} times ({first_out.strip()!r}, {second.stdout.strip()!r})"


def test_no_metrics_without_a_token(stack):
    status, _, _ = Client(stack["service"]).get("/metrics")
    assert status == 404, status


def test_metrics_behind_a_bearer_token_hold_no_identities(stack):
    relay, service, advisor, case_path = stack["relay"], stack["service"], stack["advisor"], stack["case_path"]
    # A notice waits when the server starts again, now with a token and with the notices job free.
    reply(advisor, case_path, THIRD_REPLY)
    assert mail_status(service)["waiting"] == 1
    before = len(relay.received())
    service.stop()
    service.release_notices_job()
    service.start(extra={"TEGENKRACHT_METRICS_TOKEN": METRICS_TOKEN})
    # Its first round of jobs sends it (the server's own job, through the same msmtp).
    deadline = time.time() + 30
    while len(relay.received()) == before and time.time() < deadline:
        time.sleep(0.2)
    messages = relay.received()[before:]
    assert len(messages) == 1, "the server's notices job did not send the waiting notice"
    assert messages[0]["rcpt_tos"] == [REPORTER_EMAIL] and messages[0]["tls"] and messages[0]["authenticated"]
    assert "maandag" not in messages[0]["raw"].decode("utf-8")
    assert mail_status(service)["waiting"] == 0

    # The advisor's session (in the database) outlived the restart; the case page is requested.
    status, page, _ = advisor.get(case_path)
    assert status == 200 and html.escape(THIRD_REPLY, quote=False) in page, status

    scraper = Client(service)
    for headers in ({}, {"Authorization": "Bearer " + secrets.token_hex(32)}, {"Authorization": METRICS_TOKEN},
                    {"Authorization": "Basic " + METRICS_TOKEN}):
        status, body, answer = scraper.open("/metrics", headers=headers)
        assert status == 401, (headers, status)
        assert answer.get("WWW-Authenticate", "").startswith("Bearer"), answer
        assert "http_requests_total" not in body
    status, body, answer = scraper.open("/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN})
    assert status == 200, status
    assert answer.get("Content-Type", "").startswith("text/plain"), answer.get("Content-Type")
    assert re.search(r'^http_requests_total\{[^}]*path="/werkruimte/meldingen/:id"[^}]*\} [1-9]', body, re.MULTILINE), body
    assert re.search(r'^tegenkracht_mail_total\{[^}]*kind="reporter-notice"[^}]*outcome="sent"[^}]*\} 1(\.0)?$',
                     body.replace('outcome="sent",kind="reporter-notice"', 'kind="reporter-notice",outcome="sent"'),
                     re.MULTILINE), body
    assert re.search(r'^tegenkracht_mail_waiting\{kind="reporter-notice"\} 0', body, re.MULTILINE), body
    assert UUID_PATTERN.search(body) is None, UUID_PATTERN.search(body).group(0)
    assert EMAIL_PATTERN.search(body) is None, EMAIL_PATTERN.search(body).group(0)
    lowered = body.lower()
    for identifying in (REPORTER_NAME, "Zonnebloem", ADVISOR[3], "Kerkhoven", "Bea Beheer", ADVISOR[0], ADMIN_USER,
                        "kelder", stack["code"], case_path.rsplit("/", 1)[1]):
        assert identifying.lower() not in lowered, identifying


def test_a_short_metrics_token_stops_serve(stack):
    work = stack["work"]
    data = work / "short-token"
    data.mkdir(mode=0o700)
    env = dict(stack["service"].env, TEGENKRACHT_DATA_DIR=str(data), TEGENKRACHT_METRICS_TOKEN="short")
    result = subprocess.run([str(BINARY), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(_free_port())],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "TEGENKRACHT_METRICS_TOKEN" in result.stderr, result.stderr


# --- Bugs found here and fixed ------------------------------------------------------------------------

def http_report(service, **overrides):
    """A report through both steps of the form over plain HTTP; returns the receipt code."""
    reporter = Client(service)
    reporter.get("/melden?lang=nl")
    status, body, _ = reporter.post("/melden/controleren", form_fields(**overrides))
    assert status == 200, (status, re.findall(r'<li><a href="#[^"]*">([^<]+)</a>', body))
    status, body, _ = reporter.post("/melden", hidden_fields(body, "check-send-form"))
    assert status == 200, status
    return html.unescape(re.search(r'id="receipt-code">([^<]+)<', body).group(1)).strip()


def test_portal_disclosure_refuses_an_address_with_a_line_break(stack):
    """An anonymous reporter who gives their name in the portal could give any address: a line break
    (or no @ at all) was stored and turned on notices, which the mail program's last door then refused
    each time, counted as refused by the mail server. Now the portal checks it as the form does."""
    service = stack["service"]
    code = http_report(service, mode="anoniem", name="", email="",
                       whatHappened="Er worden grappen gemaakt over mijn geloof tijdens de lunch.")
    reporter = Client(service)
    reporter.get("/portaal")
    status, _, headers = reporter.post("/portaal", {"code": code})
    assert status == 303, status
    reporter.get("/portaal/melding")
    status, body, _ = reporter.post("/portaal/naam", {"name": "Noor Anoniem", "email": "noor@example.org\r\nBcc: x@evil.example",
                                                      "confirm": "ja"})
    assert status == 422 and EMAIL_ERROR in html.unescape(body), f"the address was accepted ({status})"
    status, body, _ = reporter.get("/portaal/melding")
    assert "Noor Anoniem" not in body


def test_intake_refuses_an_address_with_a_leading_dash(stack):
    reporter = Client(stack["service"])
    reporter.get("/melden?lang=nl")
    status, body, _ = reporter.post("/melden/controleren", form_fields(email="-oQ@example.org"))
    assert status == 422 and EMAIL_ERROR in html.unescape(body), f"the address was accepted ({status})"
