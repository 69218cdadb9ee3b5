"""The command line as an operator uses it: a broken organisation file is refused with the file,
the place and the problem, and nothing is written."""
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import BINARY, ROOT, run_cli


def test_invalid_organisation_file_exits_non_zero_and_names_the_problem():
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-cli-"))
    try:
        organisation = json.loads((ROOT / "Resources/Organisation/demo.json").read_text())
        organisation["fracties"][3]["employer"] = "stichting-die-niet-bestaat"
        broken = work / "organisatie.json"
        broken.write_text(json.dumps(organisation))
        env = dict(os.environ, TEGENKRACHT_DATA_DIR=str(work / "data"), TEGENKRACHT_ROOT=str(ROOT))
        env.pop("DATABASE_URL", None)

        result = run_cli(env, "organisation", "validate", str(broken))
        assert result.returncode != 0
        assert f"{broken}: fracties[3].employer: Unknown employer 'stichting-die-niet-bestaat'." in result.stderr

        # The service does not start on it, and writes nothing.
        env["TEGENKRACHT_ORGANISATION_FILE"] = str(broken)
        serve = run_cli(env, "serve", "--port", "1")
        assert serve.returncode != 0
        assert "fracties[3].employer" in serve.stderr
        assert not (work / "data").exists()

        ok = run_cli(dict(env, TEGENKRACHT_ORGANISATION_FILE=""), "organisation", "validate",
                     str(ROOT / "Resources/Organisation/demo.json"))
        assert ok.returncode == 0, ok.stderr
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cli_env(work):
    env = dict(os.environ, TEGENKRACHT_DATA_DIR=str(work / "data"), TEGENKRACHT_ROOT=str(ROOT))
    env.pop("DATABASE_URL", None)
    env.pop("TEGENKRACHT_ORGANISATION_FILE", None)
    return env


