"""Shared fixtures: the example models and a tiny model built in code."""

from __future__ import annotations

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
