"""Shared fixtures: the example models and a tiny model built in code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(
    p for p in (ROOT / "models").iterdir() if p.suffix in (".yaml", ".yml", ".json", ".xlsx")
)


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_path(request: pytest.FixtureRequest) -> Path:
    """Each file in models/, one test run per file."""
    path: Path = request.param
    return path


@pytest.fixture()
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite file per test, where the app and ``Store()`` look; seeded with the
    examples on the app's first run."""
    path = tmp_path / "toc.db"
    monkeypatch.delenv("TOC_DATABASE_URL", raising=False)
    monkeypatch.setenv("TOC_DB_PATH", str(path))
    monkeypatch.setenv("TOC_SEED_DIR", str(ROOT / "models"))
    yield path
