"""The survey statistics fixture is what scipy computes (the Swift tests compare against it)."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import survey_stats  # noqa: E402


def test_fixture_matches_scipy():
    committed = json.loads(survey_stats.OUT.read_text())
    fresh = survey_stats.compute()
    assert committed["groups"] == fresh["groups"]
    for key in ("ttest", "anova"):
        for name, value in fresh[key].items():
            assert abs(committed[key][name] - value) < 1e-12, (key, name)
