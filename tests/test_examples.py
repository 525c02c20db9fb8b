"""Every file in models/ loads, passes its checks cleanly and survives a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from toc import dumps_model, load_model, loads_model
from toc.analysis.checks import findings
from toc.model import Stage
from toc.sroi.appraisal import value_report


def test_example_loads_and_has_no_warnings(example_path: Path) -> None:
    model = load_model(example_path)
    assert [f for f in findings(model) if f.severity == "warning"] == []


def test_example_is_a_realistic_model(example_path: Path) -> None:
    model = load_model(example_path)
    stages = {n.stage for n in model.nodes}
    assert {Stage.INPUT, Stage.ACTIVITY, Stage.OUTCOME} <= stages
    assert model.departments, "examples show who owns what"
    assert any(n.priority for n in model.nodes)
    assert any(link.weight < 0 for link in model.links), "at least one negative link"
    assert any(link.assumption for link in model.links)
    assert any(n.indicators for n in model.nodes)


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_example_round_trips_to_the_same_bytes(example_path: Path, fmt: str) -> None:
    model = load_model(example_path)
    again = loads_model(dumps_model(model, fmt), fmt)
    assert again == model
    assert dumps_model(again, fmt) == dumps_model(model, fmt)


def test_example_is_valued_with_its_convention_stated(example_path: Path) -> None:
    report = value_report(load_model(example_path)).as_dict()
    assert report["convention"] == "sroi"
    assert report["convention_text"].startswith("SROI value map")
    assert report["present_value"] > 0
    assert report["outcomes"], "every example carries a value map"
    assert all("(illustrative" in row["proxy_name"] for row in report["outcomes"]), (
        "shipped proxies are marked illustrative"
    )
