"""Issue 17, several instances on one PostgreSQL: two `tegenkracht serve` processes behind nginx in
round-robin, each with its own data directory but one key file and one database.

A reporter reports and logs into the portal, an advisor logs in with two factors and handles the
case, with the requests steered so that forms are shown by one instance and posted to the other, and
sessions made on one are used on the other. Wrong passwords sent to both instances lock the account
once (the lock is in the database), and a TOTP code used on one instance is refused on the other. In
the middle one instance is killed (SIGKILL): nginx sends the next request on to the other
(`proxy_next_upstream`), and everything carries on there, the sessions the dead instance made among
it. Last, the periodic jobs: each (job, slot) runs once however many processes try, the survivor
goes on claiming new slots, and `tegenkracht jobs run` does not run a slot a server already claimed.
Before all that, a new organisation version loaded by a third process reaches the pages both
instances keep in memory within seconds.

Which instance answered is told by nginx (`X-Upstream` on every answer, `$upstream_addr` in the access
log of its own configuration here); the service itself does not say. nginx runs with one worker, so
its round-robin alternates strictly: after a probe answered by one instance the next request goes to
the other, which is how the test steers the browser."""
import http.cookiejar
import json
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import BINARY, ROOT, _free_port
from helpers import click_and_wait, totp

NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
IN_CI = os.environ.get("CI") == "true"
ADVISOR = ("vp.kerkhoven", "wachtwoord van de vertrouwenspersoon", "vp-extern", "Marloes Kerkhoven")
TARGET = ("vp.doelwit", "wachtwoord van het doelwit", "vp-ambtelijk-1", "Karin Oudemolen")
PROBE_AGENT = "twoinst-probe"
# The jobs and their intervals in seconds, as in Sources/TegenkrachtApp/Jobs/JobRunner.swift.
JOB_INTERVALS = {"staff-sessions-cleanup": 3600, "deadline-reminders": 3600, "own-reports-reseal": 86_400,
                 "outbox": 60, "monitor-tallies": 3600, "notices": 300, "receipt-seal-cleanup": 300}


def _unavailable(reason):
    if IN_CI:
        pytest.fail(reason + " (CI must run this test)")
    pytest.skip(reason)


