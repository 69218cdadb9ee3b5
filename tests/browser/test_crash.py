"""Durability (issue 4): a report is confirmed only after its transaction commits. The server is
killed with SIGKILL while 200 reporters submit at once; after a restart, every receipt that was
confirmed still logs in and reads its report. Run on SQLite and on PostgreSQL."""
import concurrent.futures
import http.cookiejar
import os
import re
import shutil
import signal
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

from conftest import BINARY, ROOT, _free_port

SUBMISSIONS = 200


class Client:
    """One reporter's browser: its own cookies, the CSRF token from the last page."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())
        self.token = None

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            body = response.read().decode()
        match = re.search(r'name="_csrf" value="([^"]+)"', body)
        if match:
            self.token = match.group(1)
        return body

    def post(self, path, fields):
        data = urllib.parse.urlencode({**fields, "_csrf": self.token}).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=60) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start(env, port, log):
    process = subprocess.Popen([str(BINARY), "serve", "--dev-http", "--hostname", "127.0.0.1", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def databases():
    yield "sqlite"
    if os.environ.get("TEST_DATABASE_URL") or os.environ.get("CI") == "true":
        yield "postgres"


@pytest.mark.parametrize("database", list(databases()))
def test_kill_during_submissions_loses_no_confirmed_report(database):
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-crash-"))
    env = dict(os.environ, TEGENKRACHT_DATA_DIR=str(work / "data"), TEGENKRACHT_ROOT=str(ROOT),
               TEGENKRACHT_ORGANISATION_FILE=str(ROOT / "Resources/Organisation/demo.json"),
               TEGENKRACHT_RECEIPT_HASH_LOGN="12")  # durability is tested here, not the hash cost
    env.pop("DATABASE_URL", None)
    created_db = None
    if database == "postgres":
        base_url = os.environ["TEST_DATABASE_URL"]
        created_db = "crash_" + uuid.uuid4().hex[:12]
        admin = base_url.split("?")[0]
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {created_db}"], check=True)
        env["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/" + created_db + "?sslmode=disable"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(work / "server.log", "w")
    server = start(env, port, log)
    confirmed = []
    lock = threading.Lock()
    killed = threading.Event()

    def submit(i):
        client = Client(base)
        try:
            client.get("/melden")
            status, body, _ = client.post("/melden", {
                "kind": "melding", "mode": "anoniem", "recipient": "centraal-meldpunt",
                "whatHappened": f"Crashtest melding nummer {i}",
            })
        except OSError:
            return  # the server died under this request: not confirmed, so not promised
        match = re.search(r'id="receipt-code">([0-9A-Z-]+)<', body)
        if status == 200 and match:
            with lock:
                confirmed.append((i, match.group(1)))
                if len(confirmed) == 60 and not killed.is_set():
                    killed.set()
                    os.kill(server.pid, signal.SIGKILL)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
            list(pool.map(submit, range(SUBMISSIONS)))
        if not killed.is_set():
            os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        assert len(confirmed) >= 60, f"only {len(confirmed)} confirmations before the kill"

        server = start(env, port, log)
        for i, code in confirmed:
            client = Client(base)
            client.get("/portaal")
            status, _, headers = client.post("/portaal", {"code": code})
            assert status == 303 and headers["Location"] == "/portaal/melding", (i, code, status)
            page = client.get("/portaal/melding")
            assert f"Crashtest melding nummer {i}" in page, (i, code)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        log.close()
        if created_db:
            subprocess.run(["psql", os.environ["TEST_DATABASE_URL"].split("?")[0], "-qc",
                            f"DROP DATABASE IF EXISTS {created_db}"], check=False)
        shutil.rmtree(work, ignore_errors=True)
