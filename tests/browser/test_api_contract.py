"""The public API's contract (issue 17): schemathesis generates requests from
Resources/OpenAPI/openapi.json, served at /api/v1/openapi.json, against a running server, and checks
that no request gets a 500, every status and content type is documented, and every answer matches
its schema. A failure prints schemathesis's own report, with the request that reproduces it.

CI runs one fixed seed, so a run is repeatable and a red CI means a change, not luck; set
SCHEMATHESIS_SEED to another number (or "random") to explore further, as the developer does before a
stop (docs/operations.md, "The public API and its contract")."""
import os
import subprocess
import sys
from pathlib import Path

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_every_json_endpoint_keeps_its_contract(server):
    base = server["base"]
    seed = os.environ.get("SCHEMATHESIS_SEED", "20261203")
    seed_args = [] if seed == "random" else ["--seed", seed]
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", base + "/api/v1/openapi.json", "--url", base,
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
         "--max-time", "45", "--workers", "2", "--warnings", "off", *seed_args],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # Positive control: it really tested every operation (routes, deadlines, the registers' JSON and CSV).
    assert "4 selected / 4 total" in result.stdout, result.stdout[-3000:]
    assert "generated" in result.stdout and " failed" not in result.stdout.split("SUMMARY")[-1]
