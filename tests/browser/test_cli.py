"""The command line as an operator uses it: a broken organisation file is refused with the file,
the place and the problem, and nothing is written."""
import json
import os
import shutil
import tempfile
from pathlib import Path

from conftest import ROOT, run_cli


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
