"""What the README points a newcomer to works as written: `examples/tour.sh` runs to its last
line, `examples/python_api.py` from reading an article to finding a quote in its database, and
`docs/ANNOTATION.md` is the team's annotation contract."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("bash") is None, reason="the tour is a bash script")
def test_tour_runs_to_its_last_command(tmp_path):
    # The interpreter's folder first, so that `claimtrack` and `sqlite-utils` are this environment's.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "CLAIMTRACK_DB": str(tmp_path / "tour.db"), "COLUMNS": "120"}
    run = subprocess.run(["bash", "examples/tour.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    assert "Tekanan sanksi" in out  # search, said and diff show the sanctions quote
    extracted = [line for line in out.splitlines() if line.startswith('{"source": "000_2339bdc2ebd3f11c.txt"')]
    assert len(extracted) == 3  # `extract … --format jsonl`, its first three lines
    assert '"speaker_name": "Sergei Shoigu"' in extracted[0]
    assert '{"table": "claims", "count": 4}' in out  # the last command, sqlite-utils on the tour's database


def test_python_api_example_runs():
    run = subprocess.run([sys.executable, "examples/python_api.py"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "search 'sanksi': Sergei Shoigu in Purna Warta" in run.stdout


SHARED_ANNOTATION = ROOT.parent / "shared" / "ANNOTATION.md"


@pytest.mark.skipif(not SHARED_ANNOTATION.exists(), reason="../shared is not next to this clone")
def test_annotation_copy_matches_the_team_contract():
    copy = (ROOT / "docs" / "ANNOTATION.md").read_text(encoding="utf-8")
    assert copy.split("-->\n\n", 1)[1] == SHARED_ANNOTATION.read_text(encoding="utf-8")
