"""Issue 16: backup and restore, on SQLite and PostgreSQL, with the real binary.

`backup` writes a consistent copy of the database and the key file sealed to the operator's key.
`restore` puts it into an empty database, checks the audit chain against the anchor, opens every
sealed value and reads every report; the restored service then opens a report with its receipt code.
A damaged backup, the wrong operator key, a database that is not empty and a wrong anchor are refused.
"""
import os
import json
import re
import shutil
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, _free_port
from test_crash import Client, databases, start

TEXT = "Backup-melding: mijn leidinggevende schreeuwt in vergaderingen."


def environment(work, name, database, created):
    env = dict(os.environ, TEGENKRACHT_DATA_DIR=str(work / name), TEGENKRACHT_ROOT=str(ROOT),
               TEGENKRACHT_ORGANISATION_FILE=str(ROOT / "Resources/Organisation/demo.json"))
    env.pop("DATABASE_URL", None)
    if database == "postgres":
        admin = os.environ["TEST_DATABASE_URL"].split("?")[0]
        db = "backup_" + uuid.uuid4().hex[:12]
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {db}"], check=True)
        created.append((admin, db))
        env["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/" + db + "?sslmode=disable"
    return env


def cli(env, *arguments):
    return subprocess.run([str(BINARY), *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("database", list(databases()))
def test_backup_and_restore(database):
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-backup-"))
    created = []
    try:
        source = environment(work, "source", database, created)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(work / "server.log", "w")
        server = start(source, port, log)
        codes = []
        stop = threading.Event()

        def keep_submitting():
            # Reports arrive while the backup is taken: the copy must still be one consistent moment.
            while not stop.is_set():
                client = Client(base)
                client.get("/melden")
                client.post("/melden", {"kind": "melding", "mode": "anoniem", "recipient": "centraal-meldpunt",
                                        "whatHappened": f"{TEXT} (tijdens de backup)"})

        try:
            for i in range(3):
                reporter = Client(base)
                reporter.get("/melden")
                status, body, _ = reporter.post("/melden", {"kind": "melding", "mode": "anoniem", "recipient": "centraal-meldpunt",
                                                            "whatHappened": f"{TEXT} ({i})"})
                assert status == 200, body[:300]
                codes.append(re.search(r'id="receipt-code">([0-9A-Z-]+)<', body).group(1))

            key = work / "operator.key"
            made = cli(source, "backup", "--new-operator-key", str(key))
            assert made.returncode == 0, made.stderr
            assert key.exists() and Path(str(key) + ".pub").exists()
            assert oct(key.stat().st_mode & 0o777) == "0o600"

            writer = threading.Thread(target=keep_submitting)
            writer.start()
            backup = work / "backup"
            try:
                written = cli(source, "backup", "--out", str(backup), "--recipient", str(key) + ".pub")
            finally:
                stop.set()
                writer.join(timeout=60)
            assert written.returncode == 0, written.stderr
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

        anchor = re.search(r"anchor \(keep it outside the backup as well\): (\d+:[0-9a-f]{64})", written.stdout).group(1)
        files = sorted(p.name for p in backup.iterdir())
        assert files == sorted(["manifest.json", "keys.sealed.json",
                                "database.sql" if database == "postgres" else "database.sqlite"]), files
        # Nothing readable in the backup: no report text, and not the key file's keys.
        key_file = (work / "source" / "keys" / "master-keys.json").read_text()
        # Parsed, not matched: the file escapes "/" as "\\/", so a pattern misses about half the keys.
        parsed = json.loads(key_file)
        keys_in_file = list(parsed["keys"].values()) + [parsed["receipt"], parsed["blindIndex"]]
        assert len(keys_in_file) >= 3 and all(len(k) == 44 for k in keys_in_file), keys_in_file
        for path in backup.iterdir():
            data = path.read_bytes()
            assert b"Backup-melding" not in data, path.name
            for k in keys_in_file:
                assert k.encode() not in data, path.name
                assert k.replace("/", "\\/").encode() not in data, path.name

        # Restored into a new, empty database with no key file of its own.
        target = environment(work, "target", database, created)
        restored = cli(target, "restore", "--from", str(backup), "--operator-key", str(key), "--anchor", anchor)
        assert restored.returncode == 0, restored.stderr + restored.stdout
        print(restored.stdout)
        counted = re.search(r"Reports: (\d+) of (\d+) read\.", restored.stdout)
        assert counted and counted.group(1) == counted.group(2) and int(counted.group(1)) >= 3, restored.stdout
        assert "chain intact" in restored.stdout

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(work / "restored.log", "w")
        server = start(target, port, log)
        try:
            holder = Client(base)
            holder.get("/portaal")
            status, _, headers = holder.post("/portaal", {"code": codes[1]})
            assert status == 303 and headers["Location"] == "/portaal/melding", status
            assert f"{TEXT} (1)" in holder.get("/portaal/melding")
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

        # Refusals. Into a database that is not empty:
        again = cli(target, "restore", "--from", str(backup), "--operator-key", str(key))
        assert again.returncode == 1 and "not empty" in again.stderr, again.stderr
        # With another operator key:
        other = work / "other.key"
        assert cli(source, "backup", "--new-operator-key", str(other)).returncode == 0
        wrong_key = cli(environment(work, "t2", database, created), "restore", "--from", str(backup), "--operator-key", str(other))
        assert wrong_key.returncode == 1 and "does not open with this operator key" in wrong_key.stderr, wrong_key.stderr
        # A damaged copy:
        damaged = work / "damaged"
        shutil.copytree(backup, damaged)
        database_file = next(p for p in damaged.iterdir() if p.name.startswith("database"))
        data = bytearray(database_file.read_bytes())
        data[len(data) // 2] ^= 0x01
        database_file.write_bytes(bytes(data))
        broken = cli(environment(work, "t3", database, created), "restore", "--from", str(damaged), "--operator-key", str(key))
        assert broken.returncode == 1 and "do not match its manifest" in broken.stderr, broken.stderr
        # An anchor the restored log does not hold (the chain was rewritten after it was kept):
        sequence = anchor.split(":")[0]
        rewritten = cli(environment(work, "t4", database, created), "restore", "--from", str(backup), "--operator-key", str(key),
                        "--anchor", f"{sequence}:{'0' * 64}")
        assert rewritten.returncode == 1 and "rewritten" in rewritten.stderr, rewritten.stderr
    finally:
        for admin, db in created:
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"], check=False)
        shutil.rmtree(work, ignore_errors=True)
