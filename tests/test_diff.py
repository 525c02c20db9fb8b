"""The diff of two models, and its words; the model and edit strategies live here too.

``models()`` draws small valid models; ``edits(model)`` draws one edit of a
model as a function, with the lines the diff should say for it and the node
and link ids it touches (test_merge uses these to make non-overlapping edits).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import logic_models

from toc.history.diff import FieldChange, describe_diff, diff_models, format_value, summarise_diff
from toc.model import STAGES, Link, LogicModel, Node, Position, Stage

IDS = [f"n{i}" for i in range(8)]
LABELS = st.sampled_from(["Mentoring", "Jobs", "Grant", "Café ☕", "Wellbeing", "Housing"])
WEIGHTS = st.sampled_from([-1.0, -0.6, -0.2, 0.3, 0.5, 0.9, 1.0])
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def models(draw: st.DrawFn) -> LogicModel:
    """A small valid model: up to eight nodes, links only forward through the stages."""
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=len(IDS)))
    nodes = [
        Node(id=i, label=f"{draw(LABELS)} {i}", stage=draw(st.sampled_from(STAGES))) for i in ids
    ]
    pairs = [(a.id, b.id) for a in nodes for b in nodes if a.stage.rank < b.stage.rank]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    links = [Link(from_=a, to=b, weight=draw(WEIGHTS)) for a, b in chosen]
    return LogicModel(title=draw(LABELS), nodes=nodes, links=links)


Edit = Callable[[LogicModel], LogicModel]


@dataclass(frozen=True)
class Drawn:
    """One edit: the function that makes it, what the diff says, and what it touches."""

    apply: Edit
    lines: list[str]
    touched: frozenset[str]


def _with(model: LogicModel, **changes: object) -> LogicModel:
    return LogicModel.model_validate(model.model_dump() | changes)


def _replace_node(node_id: str, **changes: object) -> Edit:
    def apply(model: LogicModel) -> LogicModel:
        nodes = [n.model_copy(update=changes) if n.id == node_id else n for n in model.nodes]
        return _with(model, nodes=nodes)

    return apply


def _free(model: LogicModel, avoid: frozenset[str]) -> list[Node]:
    return [n for n in model.nodes if n.id not in avoid]


def _free_links(model: LogicModel, avoid: frozenset[str]) -> list[Link]:
    return [k for k in model.links if not {k.id, k.from_, k.to} & avoid]


@st.composite
def _rename(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str]) -> Drawn | None:
    free = _free(model, avoid)
    if not free:
        return None
    node = draw(st.sampled_from(free))
    label = f"Renamed {node.id}"
    lines = [f"renamed node '{node.label}' to '{label}'"]
    return Drawn(_replace_node(node.id, label=label), lines, frozenset({node.id}))


@st.composite
def _move(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str]) -> Drawn | None:
    free = _free(model, avoid)
    if not free:
        return None
    moved = draw(st.lists(st.sampled_from(free), min_size=1, unique_by=lambda n: n.id))
    where = draw(st.integers(1, 500))

    def apply(model: LogicModel) -> LogicModel:
        ids = {n.id for n in moved}
        spot = Position(x=where, y=-where)
        nodes = [n.model_copy(update={"position": spot}) if n.id in ids else n for n in model.nodes]
        return _with(model, nodes=nodes)

    count = len(moved)
    line = f"moved {count} box" + ("" if count == 1 else "es")
    return Drawn(apply, [line], frozenset(n.id for n in moved))


@st.composite
def _reweigh(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str]) -> Drawn | None:
    free = _free_links(model, avoid)
    if not free:
        return None
    link = draw(st.sampled_from(free))
    weight = draw(WEIGHTS.filter(lambda w: w != link.weight))

    def apply(model: LogicModel) -> LogicModel:
        links = [
            k.model_copy(update={"weight": weight}) if k.id == link.id else k for k in model.links
        ]
        return _with(model, links=links)

    labels = {n.id: n.label for n in model.nodes}
    line = (
        f"link '{labels[link.from_]}' -> '{labels[link.to]}' weight {link.weight:g} -> {weight:g}"
    )
    return Drawn(apply, [line], frozenset({link.id, link.from_, link.to}))


@st.composite
def _add_node(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str]) -> Drawn | None:
    free = [i for i in ["new-a", "new-b", "new-c"] if i not in avoid and i not in model.node_map()]
    if not free:
        return None
    node = Node(
        id=draw(st.sampled_from(free)), label=draw(LABELS), stage=draw(st.sampled_from(STAGES))
    )

    def apply(model: LogicModel) -> LogicModel:
        return _with(model, nodes=[*model.nodes, node])

    lines = [f"added node '{node.label}' ({node.stage.value})"]
    return Drawn(apply, lines, frozenset({node.id}))


@st.composite
def _remove_link(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str]) -> Drawn | None:
    free = _free_links(model, avoid)
    if not free:
        return None
    link = draw(st.sampled_from(free))

    def apply(model: LogicModel) -> LogicModel:
        return _with(model, links=[k for k in model.links if k.id != link.id])

    labels = {n.id: n.label for n in model.nodes}
    line = f"removed link '{labels[link.from_]}' -> '{labels[link.to]}'"
    return Drawn(apply, [line], frozenset({link.id, link.from_, link.to}))


@st.composite
def _add_link(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str]) -> Drawn | None:
    have = {k.id for k in model.links}
    free = _free(model, avoid)
    pairs = [(a, b) for a in free for b in free if a.stage.rank < b.stage.rank]
    pairs = [(a, b) for a, b in pairs if f"{a.id}->{b.id}" not in have]
    if not pairs:
        return None
    a, b = draw(st.sampled_from(pairs))
    link = Link(from_=a.id, to=b.id, weight=draw(WEIGHTS))

    def apply(model: LogicModel) -> LogicModel:
        return _with(model, links=[*model.links, link])

    line = f"added link '{a.label}' -> '{b.label}' (weight {link.weight:g})"
    return Drawn(apply, [line], frozenset({link.id, a.id, b.id}))


@st.composite
def _prioritise(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str]) -> Drawn | None:
    valued = [n for n in _free(model, avoid) if n.stage in (Stage.OUTCOME, Stage.IMPACT)]
    if not valued:
        return None
    node = draw(st.sampled_from(valued))
    priority = float(draw(st.integers(1, 5)))
    line = f"priority of '{node.label}' none -> {priority:g}"
    return Drawn(_replace_node(node.id, priority=priority), [line], frozenset({node.id}))


def _retitle(model: LogicModel, avoid: frozenset[str]) -> st.SearchStrategy[Drawn | None]:
    if "title" in avoid:
        return st.none()
    title = f"{model.title} (agreed)"
    line = f"title '{model.title}' -> '{title}'"
    return st.just(Drawn(lambda m: _with(m, title=title), [line], frozenset({"title"})))


_KINDS = [_rename, _move, _reweigh, _add_node, _remove_link, _add_link, _prioritise, _retitle]


@st.composite
def edits(draw: st.DrawFn, model: LogicModel, avoid: frozenset[str] = frozenset()) -> Drawn:
    """One edit of ``model`` touching nothing in ``avoid`` (the title edit always fits)."""
    order = draw(st.permutations(_KINDS))
    for kind in order:
        drawn = draw(kind(model, avoid))
        if drawn is not None:
            return drawn
    raise AssertionError("the title edit always fits unless avoided")  # pragma: no cover


@SETTINGS
@given(models())
def test_a_model_does_not_differ_from_itself(model: LogicModel) -> None:
    diff = diff_models(model, model)
    assert diff.empty
    assert describe_diff(diff) == []
    assert summarise_diff(diff) == "no changes"


@SETTINGS
@given(models(), st.data())
def test_the_diff_of_an_edit_says_exactly_that_edit(model: LogicModel, data: st.DataObject) -> None:
    drawn = data.draw(edits(model))
    diff = diff_models(model, drawn.apply(model))
    assert describe_diff(diff) == drawn.lines
    assert summarise_diff(diff) == drawn.lines[0]


def _youth() -> LogicModel:
    return LogicModel.model_validate(
        {
            "title": "Youth",
            "departments": [{"id": "economy", "label": "Economy"}],
            "stakeholders": [{"id": "panel", "label": "Youth panel", "ratings": {"jobs": 30}}],
            "nodes": [
                {"id": "grant", "label": "Grant", "stage": "input", "cost": 1000},
                {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
                {"id": "jobs", "label": "Young people in work", "stage": "outcome"},
            ],
            "links": [
                {"from": "grant", "to": "mentoring"},
                {"from": "mentoring", "to": "jobs", "weight": 0.6},
            ],
        }
    )


def _changed(**data: object) -> LogicModel:
    return LogicModel.model_validate(_youth().model_dump() | data)


def test_a_removed_node_and_its_links_are_each_listed() -> None:
    old = _youth()
    nodes, links = old.model_dump()["nodes"][:2], [old.links[0].model_dump()]
    new = _changed(nodes=nodes, links=links, stakeholders=[])
    assert describe_diff(diff_models(old, new)) == [
        "removed node 'Young people in work' (outcome)",
        "removed link 'Mentoring' -> 'Young people in work'",
        "removed stakeholder group 'Youth panel'",
    ]


def test_model_level_changes_read_as_words() -> None:
    old = _youth()
    groups = [{"id": "panel", "label": "Youth panel", "ratings": {"jobs": 50}}]
    new = _changed(
        departments=[{"id": "economy", "label": "Economy and Skills"}],
        stakeholders=groups,
        agreed_order=["jobs"],
        valuation={"discount_rate": 0.03},
    )
    assert describe_diff(diff_models(old, new)) == [
        "agreed order none -> Young people in work",
        "department 'Economy and Skills' label 'Economy' -> 'Economy and Skills'",
        "stakeholder group 'Youth panel' rating of 'Young people in work' 30 -> 50",
        "added valuation settings",
    ]
    newer = new.model_copy(
        update={"valuation": new.valuation.model_copy(update={"discount_rate": 0.0})}
    )
    assert describe_diff(diff_models(new, newer)) == ["valuation.discount_rate 0.03 -> 0"]


def test_node_fields_are_named_by_path() -> None:
    old = _youth()
    nodes = old.model_dump()["nodes"]
    nodes[2] |= {"frameworks": ["sdg:8"], "value": {"quantity": 40, "proxy": 8000}}
    nodes[0] |= {"cost": 2000}
    new = _changed(nodes=nodes)
    lines = describe_diff(diff_models(old, new))
    assert lines[:2] == [
        "node 'Grant' cost 1000 -> 2000",
        "node 'Young people in work' frameworks none -> sdg:8",
    ]
    assert lines[2].startswith("node 'Young people in work' value none -> quantity 40, proxy 8000")
    assert len(lines) == 3


def test_many_changes_are_counted_in_the_summary() -> None:
    old = _youth()
    nodes = old.model_dump()["nodes"]
    for index, node in enumerate(nodes):
        node["position"] = {"x": index, "y": 0}
    nodes[1]["label"] = "Peer mentoring"
    new = _changed(nodes=nodes, title="Youth employment")
    assert summarise_diff(diff_models(old, new)) == (
        "changed 1 node, moved 3 boxes, changed the title"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "none"), (True, "yes"), (3, "3"), ("x" * 80, "'" + "x" * 59 + "…'"), ([], "none")],
)
def test_values_are_shown_briefly(value: object, shown: str) -> None:
    assert format_value(value) == shown


def test_a_field_change_holds_both_values() -> None:
    old, new = _youth(), _changed(title="Youth employment")
    assert diff_models(old, new).model_changes == [
        FieldChange("title", "Youth", "Youth employment")
    ]


RICH = settings(max_examples=10, deadline=None)


@RICH
@given(logic_models(), logic_models())
def test_any_two_models_differ_exactly_when_unequal(old: LogicModel, new: LogicModel) -> None:
    diff = diff_models(old, new)
    assert diff.empty == (old == new)
    assert bool(describe_diff(diff)) == (old != new)
    assert diff_models(new, new).empty


def test_indicators_are_matched_by_name() -> None:
    def with_indicators(*indicators: dict[str, object]) -> LogicModel:
        data = _youth().model_dump()
        data["nodes"][2]["indicators"] = list(indicators)
        return LogicModel.model_validate(data)

    old = with_indicators({"name": "In work", "target": 40}, {"name": "Wages"})
    new = with_indicators({"name": "In work", "target": 50}, {"name": "Hours"})
    assert describe_diff(diff_models(old, new)) == [
        "node 'Young people in work' indicator 'In work' target 40 -> 50",
        "node 'Young people in work' added indicator 'Hours'",
        "node 'Young people in work' removed indicator 'Wages'",
    ]
    swapped = with_indicators({"name": "Wages"}, {"name": "In work", "target": 40})
    assert describe_diff(diff_models(old, swapped)) == [
        "node 'Young people in work' reordered indicators"
    ]
