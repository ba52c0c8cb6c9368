from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS_GOLD = FIXTURES / "seeds.gold.jsonl"


@pytest.fixture(autouse=True)
def isolated_database(tmp_path, monkeypatch):
    """No test touches a real database: CLAIMTRACK_DB points into a temporary folder."""
    path = tmp_path / "test.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(path))
    return path


@pytest.fixture(scope="session")
def nlp():
    from claimtrack.extracting import load_pipeline

    return load_pipeline()
