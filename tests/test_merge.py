"""Three-way merge: one-sided and disjoint edits merge, real clashes are described."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies import logic_models
from test_diff import RICH, SETTINGS, edits, models

from toc.history.merge import merge_models
from toc.model import LogicModel


def _canonical(model: LogicModel) -> dict[str, Any]:
    """The model with nodes and links sorted, so that order does not matter."""
    data = model.model_dump(mode="json", by_alias=True)
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["links"] = sorted(data["links"], key=lambda k: (k["from"], k["to"]))
    for name in ("departments", "stakeholders"):
        data[name] = sorted(data[name], key=lambda item: item["id"])
    return data


@SETTINGS
@given(models(), st.data())
def test_an_edit_on_one_side_is_taken(base: LogicModel, data: st.DataObject) -> None:
    x = data.draw(edits(base)).apply(base)
    assert merge_models(base, x, base).model == x
    assert merge_models(base, base, x).model == x
    assert merge_models(base, x, x).model == x


@SETTINGS
@given(models(), models(), models())
def test_any_models_obey_the_identities(base: LogicModel, x: LogicModel, y: LogicModel) -> None:
    assert merge_models(base, x, base).model == x
    assert merge_models(base, base, y).model == y
    assert merge_models(base, x, x).model == x


@SETTINGS
@given(models(), st.data())
def test_edits_of_different_things_both_land(base: LogicModel, data: st.DataObject) -> None:
    first = data.draw(edits(base))
    second = data.draw(edits(base, avoid=first.touched))
    ours, theirs = first.apply(base), second.apply(base)
    result = merge_models(base, ours, theirs)
    assert result.conflicts == []
    assert result.model is not None
    assert _canonical(result.model) == _canonical(second.apply(first.apply(base)))
    swapped = merge_models(base, theirs, ours).model
    assert swapped is not None
    assert _canonical(swapped) == _canonical(result.model)


@RICH
@given(logic_models(), logic_models(), logic_models())
def test_any_three_models_merge_or_conflict_the_same_either_way(
    base: LogicModel, x: LogicModel, y: LogicModel
) -> None:
    result, swapped = merge_models(base, x, y), merge_models(base, y, x)
    assert result.clean == swapped.clean
    assert (result.model is None) == bool(result.conflicts)
    if result.model is not None and swapped.model is not None:
        assert _canonical(result.model) == _canonical(swapped.model)
    assert merge_models(base, x, base).model == x
    assert merge_models(base, base, y).model == y
    assert merge_models(base, x, x).model == x


def _base() -> dict[str, Any]:
    return {
        "title": "Youth",
        "nodes": [
            {"id": "grant", "label": "Grant", "stage": "input"},
            {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
            {"id": "coaching", "label": "Coaching", "stage": "activity"},
            {"id": "jobs", "label": "Young people in work", "stage": "outcome"},
        ],
        "links": [
            {"from": "grant", "to": "mentoring"},
            {"from": "mentoring", "to": "jobs", "weight": 0.6},
        ],
    }


def _edit(**changes: Any) -> LogicModel:
    """The base model with top-level keys replaced, or ``nodes__<id>`` fields updated."""
    data = _base()
    for key, value in changes.items():
        if key.startswith("node_"):
            node_id = key[len("node_") :].replace("_", "-")
            node = next(n for n in data["nodes"] if n["id"] == node_id)
            node.update(value)
        else:
            data[key] = value
    return LogicModel.model_validate(data)


BASE = LogicModel.model_validate(_base())


def test_a_move_and_a_label_edit_on_different_nodes_merge() -> None:
    ours = _edit(node_mentoring={"position": {"x": 10, "y": 20}})
    theirs = _edit(node_jobs={"label": "Young people in secure work"})
    merged = merge_models(BASE, ours, theirs).model
    assert merged is not None
    nodes = merged.node_map()
    assert nodes["mentoring"].position is not None
    assert nodes["jobs"].label == "Young people in secure work"


def test_a_new_link_and_a_new_node_merge() -> None:
    ours = _edit(links=[*_base()["links"], {"from": "coaching", "to": "jobs", "weight": -0.3}])
    theirs = _edit(nodes=[*_base()["nodes"], {"id": "rent", "label": "Rent", "stage": "input"}])
    merged = merge_models(BASE, ours, theirs).model
    assert merged is not None
    assert [n.id for n in merged.nodes][-1] == "rent"
    assert "coaching->jobs" in {k.id for k in merged.links}


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = _edit(node_jobs={"priority": 4}, title="Youth employment")
    assert merge_models(BASE, both, both.model_copy(deep=True)).model == both


def test_two_values_for_one_field_conflict_with_both_values() -> None:
    ours, theirs = _edit(node_jobs={"label": "In work"}), _edit(node_jobs={"label": "Employed"})
    result = merge_models(BASE, ours, theirs, names=("your edit", "saved revision 4"))
    assert result.model is None
    [conflict] = result.conflicts
    assert (conflict.path, conflict.base, conflict.ours, conflict.theirs) == (
        "nodes.jobs.label",
        "Young people in work",
        "In work",
        "Employed",
    )
    assert conflict.description == (
        "node 'Young people in work' (jobs): label was 'Young people in work'; "
        "your edit has 'In work', saved revision 4 has 'Employed'"
    )


def test_deleting_a_node_the_other_side_edited_conflicts() -> None:
    data = _base()
    data["nodes"] = [n for n in data["nodes"] if n["id"] != "coaching"]
    ours = LogicModel.model_validate(data)
    theirs = _edit(node_coaching={"label": "Careers coaching"})
    [conflict] = merge_models(BASE, ours, theirs).conflicts
    assert conflict.path == "nodes.coaching"
    assert conflict.ours is None
    assert conflict.description == (
        "node 'Coaching' (coaching): ours deleted it, but theirs changed it "
        "(label 'Coaching' -> 'Careers coaching')"
    )


def test_a_link_to_a_node_the_other_side_deleted_breaks_a_rule() -> None:
    data = _base()
    data["nodes"] = [n for n in data["nodes"] if n["id"] != "coaching"]
    ours = LogicModel.model_validate(data)
    theirs = _edit(links=[*_base()["links"], {"from": "coaching", "to": "jobs"}])
    result = merge_models(BASE, ours, theirs)
    assert result.model is None
    [conflict] = result.conflicts
    assert conflict.path == "structure"
    assert conflict.description.startswith("together the two edits break a rule: link ")
    assert "'coaching', which is not a node" in conflict.description


def test_two_edits_that_close_a_cycle_conflict() -> None:
    ours = _edit(links=[*_base()["links"], {"from": "mentoring", "to": "coaching"}])
    theirs = _edit(links=[*_base()["links"], {"from": "coaching", "to": "mentoring"}])
    [conflict] = merge_models(BASE, ours, theirs).conflicts
    assert "links form a cycle" in conflict.description


def test_a_field_that_no_longer_fits_the_stage_conflicts() -> None:
    ours = _edit(node_jobs={"stage": "output"})
    theirs = _edit(node_jobs={"priority": 5})
    result = merge_models(BASE, ours, theirs)
    assert result.model is None
    assert "'priority' is only for outcome and impact nodes" in result.conflicts[0].description


def test_list_fields_are_one_value() -> None:
    ours = _edit(node_jobs={"frameworks": ["sdg:8"]})
    theirs = _edit(node_jobs={"frameworks": ["toms:NT1"]})
    [conflict] = merge_models(BASE, ours, theirs).conflicts
    assert (conflict.path, conflict.ours, conflict.theirs) == (
        "nodes.jobs.frameworks",
        ["sdg:8"],
        ["toms:NT1"],
    )


def test_positions_merge_whole_not_by_coordinate() -> None:
    base = _edit(node_jobs={"position": {"x": 0, "y": 0}})
    ours = _edit(node_jobs={"position": {"x": 5, "y": 0}})
    theirs = _edit(node_jobs={"position": {"x": 0, "y": 7}})
    [conflict] = merge_models(base, ours, theirs).conflicts
    assert conflict.path == "nodes.jobs.position"


def test_ratings_merge_per_outcome() -> None:
    def rated(ratings: dict[str, float]) -> LogicModel:
        data = _base()
        data["nodes"].append({"id": "health", "label": "Health", "stage": "outcome"})
        data["stakeholders"] = [{"id": "panel", "label": "Panel", "ratings": ratings}]
        return LogicModel.model_validate(data)

    base, ours, theirs = rated({"jobs": 10}), rated({"jobs": 20}), rated({"jobs": 10, "health": 5})
    merged = merge_models(base, ours, theirs).model
    assert merged is not None
    assert merged.stakeholders[0].ratings == {"jobs": 20, "health": 5}
    clash = merge_models(base, ours, rated({"jobs": 30}))
    assert clash.conflicts[0].description == (
        "stakeholder group 'panel': rating of 'Young people in work' was 10; "
        "ours has 20, theirs has 30"
    )


def test_both_adding_a_node_with_one_id_conflicts_only_where_they_differ() -> None:
    def added(label: str) -> LogicModel:
        return _edit(nodes=[*_base()["nodes"], {"id": "new", "label": label, "stage": "input"}])

    [conflict] = merge_models(BASE, added("Rent"), added("Rates")).conflicts
    assert conflict.description == (
        "node 'Rent' (new): label was added on both sides; ours has 'Rent', theirs has 'Rates'"
    )


def test_a_preferred_side_settles_clashes_and_keeps_the_other_edits() -> None:
    ours = _edit(node_jobs={"label": "In work"}, title="Youth employment")
    theirs = _edit(node_jobs={"label": "Employed"}, node_grant={"label": "Council grant"})
    for prefer, label in (("ours", "In work"), ("theirs", "Employed")):
        result = merge_models(BASE, ours, theirs, prefer=prefer)
        assert result.clean
        assert result.model is not None
        nodes = result.model.node_map()
        assert (nodes["jobs"].label, nodes["grant"].label) == (label, "Council grant")
        assert result.model.title == "Youth employment"


def test_a_preferred_side_cannot_settle_a_broken_rule() -> None:
    ours = _edit(links=[*_base()["links"], {"from": "mentoring", "to": "coaching"}])
    theirs = _edit(links=[*_base()["links"], {"from": "coaching", "to": "mentoring"}])
    result = merge_models(BASE, ours, theirs, prefer="ours")
    assert result.model is None
    assert result.conflicts[0].path == "structure"


def test_a_box_deleted_on_one_side_and_only_dragged_on_the_other_goes() -> None:
    data = _base()
    data["nodes"] = [n for n in data["nodes"] if n["id"] != "coaching"]
    ours = LogicModel.model_validate(data)
    theirs = _edit(node_coaching={"position": {"x": 40, "y": 10}})
    for result in (merge_models(BASE, ours, theirs), merge_models(BASE, theirs, ours)):
        assert result.model is not None
        assert "coaching" not in result.model.node_map()