def _postgres_url():
    """The throw-away server's URL: TEST_DATABASE_URL, or scripts/start-postgres.sh (idempotent)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    if not shutil.which("psql") or not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        _unavailable("PostgreSQL is not installed (no psql or pg_ctl); scripts/setup-test-env.sh installs it")
    started = subprocess.run(["bash", str(ROOT / "scripts" / "start-postgres.sh")], capture_output=True, text=True,
                             timeout=120)
    if started.returncode != 0 or not started.stdout.strip():
        _unavailable("scripts/start-postgres.sh could not start PostgreSQL: " + started.stderr.strip())
    return started.stdout.strip().splitlines()[-1]


def psql(url, sql):
    result = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-tAqc", sql], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return [line.split("|") for line in result.stdout.splitlines() if line]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A plain HTTP client through nginx: its own cookies, the CSRF token of the last page, and the
    instance that answered (`X-Upstream`)."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())
        self.token = None
        self.upstream = None

    def _open(self, request):
        request.add_header("User-Agent", "twoinst-client")
        try:
            with self.opener.open(request, timeout=60) as response:
                status, body, headers = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read().decode(), error.headers
        self.upstream = self.cluster.name_of(headers.get("X-Upstream", ""))
        match = re.search(r'name="_csrf" value="([^"]+)"', body)
        if match:
            self.token = match.group(1)
        return status, body, headers

    def get(self, path):
        return self._open(urllib.request.Request(self.cluster.base + path))

    def post(self, path, fields):
        data = urllib.parse.urlencode({**fields, "_csrf": self.token}).encode()
        return self._open(urllib.request.Request(self.cluster.base + path, data=data))


class Cluster:
    """Two instances (`a`, `b`) on one database behind one nginx."""

    def __init__(self, work, db_url, env):
        self.work = work
        self.db_url = db_url
        self.env = env
        self.ports = {"a": _free_port(), "b": _free_port()}
        self.processes = {}
        self.logs = {}
        self.nginx = None
        self.port = None
        self.base = None
        self.access_log = work / "nginx" / "access.log"
        self.killed = {}

    def cli(self, *args, stdin=None):
        return subprocess.run([str(BINARY), *args], cwd=ROOT, env=self.env, input=stdin, capture_output=True,
                              text=True, timeout=120)

    def instance_env(self, name):
        data = self.work / f"data-{name}"
        data.mkdir(mode=0o700, exist_ok=True)
        # At debug level Fluent logs every query with its binds: each instance's log shows its own
        # claims in job_runs (its instance id, the job and the slot), won or lost.
        return dict(self.env, TEGENKRACHT_DATA_DIR=str(data), LOG_LEVEL="debug")

    def start_instances(self):
        for name, port in self.ports.items():
            self.logs[name] = open(self.work / f"instance-{name}.log", "w")
            self.processes[name] = subprocess.Popen(
                [str(BINARY), "serve", "--dev-http", "--hostname", "127.0.0.1", "--port", str(port)],
                cwd=ROOT, env=self.instance_env(name), stdout=self.logs[name], stderr=subprocess.STDOUT)
        for name, port in self.ports.items():
            self._wait_ready(f"http://127.0.0.1:{port}/readyz", self.processes[name], self.work / f"instance-{name}.log")

    def start_nginx(self):
        directory = self.work / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (directory / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        # The worker may run as another user (nginx started as root): it must reach its temporary files.
        for path in [self.work, directory, directory / "tmp", *(directory / "tmp").iterdir()]:
            path.chmod(0o777 if path.parent.name == "tmp" or path.name == "tmp" else 0o755)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        upstreams = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=60s;"
                              for port in self.ports.values())
        (directory / "nginx.conf").write_text(f"""
