"""Issue 16: a flood of wrong codes keeps nobody out. While 200 wrong receipt and monitor codes arrive
at once, a correct receipt code opens its report within 2 s and a staff page answers within 2 s, on
the real server (debug build) with the production throttle settings, on SQLite and PostgreSQL."""
import concurrent.futures
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from conftest import ROOT, _free_port
from test_crash import Client, databases, start

FLOOD = 200


@pytest.mark.parametrize("database", list(databases()))
def test_a_flood_of_wrong_codes_keeps_nobody_out(database):
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-flood-"))
    env = dict(os.environ, TEGENKRACHT_DATA_DIR=str(work / "data"), TEGENKRACHT_ROOT=str(ROOT),
               TEGENKRACHT_ORGANISATION_FILE=str(ROOT / "Resources/Organisation/demo.json"))
    env.pop("DATABASE_URL", None)
    created_db = None
    if database == "postgres":
        admin = os.environ["TEST_DATABASE_URL"].split("?")[0]
        created_db = "flood_" + uuid.uuid4().hex[:12]
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {created_db}"], check=True)
        env["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/" + created_db + "?sslmode=disable"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(work / "server.log", "w")
    server = start(env, port, log)
    try:
        reporter = Client(base)
        reporter.get("/melden")
        status, body, _ = reporter.post("/melden", {"kind": "melding", "mode": "anoniem", "recipient": "centraal-meldpunt",
                                                    "whatHappened": "Een melding tijdens een stroom foute codes."})
        code = re.search(r'id="receipt-code">([0-9A-Z-]+)<', body).group(1)
        locator = code[:4]
        # The attackers fetch their forms first, then all send at once.
        attackers = []
        for i in range(FLOOD):
            client = Client(base)
            client.get("/portaal" if i % 2 == 0 else "/monitor")
            attackers.append(client)
        go = threading.Event()
        statuses = []
        lock = threading.Lock()

        def attack(i):
            go.wait()
            if i % 2 == 0:
                result = attackers[i].post("/portaal", {"code": f"{locator}-{i:04d}-0000-0000-0000"})
            else:
                result = attackers[i].post("/monitor", {"code": f"AAAA-{i:04d}-CCCC-DDDD"})
            with lock:
                statuses.append(result[0])

        holder = Client(base)
        holder.get("/portaal")
        staff = Client(base)
        with concurrent.futures.ThreadPoolExecutor(max_workers=FLOOD) as pool:
            futures = [pool.submit(attack, i) for i in range(FLOOD)]
            go.set()
            time.sleep(0.5)  # the flood is on
            started = time.monotonic()
            status, _, headers = holder.post("/portaal", {"code": code})
            opened = time.monotonic() - started
            started = time.monotonic()
            staff.get("/inloggen")
            staff_page = time.monotonic() - started
            for future in futures:
                future.result()
        assert status == 303 and headers["Location"] == "/portaal/melding", status
        assert opened < 2, f"the right code took {opened:.2f} s under the flood"
        assert staff_page < 2, f"a staff page took {staff_page:.2f} s under the flood"
        assert 500 not in statuses and 303 not in statuses, sorted(set(statuses))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if created_db:
            subprocess.run(["psql", os.environ["TEST_DATABASE_URL"].split("?")[0], "-qc",
                            f"DROP DATABASE IF EXISTS {created_db} WITH (FORCE)"], check=False)
        shutil.rmtree(work, ignore_errors=True)