def test_routes_command_gives_the_api_shape_and_exits_2_on_bad_input():
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-cli-"))
    try:
        env = _cli_env(work)
        # A read-only command never migrates (issue 19): the schema is made first.
        assert run_cli(env, "migrate").returncode == 0
        ok = run_cli(env, "routes", "--reporter", "ambtenaar", "--accused", "kamerlid",
                     "--behaviour", "ongewenst,integriteit", "--json")
        assert ok.returncode == 0, ok.stderr
        answer = json.loads(ok.stdout)  # standard output is the JSON alone
        ids = [r["id"] for r in answer["routes"]]
        assert "college-onderzoek-integriteit" in ids and "centraal-meldpunt" in ids
        assert "klachtencommissie" not in ids
        assert [g["id"] for g in answer["gaps"]] == ["geen-klachtroute-kamerlid"]
        for route in answer["routes"]:
            assert isinstance(route["formal"], bool) and isinstance(route["canInvestigate"], bool)
            assert isinstance(route["canSanction"], bool)

        unknown = run_cli(env, "routes", "--reporter", "minister", "--accused", "kamerlid", "--behaviour", "ongewenst", "--json")
        assert unknown.returncode == 2
        assert "ambtenaar, fractiemedewerker, kamerlid, oud-medewerker, extern" in unknown.stderr

        nonsense = run_cli(env, "routes", "--reporter", "kamerlid", "--reporter-adopted", "yes", "--accused", "ambtenaar",
                           "--behaviour", "ongewenst", "--json")
        assert nonsense.returncode == 2
        assert "never applies to MPs" in nonsense.stderr

        bad_kind = run_cli(env, "routes", "--reporter", "ambtenaar", "--accused", "ambtenaar", "--behaviour", "roddel")
        assert bad_kind.returncode == 2
        assert "ongewenst, integriteit, misstand, strafbaar" in bad_kind.stderr
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_deadlines_command():
    env = dict(os.environ, TEGENKRACHT_ROOT=str(ROOT))
    ok = run_cli(env, "deadlines", "wbk", "--event", "ontvangen=2026-12-18", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {"deadlines": [
        {"basis": "Wbk art. 2 lid 2; Richtlijn 2019/1937 art. 9 lid 1 onder b", "due": "2026-12-28", "id": "ontvangstbevestiging"},
        {"basis": "Wbk art. 2 lid 2; Richtlijn 2019/1937 art. 9 lid 1 onder f", "due": "2027-03-25", "id": "terugkoppeling"},
    ]}
    for args, message in [
        (["deadlines", "nope", "--json"], "unknown procedure 'nope'"),
        (["deadlines", "wbk", "--event", "gelezen=2026-01-01", "--json"], "unknown event 'gelezen'"),
        (["deadlines", "wbk", "--event", "ontvangen=2026-02-29"], "not an existing date"),
        (["deadlines", "klachtenregeling-oo", "--event", "ontvankelijk=2026-03-02", "--event", "advies=2026-02-01"],
         "events out of order"),
    ]:
        result = run_cli(env, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr


def test_audit_anchor_finds_a_rewritten_chain():
    """`audit head` printed and kept outside the database; a chain rewritten from the start (here:
    emptied, which is a valid chain) passes `audit verify` but not `audit verify --anchor`."""
    import sqlite3

    work = Path(tempfile.mkdtemp(prefix="tegenkracht-audit-"))
    try:
        env = dict(os.environ, TEGENKRACHT_DATA_DIR=str(work / "data"), TEGENKRACHT_ROOT=str(ROOT))
        env.pop("DATABASE_URL", None)
        env.pop("TEGENKRACHT_ORGANISATION_FILE", None)
        created = run_cli(env, "user", "create", "--username", "anker", "--role", "beheerder", "--password-stdin",
                          stdin="een lang en sterk wachtwoord\n")
        assert created.returncode == 0, created.stderr
        head = run_cli(env, "audit", "head")
        assert head.returncode == 0, head.stderr
        anchor = head.stdout.strip().splitlines()[-1]
        sequence, digest = anchor.split(":")
        assert int(sequence) >= 1 and len(digest) == 64
        assert run_cli(env, "audit", "verify", "--anchor", anchor).returncode == 0

        database = sqlite3.connect(work / "data" / "tegenkracht.sqlite")
        database.execute("DELETE FROM audit_entries")
        database.commit()
        database.close()
        assert run_cli(env, "audit", "verify").returncode == 0
        rewritten = run_cli(env, "audit", "verify", "--anchor", anchor)
        assert rewritten.returncode != 0
        assert "rewritten" in rewritten.stderr + rewritten.stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_a_port_in_use_gives_a_clear_message_not_a_crash():
    """Issue 16 (low): a second server on a port in use says so and exits 1; it used to crash while
    shutting down (a job still used the database)."""
    from test_crash import start
    from conftest import _free_port

    work = Path(tempfile.mkdtemp(prefix="tegenkracht-port-"))
    try:
        env = _cli_env(work)
        port = _free_port()
        log = open(work / "first.log", "w")
        first = start(env, port, log)
        try:
            second = subprocess.run([str(BINARY), "serve", "--dev-http", "--hostname", "127.0.0.1", "--port", str(port)],
                                    cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            assert second.returncode == 1, (second.returncode, second.stderr[-2000:])
            assert "already in use" in second.stderr
            assert "Fatal error" not in second.stderr
        finally:
            first.terminate()
            first.wait(timeout=30)
            log.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_development_switch_on_a_public_address_refuses_to_start():
    """Issue 17: cookies over plain http on an address other machines reach is refused at start, with
    the reason and the way out; on loopback the same switch is allowed (the tests use it)."""
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-devswitch-"))
    try:
        env = _cli_env(work)
        for args in (["--dev-http", "--hostname", "0.0.0.0"], ["--dev-http", "--bind", "192.0.2.7:8080"]):
            result = subprocess.run([str(BINARY), "serve", *args, "--port", "1"], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=60)
            assert result.returncode == 2, (args, result.returncode, result.stderr[-2000:])
            assert "development switch" in result.stderr and "127.0.0.1" in result.stderr
        env_switch = dict(env, TEGENKRACHT_INSECURE_HTTP_COOKIES="1")
        result = subprocess.run([str(BINARY), "serve", "--hostname", "0.0.0.0", "--port", "1"], cwd=ROOT, env=env_switch,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and "development switch" in result.stderr
    finally:
        shutil.rmtree(work, ignore_errors=True)
