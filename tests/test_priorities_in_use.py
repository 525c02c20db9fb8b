"""Priorities: the source is explicit and said, zero means zero, and the diagram uses them.

Each test failed before issue 10: zeros became equal weights, a model holding several
sources did not say which it ignored, and the diagram marked (and focus mode followed)
box priorities only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from toc.analysis import analysis, priorities
from toc.cli import main
from toc.diagram import focused, outline, to_dot
from toc.formats import dump_model
from toc.model import LogicModel


def _model(**extra: Any) -> LogicModel:
    data: dict[str, Any] = {
        "title": "Homelessness",
        "nodes": [
            {"id": "outreach", "label": "Street outreach", "stage": "activity"},
            {"id": "advice", "label": "Tenancy advice", "stage": "activity"},
            {"id": "housed", "label": "People housed", "stage": "outcome"},
            {"id": "health", "label": "Better health", "stage": "outcome"},
        ],
        "links": [
            {"from": "outreach", "to": "housed", "weight": 0.6},
            {"from": "advice", "to": "health", "weight": 0.5},
        ],
    }
    for key, value in extra.items():
        if key == "node_priorities":
            for node in data["nodes"]:
                if node["id"] in value:
                    node["priority"] = value[node["id"]]
        else:
            data[key] = value
    return LogicModel.model_validate(data)


def test_zero_priorities_mean_zero_not_equal() -> None:
    all_zero = _model(node_priorities={"housed": 0, "health": 0})
    used = priorities(all_zero)
    assert (used.source, used.weights) == ("nodes", {})
    assert [d.score for d in analysis(all_zero).drivers] == [0.0, 0.0]
    one_zero = _model(node_priorities={"housed": 0, "health": 2})
    assert priorities(one_zero).weights == {"health": 1.0}


def test_the_model_names_its_source_and_the_others_are_listed_as_ignored() -> None:
    model = _model(
        node_priorities={"housed": 1},
        agreed_order=["health", "housed"],
        priority_source="agreed-order",
    )
    used = priorities(model)
    assert used.source == "agreed-order" and used.ignored == ("nodes",)
    assert used.weights == {"health": 0.75, "housed": 0.25}
    report = analysis(model).to_json()
    assert report["priority_sources_ignored"] == ["nodes"]
    assert report["drivers"][0]["id"] == "advice"


def test_analyse_json_lists_the_sources_it_ignored(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    dump_model(_model(node_priorities={"housed": 3}, agreed_order=["health"]), path)
    result = CliRunner().invoke(main, ["analyse", str(path), "--json"])
    report = json.loads(result.output)
    assert report["priority_source"] == "nodes"
    assert report["priority_sources_ignored"] == ["agreed-order"]
    shown = CliRunner().invoke(main, ["analyse", str(path)]).output
    assert "also holds agreed-order, not used" in shown


def test_the_diagram_marks_priorities_from_the_agreed_order_and_focus_follows_them() -> None:
    model = _model(agreed_order=["health", "housed"])
    dot = to_dot(model)
    assert "★ #1" in dot and "★ #2" in dot
    assert [n.id for n in focused(model, "outreach").nodes] == ["outreach", "housed"]
    assert "Better health (priority #1)" in outline(model)


def test_the_diagram_marks_shares_from_stakeholder_ratings() -> None:
    model = _model(
        stakeholders=[{"id": "res", "label": "Residents", "ratings": {"housed": 30, "health": 70}}]
    )
    dot = to_dot(model)
    assert "★ 70%" in dot and "★ 30%" in dot
    assert [n.id for n in focused(model, "advice").nodes] == ["advice", "health"]
