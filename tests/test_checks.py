"""Findings: what a reviewer would point out in a valid model."""

from __future__ import annotations

from typing import Any

from toc import LogicModel
from toc.analysis.checks import findings


def codes(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    model = LogicModel.model_validate({"title": "t", **data})
    return [(f.code, f.node_id) for f in findings(model)]


def n(id_: str, stage: str, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "label": id_, "stage": stage, **extra}


MEASURED = [{"name": "rate", "unit": "%"}]


def test_a_sound_chain_has_no_findings() -> None:
    nodes = [
        n("i", "input"),
        n("a", "activity"),
        n("o", "outcome", priority=1, indicators=MEASURED),
    ]
    links = [{"from": "i", "to": "a"}, {"from": "a", "to": "o"}]
    assert codes({"nodes": nodes, "links": links}) == []


def test_activity_reaching_nothing_and_input_funding_nothing() -> None:
    nodes = [n("i", "input"), n("a", "activity"), n("x", "output")]
    found = codes({"nodes": nodes, "links": [{"from": "a", "to": "x"}]})
    assert ("input-funds-nothing", "i") in found
    assert ("activity-reaches-nothing", "a") in found


def test_priority_outcome_reached_only_by_an_input_is_unreached() -> None:
    nodes = [n("i", "input"), n("o", "outcome", priority=2, indicators=MEASURED)]
    assert codes({"nodes": nodes, "links": [{"from": "i", "to": "o"}]}) == [
        ("priority-unreached", "o")
    ]


def test_zero_priority_is_not_a_priority() -> None:
    nodes = [n("o", "outcome", priority=0, indicators=MEASURED)]
    assert codes({"nodes": nodes}) == []


def test_indicators_only_on_outputs_are_redundant_metrics() -> None:
    nodes = [n("a", "activity"), n("x", "output", indicators=MEASURED), n("o", "impact")]
    links = [{"from": "a", "to": "x"}, {"from": "x", "to": "o"}]
    assert codes({"nodes": nodes, "links": links}) == [("output-only-metrics", None)]


def test_missing_department_only_when_model_has_departments() -> None:
    nodes = [n("o", "impact")]
    assert codes({"nodes": nodes}) == []
    departments = [{"id": "h", "label": "Housing"}]
    assert codes({"nodes": nodes, "departments": departments}) == [("no-department", "o")]


def test_warnings_come_before_information() -> None:
    nodes = [n("o", "outcome"), n("i", "input")]
    severities = [c for c, _ in codes({"nodes": nodes})]
    assert severities == ["input-funds-nothing", "outcome-unmeasured"]
