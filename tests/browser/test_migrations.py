"""Issue 19: upgrades that cannot brick the database, and a command line that scripts can trust.

- `migrate` killed with SIGKILL at 20 evenly spaced moments, on a fresh database and during an
  upgrade, on SQLite and PostgreSQL: every later `migrate` succeeds and the schema equals that of an
  uninterrupted run.
- Read-only commands never migrate; with migrations pending they exit 3 and print nothing on stdout.
- Every `--json` command's standard output parses (logs go to standard error).
"""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import BINARY, ROOT, run_cli

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
KILLS = 20


def psql(url, sql, database=None):
    parts = urlparse(url)
    target = database or parts.path.lstrip("/")
    result = subprocess.run(["psql", "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username or "postgres",
                             "-d", target, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Store:
    """A fresh SQLite data directory, or a fresh PostgreSQL database, with its own key file."""

    def __init__(self, kind, template=None):
        self.kind = kind
        self.dir = Path(tempfile.mkdtemp(prefix="tegenkracht-migrate-"))
        # A low password cost: every start hashes a dummy password, and nothing here logs in.
        self.env = dict(os.environ, TEGENKRACHT_DATA_DIR=str(self.dir / "data"), TEGENKRACHT_ROOT=str(ROOT),
                        TEGENKRACHT_PASSWORD_COST="4")
        self.env.pop("DATABASE_URL", None)
        self.env.pop("TEGENKRACHT_ORGANISATION_FILE", None)
        self.env.pop("TEGENKRACHT_KEY_FILE", None)
        if template is not None:
            shutil.copytree(template.dir / "data", self.dir / "data")
        if kind == "postgres":
            self.name = "tk_mig_" + uuid.uuid4().hex[:12]
            copy = f" TEMPLATE {template.name}" if template is not None else ""
            psql(PG_URL, f"CREATE DATABASE {self.name}{copy}", database="postgres")
            parts = urlparse(PG_URL)
            self.url = parts._replace(path="/" + self.name).geturl()
            self.env["DATABASE_URL"] = self.url

    def schema(self):
        if self.kind == "sqlite":
            database = sqlite3.connect(self.dir / "data" / "tegenkracht.sqlite")
            rows = database.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                                    "ORDER BY type, name").fetchall()
            names = database.execute("SELECT name FROM _fluent_migrations ORDER BY name").fetchall()
            database.close()
            return rows, names
        columns = psql(self.url, "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                                 "WHERE table_schema = 'public' ORDER BY 1, 2")
        indexes = psql(self.url, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1")
        names = psql(self.url, "SELECT name FROM _fluent_migrations ORDER BY name")
        return columns, indexes, names

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.kind == "postgres":
            psql(PG_URL, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", database="postgres")


def stores():
    kinds = ["sqlite"]
    if PG_URL or os.environ.get("CI") == "true":
        kinds.append("postgres")
    return kinds


def migrate(store):
    result = run_cli(store.env, "migrate", "-y")
    assert result.returncode == 0, result.stderr
    return result


def killed_migrate(store, after):
    process = subprocess.Popen([str(BINARY), "migrate", "-y"], cwd=ROOT, env=store.env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("kind", stores())
def test_kill_during_a_fresh_migration_and_an_upgrade(kind):
    if kind == "postgres" and not PG_URL:
        pytest.fail("TEST_DATABASE_URL is not set on CI")
    reference = Store(kind)
    before_upgrade = Store(kind)
    try:
        started = time.monotonic()
        migrate(reference)
        duration = time.monotonic() - started
        expected = reference.schema()
        # Two migrations back: the state of an installation before the latest upgrade.
        migrate(before_upgrade)
        for _ in range(2):
            assert run_cli(before_upgrade.env, "migrate", "--revert").returncode == 0
        assert before_upgrade.schema() != expected

        for scenario, template in (("fresh", None), ("upgrade", before_upgrade)):
            for i in range(1, KILLS + 1):
                store = Store(kind, template)
                try:
                    killed_migrate(store, duration * i / (KILLS + 1))
                    migrate(store)
                    assert store.schema() == expected, f"{kind} {scenario}: schema differs after a kill at {i}/{KILLS + 1}"
                    if i == KILLS:
                        assert "up to date" in migrate(store).stdout  # and a second run finds nothing to do
                finally:
                    store.close()
    finally:
        reference.close()
        before_upgrade.close()


@pytest.mark.parametrize("kind", stores())
def test_two_migrators_at_once_migrate_once(kind):
    store = Store(kind)
    try:
        processes = [subprocess.Popen([str(BINARY), "migrate", "-y"], cwd=ROOT, env=store.env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [p.communicate(timeout=120) for p in processes]
        assert all(p.returncode == 0 for p in processes), [o[1] for o in outputs]
        applied = sorted(o[0].strip() for o in outputs)
        assert any(line.startswith("Applied") for line in applied), applied
        names = store.schema()[-1]
        rows = names if isinstance(names, list) else names.strip().splitlines()
        assert len(rows) == len(set(map(str, rows))), "a migration was logged twice"
    finally:
        store.close()


def test_read_only_commands_never_migrate_and_json_always_parses():
    store = Store("sqlite")
    try:
        # Nothing migrated yet: read-only commands say so, exit 3, and print nothing on stdout.
        for args in (["routes", "--reporter", "ambtenaar", "--accused", "ambtenaar", "--behaviour", "ongewenst", "--json"],
                     ["audit", "verify"], ["audit", "head"], ["keys", "status"], ["jobs", "status"]):
            result = run_cli(store.env, *args)
            assert result.returncode == 3, (args, result.returncode, result.stderr)
            assert result.stdout == "", (args, result.stdout)
            assert "tegenkracht migrate" in result.stderr
        database = store.dir / "data" / "tegenkracht.sqlite"
        if database.exists():
            tables = sqlite3.connect(database).execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            assert tables == 0, "a read-only command created tables"

        # Without any database at all.
        answer = run_cli(store.env, "routes", "--organisation", str(ROOT / "Resources/Organisation/demo.json"),
                         "--reporter", "ambtenaar", "--accused", "kamerlid", "--behaviour", "ongewenst", "--json")
        assert answer.returncode == 0, answer.stderr
        assert json.loads(answer.stdout)["routes"]
        deadlines = run_cli(store.env, "deadlines", "wbk", "--event", "ontvangen=2026-03-02", "--json")
        assert deadlines.returncode == 0, deadlines.stderr
        assert json.loads(deadlines.stdout)

        # Migrated: every --json command's standard output is JSON, with the logs on standard error.
        migration = migrate(store)
        assert "migrated:" in migration.stderr and "migrated:" not in migration.stdout
        routes = run_cli(store.env, "routes", "--reporter", "ambtenaar", "--accused", "ambtenaar",
                         "--behaviour", "ongewenst", "--json")
        assert routes.returncode == 0, routes.stderr
        assert json.loads(routes.stdout)["routes"]
        for args in (["routes", "--help"], ["migrate", "--help"], ["deadlines", "--help"], ["organisation", "validate", "--help"],
                     ["audit", "--help"], ["keys", "--help"], ["jobs", "--help"], ["registry", "--help"], ["user", "--help"]):
            result = run_cli(store.env, *args)
            assert result.returncode == 0 and "Usage" in result.stdout + result.stderr, (args, result.stderr)
    finally:
        store.close()


FIXTURE = ROOT / "tests" / "fixtures" / "schema-2026-12-01"


@pytest.mark.parametrize("kind", stores())
def test_a_database_from_the_earlier_schema_upgrades_and_everything_opens(kind):
    store = Store(kind)
    try:
        keys = store.dir / "data" / "keys"
        keys.mkdir(parents=True)
        shutil.copy(FIXTURE / kind / "master-keys.json", keys / "master-keys.json")
        os.chmod(keys / "master-keys.json", 0o600)
        if kind == "sqlite":
            shutil.copy(FIXTURE / "sqlite" / "tegenkracht.sqlite", store.dir / "data" / "tegenkracht.sqlite")
        else:
            parts = urlparse(store.url)
            loaded = subprocess.run(["psql", "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username or "postgres",
                                     "-d", store.name, "-v", "ON_ERROR_STOP=1", "-q", "-f", str(FIXTURE / "postgres" / "dump.sql")],
                                    capture_output=True, text=True, timeout=120)
            assert loaded.returncode == 0, loaded.stderr
        # Read-only commands see the pending upgrade and leave it alone.
        assert run_cli(store.env, "audit", "verify").returncode == 3
        migration = migrate(store)
        # The fixture was made before M011; every migration since then is applied, once.
        names = re.findall(r"\b(M0\d\d)_\w+\(\)", (ROOT / "Sources/TegenkrachtUseCases/Persistence/SchemaMigrations.swift").read_text())
        newer = [n for n in names if n > "M010"]
        assert f"Applied {len(newer)} migration(s)" in migration.stdout, (migration.stdout, newer)
        # Every value sealed with the key file opens: the reports' data keys, the staff secret.
        verified = run_cli(store.env, "keys", "verify")
        assert verified.returncode == 0, verified.stderr
        reports = 12 if kind == "sqlite" else 6
        assert f"reports.wrapped_key: {reports} opened" in verified.stdout, verified.stdout
        # Every report opens and every case rebuilds its registry entry (the two the old code lost
        # on SQLite are made now).
        reconciled = run_cli(store.env, "registry", "reconcile")
        assert reconciled.returncode == 0, reconciled.stderr
        assert f"Checked {reports} cases" in reconciled.stdout, reconciled.stdout
        if kind == "sqlite":
            assert "created 2 entries" in reconciled.stdout, reconciled.stdout
        assert run_cli(store.env, "audit", "verify").returncode == 0
        again = run_cli(store.env, "registry", "reconcile")
        assert "created 0 entries, changed 0" in again.stdout, again.stdout
    finally:
        store.close()
