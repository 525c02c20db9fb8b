"""The schema and its structural rules, exercised in code rather than through files."""

from __future__ import annotations

from typing import Any

import pytest

from toc import InvalidModelError, LogicModel, Stage
from toc.model.rules import find_cycle


def model(nodes: list[dict[str, Any]], links: list[dict[str, Any]] | None = None) -> LogicModel:
    return LogicModel.model_validate({"title": "t", "nodes": nodes, "links": links or []})


def node(id_: str, stage: str, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "label": id_.title(), "stage": stage, **extra}


def test_link_weight_defaults_to_one_and_id_joins_ends() -> None:
    m = model([node("a", "activity"), node("o", "outcome")], [{"from": "a", "to": "o"}])
    assert m.links[0].weight == 1.0
    assert m.links[0].id == "a->o"


def test_same_stage_links_are_allowed_when_acyclic() -> None:
    m = model(
        [node("s", "outcome", horizon="short"), node("l", "outcome", horizon="long")],
        [{"from": "s", "to": "l", "weight": 0.5}],
    )
    assert find_cycle(m) == []


def test_skipping_stages_forward_is_allowed() -> None:
    m = model([node("i", "input"), node("x", "impact")], [{"from": "i", "to": "x"}])
    assert [n.stage for n in m.nodes] == [Stage.INPUT, Stage.IMPACT]


@pytest.mark.parametrize(
    ("field", "value", "stage", "message"),
    [
        ("cost", 10, "activity", "'cost' is only for input nodes"),
        ("horizon", "short", "impact", "'horizon' is only for outcome nodes"),
        ("input_kind", "staff", "output", "'input_kind' is only for input nodes"),
        ("priority", 2, "input", "'priority' is only for outcome and impact nodes"),
    ],
)
def test_fields_belong_to_their_stage(field: str, value: Any, stage: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        model([node("a", stage, **{field: value})])


def test_negative_priority_is_refused() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        model([node("o", "outcome", priority=-1)])


def test_bounds_must_hold_the_weight() -> None:
    links = [{"from": "a", "to": "o", "weight": 0.5, "low": 0.6}]
    with pytest.raises(ValueError, match=r"low \(0.6\) <= weight \(0.5\)"):
        model([node("a", "activity"), node("o", "outcome")], links)


def test_duplicate_link_is_refused() -> None:
    links = [{"from": "a", "to": "o"}, {"from": "a", "to": "o", "weight": -0.5}]
    with pytest.raises(InvalidModelError, match="link 'a->o' appears twice"):
        model([node("a", "activity"), node("o", "outcome")], links)


def test_ratings_must_name_outcomes() -> None:
    data = {
        "title": "t",
        "nodes": [node("a", "activity")],
        "stakeholders": [{"id": "g", "label": "G", "ratings": {"a": 10}}],
    }
    with pytest.raises(InvalidModelError, match="group 'g' rates 'a', which is not an outcome"):
        LogicModel.model_validate(data)


def test_agreed_order_must_name_outcomes_once() -> None:
    data = {"title": "t", "nodes": [node("o", "outcome")], "agreed_order": ["o", "o", "zz"]}
    with pytest.raises(InvalidModelError) as caught:
        LogicModel.model_validate(data)
    messages = [p.message for p in caught.value.problems]
    assert any("lists 'zz'" in m for m in messages)
    assert any("lists 'o' 2 times" in m for m in messages)


def test_cycle_is_named_in_order() -> None:
    nodes = [node("a", "outcome"), node("b", "outcome"), node("c", "outcome")]
    links = [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "b"}]
    with pytest.raises(InvalidModelError, match="cycle: b -> c -> b"):
        model(nodes, links)