worker_processes 1;
error_log {directory}/error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format upstreams '$msec|$request_method|$request_uri|$status|$upstream_addr|$upstream_status|$http_user_agent';
    access_log {self.access_log} upstreams;
    client_body_temp_path {directory}/tmp/body;
    proxy_temp_path {directory}/tmp/proxy;
    fastcgi_temp_path {directory}/tmp/fastcgi;
    uwsgi_temp_path {directory}/tmp/uwsgi;
    scgi_temp_path {directory}/tmp/scgi;
    client_max_body_size 50m;
    upstream tegenkracht {{
{upstreams}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            proxy_pass http://tegenkracht;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For "";
            proxy_request_buffering off;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
""")
        self.nginx_log = open(directory / "stderr.log", "w")
        self.nginx = subprocess.Popen([NGINX, "-p", str(directory), "-c", str(directory / "nginx.conf"),
                                       "-e", str(directory / "error.log"),
                                       "-g", f"daemon off; pid {directory}/nginx.pid;"],
                                      stdout=self.nginx_log, stderr=subprocess.STDOUT)
        self._wait_ready(self.base + "/readyz", self.nginx, directory / "stderr.log")

    @staticmethod
    def _wait_ready(url, process, log):
        deadline = time.time() + 90
        while True:
            try:
                request = urllib.request.Request(url, headers={"User-Agent": PROBE_AGENT})
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"{url} did not become ready:\n" + Path(log).read_text()[-4000:])
            time.sleep(0.3)

    def name_of(self, upstream_addr):
        """`a`, `b`, or for a request nginx passed on, both in order (`a,b`)."""
        names = {f"127.0.0.1:{port}": name for name, port in self.ports.items()}
        return ",".join(names.get(part.strip(), part.strip()) for part in upstream_addr.split(",") if part.strip())

    def probe(self):
        request = urllib.request.Request(self.base + "/healthz", headers={"User-Agent": PROBE_AGENT})
        with urllib.request.urlopen(request, timeout=10) as response:
            return self.name_of(response.headers.get("X-Upstream", ""))

    def log_entries(self):
        entries = []
        if self.access_log.exists():
            for line in self.access_log.read_text().splitlines():
                msec, method, uri, status, upstream, upstream_status, agent = line.split("|", 6)
                entries.append({"method": method, "uri": uri, "status": int(status), "upstream": self.name_of(upstream),
                                 "upstream_status": upstream_status, "agent": agent, "time": float(msec)})
        return entries

    def quiet(self, settle=0.4, limit=5.0):
        """Waits until nothing has reached nginx for `settle` seconds (a browser's late favicon)."""
        deadline = time.time() + limit
        last = len(self.log_entries())
        stable_since = time.time()
        while time.time() < deadline:
            time.sleep(0.1)
            now = len(self.log_entries())
            if now != last:
                last, stable_since = now, time.time()
            elif time.time() - stable_since >= settle:
                return

    def steer(self, target):
        """Makes the next request go to `target`: probes until one is answered by the other instance
        (strict round-robin with one nginx worker)."""
        other = "b" if target == "a" else "a"
        self.quiet()
        for _ in range(4):
            if self.probe() == other:
                return
        raise AssertionError(f"could not steer towards {target}")

    def mark(self):
        return len(self.log_entries())

    def served(self, since, method, uri_prefix):
        """Browser and client requests (not probes) since a mark, for one method and path prefix."""
        return [e for e in self.log_entries()[since:] if e["agent"] != PROBE_AGENT and e["method"] == method
                and e["uri"].startswith(uri_prefix)]

    def kill(self, name):
        process = self.processes[name]
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            self.killed[name] = time.time()

    def job_runs(self):
        rows = psql(self.db_url, "SELECT job, slot, instance, extract(epoch FROM started_at), "
                                 "coalesce(outcome, '') FROM job_runs ORDER BY started_at")
        return [{"job": r[0], "slot": int(r[1]), "instance": r[2], "started": float(r[3]), "outcome": r[4]}
                for r in rows]

    def claim_attempts(self, name):
        """The (job, slot, instance id) of every claim this instance tried, from its debug log."""
        attempts = []
        for line in (self.work / f"instance-{name}.log").read_text(errors="replace").splitlines():
            if 'INSERT INTO "job_runs"' in line and "binds=[" in line:
                binds = re.findall(r'"([^"]*)"', line.split("binds=[", 1)[1].split("]", 1)[0])
                attempts.append((binds[1], int(binds[2]), binds[3]))
        return attempts

    def stop(self):
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for name, process in self.processes.items():
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        for log in self.logs.values():
            log.close()
        if self.nginx is not None:
            self.nginx_log.close()


@pytest.fixture(scope="module")
def cluster():
    assert BINARY.exists(), f"build first: {BINARY} is missing"
    if not Path(NGINX).exists():
        _unavailable(f"nginx is not installed ({NGINX}); scripts/setup-test-env.sh installs Debian's")
    admin = _postgres_url().split("?")[0]
    db = "twoinst_" + uuid.uuid4().hex[:12]
    psql(admin, f"CREATE DATABASE {db}")
    db_url = admin.rsplit("/", 1)[0] + "/" + db + "?sslmode=disable"
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-twoinst-"))
    env = dict(os.environ, TEGENKRACHT_ROOT=str(ROOT), DATABASE_URL=db_url,
               TEGENKRACHT_DATA_DIR=str(work / "setup"))
    for name in ("TEGENKRACHT_KEY_FILE", "TEGENKRACHT_ORGANISATION_FILE", "TEGENKRACHT_SENDMAIL"):
        env.pop(name, None)
    cluster = Cluster(work, db_url, env)
    try:
        # Once, before any instance: the schema, and the key file both instances will share (made
        # here because TEGENKRACHT_KEY_FILE is not set yet; an explicit key file must exist).
        migrated = cluster.cli("migrate")
        assert migrated.returncode == 0, migrated.stderr
        key_file = work / "setup" / "keys" / "master-keys.json"
        assert key_file.exists(), migrated.stderr
        env["TEGENKRACHT_KEY_FILE"] = str(key_file)
        demo = cluster.cli("demo")
        assert demo.returncode == 0, demo.stderr
        for username, password, person, name in (ADVISOR, TARGET):
            created = cluster.cli("user", "create", "--username", username, "--name", name, "--role", "functionaris",
                                  "--person", person, "--password-stdin", stdin=password + "\n")
            assert created.returncode == 0, created.stderr
        cluster.start_instances()
        cluster.ready = time.time()
        cluster.start_nginx()
        # Both instances ran their first round of jobs at boot, for the same slots.
        deadline = time.time() + 60
        while not set(JOB_INTERVALS) <= {r["job"] for r in cluster.job_runs() if r["outcome"]} and time.time() < deadline:
            time.sleep(0.5)
        cluster.boot_runs = cluster.job_runs()
        yield cluster
    finally:
        cluster.stop()
        for name in ("a", "b"):
            log = work / f"instance-{name}.log"
            if log.exists():
                lines = [line for line in log.read_text(errors="replace").splitlines() if " debug " not in line]
                print(f"--- instance {name} (last lines above debug)\n" + "\n".join(lines[-30:]))
        psql(admin, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


def _upstreams(entries):
    return [e["upstream"] for e in entries]


def _staff_login_via(cluster, client, account, code, code_to):
    """Password step anywhere, then the code step steered to one instance; returns the code step's answer."""
    client.get("/inloggen")
    status, _, headers = client.post("/inloggen", {"username": account[0], "password": account[1]})
    assert status == 303 and headers["Location"] == "/inloggen/tweestaps", status
    client.get("/inloggen/tweestaps")
    cluster.steer(code_to)
    answer = client.post("/inloggen/tweestaps", {"code": code})
    assert client.upstream == code_to
    return answer


def test_an_organisation_change_reaches_both_instances(cluster):
    """Each instance keeps the organisation and the public pages made from it in memory; a new
    version saved by a third process (`organisation load`) is on both within seconds (5 s freshness)."""
    def register(instance):
        client = Client(cluster)
        cluster.steer(instance)
        status, body, _ = client.get("/fracties?lang=nl")
        assert status == 200 and client.upstream == instance, (status, client.upstream)
        return body

    for instance in ("a", "b"):
        page = register(instance)
        assert "Noordstar" in page and "Poolster" not in page
    organisation = json.loads((ROOT / "Resources" / "Organisation" / "demo.json").read_text())
    renamed = [f for f in organisation["fracties"] if f["id"] == "noordstar"]
    assert renamed
    for fractie in renamed:
        fractie["name"] = "Poolster"
    changed = cluster.work / "organisation.json"
    changed.write_text(json.dumps(organisation))
    loaded = cluster.cli("organisation", "load", str(changed))
    assert loaded.returncode == 0, loaded.stderr
    loaded_at = time.time()
    for instance in ("a", "b"):
        while "Poolster" not in register(instance):
            assert time.time() - loaded_at < 10, f"instance {instance} still shows the old organisation"
            time.sleep(0.5)


def test_report_portal_and_case_across_two_instances_one_killed(cluster, browser):
    base = cluster.base

    # Round-robin: plain requests alternate between the two instances.
    answered = [cluster.probe() for _ in range(6)]
    assert answered in (["a", "b"] * 3, ["b", "a"] * 3), answered

    # 1. A reporter reports: the form from one instance, the check from the other, the send from the first.
    mark = cluster.mark()
    cluster.steer("a")
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, "kind-melding").click()
    browser.find_element(By.ID, "recipient-vp:vp-extern").click()
    browser.find_element(By.ID, "mode-anoniem").click()
    browser.find_element(By.ID, "whatHappened").send_keys("Mijn leidinggevende schreeuwt tegen mij waar anderen bij zijn.")
    cluster.steer("b")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    assert "Marloes Kerkhoven" in browser.find_element(By.ID, "check-readers").text
    cluster.steer("a")
    click_and_wait(browser, (By.ID, "check-send"))
    errors = browser.find_elements(By.ID, "intake-errors")
    assert not errors, errors[0].text
    code = browser.find_element(By.ID, "receipt-code").text
    assert len(code) == 24
    assert _upstreams(cluster.served(mark, "GET", "/melden")) == ["a"]
    assert _upstreams(cluster.served(mark, "POST", "/melden/controleren")) == ["b"]
    assert [(e["upstream"], e["status"]) for e in cluster.served(mark, "POST", "/melden") if e["uri"] == "/melden"] == [("a", 200)]

    # 2. The reporter logs into the portal on one instance; the session opens the report on both.
    mark = cluster.mark()
    browser.delete_all_cookies()
    cluster.steer("b")
    browser.get(base + "/portaal")
    browser.find_element(By.ID, "code").send_keys(code)
    cluster.steer("a")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    for instance in ("b", "a"):
        cluster.steer(instance)
        browser.get(base + "/portaal/melding")
        assert "schreeuwt tegen mij" in browser.find_element(By.ID, "portal-report-text").get_attribute("textContent")
    portal_cookies = browser.get_cookies()
    assert [(e["upstream"], e["status"]) for e in cluster.served(mark, "POST", "/portaal")] == [("a", 303)]
    pages = [(e["upstream"], e["status"]) for e in cluster.served(mark, "GET", "/portaal/melding")]
    assert {"a", "b"} <= {u for u, s in pages if s == 200}, pages

    # 3. The advisor logs in with two factors: the password on a; b makes the authenticator's
    #    secret (sealed, in the database) and shows it; a checks the first code against it.
    mark = cluster.mark()
    browser.delete_all_cookies()
    browser.get(base + "/inloggen")
    browser.find_element(By.ID, "username").send_keys(ADVISOR[0])
    browser.find_element(By.ID, "password").send_keys(ADVISOR[1])
    cluster.steer("a")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    secret = browser.find_element(By.ID, "totp-secret").text
    browser.find_element(By.ID, "code").send_keys(totp(secret))
    cluster.steer("a")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert browser.find_elements(By.ID, "recovery-codes"), browser.find_element(By.TAG_NAME, "main").text
    login = [(e["method"], e["uri"], e["upstream"], e["status"]) for e in cluster.log_entries()[mark:]
             if (e["uri"].startswith("/inloggen") and e["method"] == "POST") or e["uri"] == "/inloggen/tweestaps/instellen"]
    assert login == [("POST", "/inloggen", "a", 303), ("GET", "/inloggen/tweestaps/instellen", "b", 200),
                     ("POST", "/inloggen/tweestaps/instellen", "a", 200)], login
    click_and_wait(browser, (By.CSS_SELECTOR, "#main a.button"))
    for instance in ("a", "b"):
        cluster.steer(instance)
        browser.get(base + "/werkruimte")
        assert browser.find_elements(By.CSS_SELECTOR, "#inbox a"), browser.find_element(By.TAG_NAME, "main").text
    cluster.steer("a")
    click_and_wait(browser, (By.CSS_SELECTOR, "#inbox a"))
    case_url = browser.current_url
    assert "schreeuwt tegen mij" in browser.find_element(By.ID, "report-text").text
    staff_pages = [(e["upstream"], e["status"]) for e in cluster.served(mark, "GET", "/werkruimte")]
    assert {"a", "b"} <= {u for u, s in staff_pages if s == 200}, staff_pages

    # Two actions, each on the instance that did not show its form.
    mark = cluster.mark()
    cluster.steer("b")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Ontvangst bevestigen')]"))
    browser.find_element(By.ID, "reply-text").send_keys("Dank voor je melding. Zullen we donderdag praten?")
    cluster.steer("a")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Versturen')]"))
    assert "Dank voor je melding. Zullen we donderdag praten?" in browser.find_element(By.TAG_NAME, "main").text
    actions = [(e["uri"].rsplit("/", 1)[-1], e["upstream"], e["status"])
               for e in cluster.served(mark, "POST", "/werkruimte/meldingen/")]
    assert actions == [("bevestigen", "b", 303), ("bericht", "a", 303)], actions
    staff_cookies = browser.get_cookies()

    # 4. Single-use codes and locks are in the database: a TOTP code accepted by one instance is
    #    refused by the other, and wrong passwords sent to both lock the account once.
    reused = totp(secret, step_offset=1)
    status, _, headers = _staff_login_via(cluster, Client(cluster), ADVISOR, reused, "a")
    assert status == 303 and headers["Location"] == "/werkruimte", status
    status, body, _ = _staff_login_via(cluster, Client(cluster), ADVISOR, reused, "b")
    assert status == 401 and "al gebruikt" in body, status

    attacker = Client(cluster)
    attacker.get("/inloggen")
    seen = []
    for attempt in range(5):
        status, body, _ = attacker.post("/inloggen", {"username": TARGET[0], "password": f"fout wachtwoord {attempt}"})
        seen.append(attacker.upstream)
        assert status == 401, status
    assert set(seen) == {"a", "b"}, seen
    assert "Probeer het over 1 minuut opnieuw" in body, "five wrong passwords over two instances did not lock"
    for instance in ("a", "b"):
        status, body, _ = _password_only(cluster, TARGET, instance)
        assert status == 401 and "Probeer het over" in body, (instance, status)

    # 5. a shows the case page; a dies (SIGKILL) before the next action, which would go to it;
    #    nginx passes the post on to b, which takes a's form: the session and the CSRF token.
    mark = cluster.mark()
    cluster.steer("a")
    browser.get(case_url)
    browser.find_element(By.ID, "record-text").send_keys("Gesprek donderdag: de melder wil eerst advies.")
    assert [e["upstream"] for e in cluster.served(mark, "GET", case_url[len(base):])] == ["a"]
    mark = cluster.mark()
    cluster.steer("a")
    cluster.kill("a")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Verslag vastleggen')]"))
    assert "Gesprek donderdag: de melder wil eerst advies." in browser.find_element(By.TAG_NAME, "main").text
    record = [(e["upstream"], e["status"]) for e in cluster.served(mark, "POST", "/werkruimte/meldingen/")]
    assert record == [("a,b", 303)], record

    # Everything goes on through b: the portal session a made opens the report there.
    browser.delete_all_cookies()
    browser.get(base + "/")
    for cookie in portal_cookies:
        browser.add_cookie(cookie)
    browser.get(base + "/portaal/melding")
    assert browser.find_element(By.ID, "portal-status").text == "In behandeling."
    assert "Zullen we donderdag praten?" in browser.find_element(By.ID, "portal-messages").text
    click_and_wait(browser, (By.XPATH, "//button[@value='goedkeuren']"))
    assert "goedgekeurd" in browser.page_source

    # The advisor's session, and the lock, hold on b alone.
    browser.delete_all_cookies()
    browser.get(base + "/")
    for cookie in staff_cookies:
        browser.add_cookie(cookie)
    browser.get(case_url)
    assert "goedgekeurd" in browser.page_source
    status, body, _ = _password_only(cluster, TARGET, None)
    assert status == 401 and "Probeer het over" in body, status
    after = [e for e in cluster.log_entries()[mark:] if e["agent"] != PROBE_AGENT]
    assert after and all(e["upstream"] in ("b", "a,b") for e in after), after
    assert all(e["status"] < 500 for e in after), [e for e in after if e["status"] >= 500]


def _password_only(cluster, account, instance):
    """A password login (fresh client), its POST steered to `instance` (None: wherever)."""
    client = Client(cluster)
    client.get("/inloggen")
    if instance:
        cluster.steer(instance)
    answer = client.post("/inloggen", {"username": account[0], "password": account[1]})
    if instance:
        assert client.upstream == instance
    return answer


def test_periodic_jobs_run_once_per_slot_across_instances(cluster):
    # At boot both instances ran every job (a job added since: JOB_INTERVALS above).
    boot = cluster.boot_runs
    assert set(JOB_INTERVALS) <= {r["job"] for r in boot if r["outcome"]}, boot

    # Instance a dies (if the browser test has not killed it already); b goes on: it claims the
    # next outbox slot (every 60 s) within about a minute.
    cluster.kill("a")
    killed_at = cluster.killed["a"]
    deadline = time.time() + 150
    while True:
        later = [r for r in cluster.job_runs() if r["job"] == "outbox" and r["started"] > killed_at + 1 and r["outcome"]]
        if later or time.time() > deadline:
            break
        time.sleep(1)
    assert later, "no outbox run after the kill: " + repr(cluster.job_runs())

    # `jobs run` (a third process) does not run a slot a server has claimed.
    claimed = {(r["job"], r["slot"]) for r in cluster.job_runs()}
    started = time.time()
    ran = cluster.cli("jobs", "run")
    finished = time.time()
    assert ran.returncode == 0, ran.stderr
    ran_jobs = set() if "Nothing was due." in ran.stdout else \
        {name.strip() for name in ran.stdout.split("Ran:", 1)[1].split(",")}
    for job, interval in JOB_INTERVALS.items():
        slot = math.floor(started / interval)
        if slot == math.floor(finished / interval) and (job, slot) in claimed:
            assert job not in ran_jobs, f"jobs run ran {job} again for slot {slot}: {ran.stdout}"

    # Which instance tried which claim, from their logs: each has one instance id of its own.
    attempts = {name: cluster.claim_attempts(name) for name in ("a", "b")}
    ids = {name: {instance for _, _, instance in tried} for name, tried in attempts.items()}
    assert len(ids["a"]) == 1 and len(ids["b"]) == 1 and ids["a"] != ids["b"], ids
    id_of = {name: ids[name].pop() for name in ("a", "b")}
    tried = {name: {(job, slot) for job, slot, _ in attempts[name]} for name in ("a", "b")}
    contested = tried["a"] & tried["b"]
    # Both went for the same slots (at boot at least the hourly and daily jobs, whose slots cannot
    # have turned over between the two starts)...
    for r in boot:
        if JOB_INTERVALS.get(r["job"], 0) >= 3600:
            assert (r["job"], r["slot"]) in contested, (r, attempts)

    # ...and exactly one run exists per (job, slot), by one of the servers or the command.
    runs = cluster.job_runs()
    slots = {}
    for r in runs:
        slots.setdefault((r["job"], r["slot"]), []).append(r)
    assert all(len(v) == 1 for v in slots.values()), [v for v in slots.values() if len(v) > 1]
    for pair in contested:
        assert pair in slots and slots[pair][0]["instance"] in id_of.values(), (pair, slots.get(pair))
    assert len({r["instance"] for r in runs} - set(id_of.values())) <= 1, runs  # the command's own id
    # No outbox minute was lost while both ran: every minute wholly between the start and the kill has its run.
    for slot in range(math.floor(cluster.ready / 60) + 1, math.floor(killed_at / 60)):
        assert ("outbox", slot) in slots, f"outbox slot {slot} did not run"
    # Since the kill, b runs the jobs.
    assert all(r["instance"] == id_of["b"] for r in later), (later, id_of)
    assert all(r["started"] <= killed_at + 1 for r in runs if r["instance"] == id_of["a"]), (runs, id_of)
