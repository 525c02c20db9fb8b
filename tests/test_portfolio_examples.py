"""The example organisation in models/portfolio/: a framework and the service models mapped to it.

Checks the portfolio shows what issue 12 asks of it: services of four departments,
corporate outcomes shared across departments, one department's service undermining
another department's corporate outcome, and a corporate outcome no service reaches.
The framework is read as plain YAML until its loader lands.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from toc.formats.modelfiles import load_model
from toc.model import LogicModel, Stage

PORTFOLIO = Path(__file__).resolve().parent.parent / "models" / "portfolio"
FRAMEWORK = PORTFOLIO / "framework.yaml"
SERVICES = sorted(p for p in PORTFOLIO.glob("*.yaml") if p != FRAMEWORK)


def framework() -> dict[str, Any]:
    data = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def lead_departments() -> dict[str, str]:
    """Framework code -> the department that leads it."""
    return {o["code"]: o["department"] for o in framework()["outcomes"]}


def council_codes(model: LogicModel, node_id: str) -> list[str]:
    node = next(n for n in model.nodes if n.id == node_id)
    scheme = framework()["scheme"]
    return [t.split(":", 1)[1] for t in node.frameworks if t.startswith(f"{scheme}:")]


def activity_departments(model: LogicModel) -> dict[str, str | None]:
    return {n.id: n.department for n in model.nodes if n.stage == Stage.ACTIVITY}


def reached(model: LogicModel, start: str) -> set[str]:
    """Every node a path from ``start`` reaches, ``start`` left out."""
    out: dict[str, list[str]] = defaultdict(list)
    for link in model.links:
        out[link.from_].append(link.to)
    seen: set[str] = set()
    todo = list(out[start])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(out[node])
    return seen


def codes_reached_by_department() -> dict[str, set[str]]:
    """Framework code -> departments of the activities that reach a node tagged with it."""
    by_code: dict[str, set[str]] = defaultdict(set)
    for path in SERVICES:
        model = load_model(path)
        for activity, department in activity_departments(model).items():
            for node in reached(model, activity):
                for code in council_codes(model, node):
                    by_code[code].add(str(department))
    return by_code


def test_there_are_at_least_six_services() -> None:
    assert len(SERVICES) >= 6


@pytest.mark.parametrize("path", SERVICES, ids=[p.stem for p in SERVICES])
def test_each_service_is_a_realistic_model(path: Path) -> None:
    model = load_model(path)
    assert len(model.nodes) >= 10
    stages = {n.stage for n in model.nodes}
    assert {Stage.INPUT, Stage.ACTIVITY, Stage.OUTPUT, Stage.OUTCOME, Stage.IMPACT} <= stages
    assert any(n.cost for n in model.nodes if n.stage == Stage.INPUT)
    assert any(link.weight < 0 for link in model.links)
    assert any(link.assumption and link.evidence for link in model.links)
    assert any(n.indicators for n in model.nodes)
    assert all(n.department for n in model.nodes)
    assert any(t.startswith("council:") for n in model.nodes for t in n.frameworks)


def test_services_span_the_four_departments() -> None:
    departments = {
        department
        for path in SERVICES
        for department in activity_departments(load_model(path)).values()
    }
    assert departments == {d["id"] for d in framework()["departments"]}
    assert len(departments) == 4


def test_framework_follows_the_contract() -> None:
    data = framework()
    assert data["title"] == "Example City Council outcomes framework"
    assert data["scheme"] == "council"
    codes = [o["code"] for o in data["outcomes"]]
    assert len(codes) == len(set(codes)), "codes are unique"
    assert 8 <= len(codes) <= 10
    departments = {d["id"] for d in data["departments"]}
    for outcome in data["outcomes"]:
        assert outcome["department"] in departments
        assert outcome["label"] and outcome["description"]
        assert 1 <= outcome["priority"] <= 5
        assert all(":" in code for code in outcome["maps_to"])
    assert sorted(data["agreed_order"]) == sorted(codes)
    assert {o["department"] for o in data["outcomes"]} == departments


def test_every_council_tag_names_a_framework_code() -> None:
    codes = set(lead_departments())
    for path in SERVICES:
        model = load_model(path)
        for node in model.nodes:
            for code in council_codes(model, node.id):
                assert code in codes, f"{path.name}: {node.id} tags council:{code}"


def test_some_outcomes_are_shared_across_departments() -> None:
    shared = [code for code, depts in codes_reached_by_department().items() if len(depts) >= 2]
    assert len(shared) >= 2, shared


def test_some_framework_outcome_is_reached_by_no_service() -> None:
    gaps = set(lead_departments()) - set(codes_reached_by_department())
    assert gaps, "the example shows a gap"
    tagged: set[str] = set()
    for path in SERVICES:
        model = load_model(path)
        for node in model.nodes:
            tagged.update(council_codes(model, node.id))
    assert gaps - tagged, "at least one gap is tagged by no model at all"


def test_one_department_undermines_another_departments_outcome() -> None:
    lead = lead_departments()
    harms = []
    for path in SERVICES:
        model = load_model(path)
        activities = activity_departments(model)
        for link in model.links:
            if link.weight >= 0 or link.from_ not in activities:
                continue
            for code in council_codes(model, link.to):
                if lead[code] != activities[link.from_]:
                    harms.append((path.stem, link.id, code))
    assert harms, "a negative link from one department's activity into another's outcome"
