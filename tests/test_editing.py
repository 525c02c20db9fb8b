"""Edits, canvas round trips and table edits: pure functions on models."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc.editor.canvas import DEFAULT_WEIGHT, LARGE_SPREAD, ORIGIN, flow_state, model_from_flow
from toc.editor.geometry import column_x
from toc.editor.grids import (
    add_group,
    apply_department_rows,
    apply_link_rows,
    apply_node_rows,
    apply_rating_rows,
    department_rows,
    link_rows,
    node_rows,
    rating_rows,
)
from toc.editor.operations import (
    EditError,
    add_node,
    pop_undo,
    push_undo,
    remove_node,
    set_weight,
    update_node,
    upsert_link,
)
from toc.errors import InvalidModelError
from toc.formats.modelfiles import load_model
from toc.model import LogicModel, Stage

EXAMPLES = sorted(Path(__file__).parent.parent.joinpath("models").glob("*.y*ml"))


def small_model() -> LogicModel:
    m = LogicModel(title="Workshop")
    m = add_node(m, "input", "Grant", cost=1000)
    m = add_node(m, "activity", "Mentoring")
    m = add_node(m, "outcome", "Young people in work", priority=3)
    m = upsert_link(m, "grant", "mentoring", weight=1)
    return upsert_link(m, "mentoring", "young-people-in-work", weight=0.6)


def test_add_node_places_each_box_below_the_last_in_its_column() -> None:
    m = add_node(add_node(LogicModel(title="t"), "output", "Sessions"), "output", "Sessions")
    assert [n.id for n in m.nodes] == ["sessions", "sessions-2"]
    assert [(n.position.x, n.position.y) for n in m.nodes if n.position] == [
        (column_x(Stage.OUTPUT), 0.0),
        (column_x(Stage.OUTPUT), 90.0),
    ]


def test_edits_never_change_the_model_passed_in() -> None:
    m = small_model()
    before = m.model_dump()
    remove_node(m, "mentoring")
    set_weight(m, "mentoring->young-people-in-work", -1)
    update_node(m, "grant", label="Council grant")
    assert m.model_dump() == before


def test_remove_node_drops_its_links_ratings_and_order() -> None:
    m = add_group(small_model(), "Residents")
    m = apply_rating_rows(m, [{"id": "young-people-in-work", "residents": 60}])
    m = m.model_copy(update={"agreed_order": ["young-people-in-work"]})
    gone = remove_node(m, "young-people-in-work")
    assert [k.id for k in gone.links] == ["grant->mentoring"]
    assert gone.stakeholders[0].ratings == {}
    assert gone.agreed_order == []


def test_a_backwards_link_is_refused_with_the_fix() -> None:
    with pytest.raises(InvalidModelError, match=r"runs backwards.*reverse it"):
        upsert_link(small_model(), "young-people-in-work", "grant")


def test_update_node_to_an_unknown_stage_says_which_stages_exist() -> None:
    with pytest.raises(EditError, match="'wish' is not a stage: use one of input"):
        update_node(small_model(), "grant", stage="wish")


def test_unknown_node_is_named() -> None:
    with pytest.raises(EditError, match="no box with id 'ghost'"):
        update_node(small_model(), "ghost", label="x")


def test_set_weight_widens_bounds_to_hold_the_new_weight() -> None:
    m = upsert_link(small_model(), "grant", "mentoring", weight=0.5, low=0.4, high=0.6)
    link = set_weight(m, "grant->mentoring", -0.9).links[0]
    assert (link.low, link.weight, link.high) == (-0.9, -0.9, 0.6)


def test_undo_stack_is_bounded_and_pops_newest_first() -> None:
    stack: tuple[LogicModel, ...] = ()
    for title in "abcd":
        stack = push_undo(stack, LogicModel(title=title), limit=3)
    model, stack = pop_undo(stack)
    assert model is not None and model.title == "d"
    assert [m.title for m in stack] == ["b", "c"]


def test_canvas_round_trip_keeps_the_model() -> None:
    m = small_model()
    assert model_from_flow(m, flow_state(m)) == m


def test_canvas_delete_removes_the_box_and_its_links() -> None:
    m = small_model()
    state = flow_state(m)
    state["nodes"] = [n for n in state["nodes"] if n["id"] != "mentoring"]
    state["edges"] = [e for e in state["edges"] if "mentoring" not in e["id"]]
    assert [n.id for n in model_from_flow(m, state).nodes] == ["grant", "young-people-in-work"]


def test_a_drawn_edge_gets_the_default_weight_and_then_a_style() -> None:
    m = remove_node(small_model(), "grant")
    m = add_node(m, "input", "Volunteers")
    state = flow_state(m)
    state["edges"].append(
        {"id": "st-flow-edge_volunteers-mentoring", "source": "volunteers", "target": "mentoring"}
    )
    drawn = model_from_flow(m, state)
    assert [(k.id, k.weight) for k in drawn.links][-1] == ("volunteers->mentoring", DEFAULT_WEIGHT)
    negative = set_weight(drawn, "volunteers->mentoring", -0.5)
    styled = flow_state(negative)["edges"][-1]
    assert styled["style"]["strokeDasharray"] == "6 4"
    assert styled["label"] == "-0.5"


def test_a_backwards_drawn_edge_is_refused() -> None:
    m = small_model()
    state = flow_state(m)
    state["edges"].append({"id": "x", "source": "young-people-in-work", "target": "grant"})
    with pytest.raises(InvalidModelError, match="runs backwards"):
        model_from_flow(m, state)


def test_the_canvas_rounding_is_not_a_move() -> None:
    m = small_model()
    state = flow_state(m)
    state["nodes"][-1]["position"]["x"] += 0.2
    assert model_from_flow(m, state) is m


def test_table_rows_round_trip() -> None:
    m = small_model()
    assert apply_link_rows(apply_node_rows(m, node_rows(m)), link_rows(m)) == m


def test_table_nan_cells_mean_blank() -> None:
    m = small_model()
    rows = node_rows(m)
    rows[0]["department"] = float("nan")
    assert apply_node_rows(m, rows) == m


def test_a_new_table_row_without_a_stage_is_refused() -> None:
    with pytest.raises(EditError, match="needs a label and a stage"):
        apply_node_rows(small_model(), [*node_rows(small_model()), {"label": "New"}])


def test_negative_points_are_refused() -> None:
    m = add_group(small_model(), "Residents")
    with pytest.raises(EditError, match="Residents gave -5 points"):
        apply_rating_rows(m, [{"id": "young-people-in-work", "residents": -5}])


def test_rating_rows_round_trip() -> None:
    m = add_group(small_model(), "Residents")
    m = apply_rating_rows(m, [{"id": "young-people-in-work", "residents": 70}])
    assert apply_rating_rows(m, rating_rows(m)) == m


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_round_trips_through_the_canvas_and_tables(path: Path) -> None:
    m = load_model(path)
    assert model_from_flow(m, flow_state(m)) == m
    assert apply_link_rows(apply_node_rows(m, node_rows(m)), link_rows(m)) == m


stages = st.sampled_from([s.value for s in Stage])
labels = st.text(alphabet="abc XYZ", min_size=1, max_size=8).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(stages, labels), min_size=1, max_size=8))
def test_added_boxes_have_unique_ids_and_sit_in_their_stage_column(
    boxes: list[tuple[str, str]],
) -> None:
    m = LogicModel(title="t")
    for stage, label in boxes:
        m = add_node(m, stage, label)
    assert len({n.id for n in m.nodes}) == len(boxes)
    for node in m.nodes:
        assert node.position is not None and node.position.x == column_x(node.stage)
    places = [(n.stage, n.position.y) for n in m.nodes if n.position]
    assert len(set(places)) == len(places)


def test_large_text_spreads_the_boxes_and_reads_places_back_unspread() -> None:
    m = small_model()
    state = flow_state(m, large_text=True)
    x = column_x(Stage.OUTCOME) * LARGE_SPREAD[0] + ORIGIN[0]
    assert state["nodes"][-1]["position"]["x"] == x
    assert model_from_flow(m, state, large_text=True) == m
    assert model_from_flow(m, state) != m


@settings(max_examples=40, deadline=None)
@given(st.floats(-1, 1).filter(lambda w: w != 0))
def test_any_weight_survives_the_canvas(weight: float) -> None:
    m = set_weight(small_model(), "mentoring->young-people-in-work", weight)
    assert model_from_flow(m, flow_state(m)) == m


def test_departments_are_added_from_rows_and_kept_while_boxes_name_them() -> None:
    m = apply_department_rows(small_model(), [{"label": "Housing", "colour": "#1f77b4"}])
    m = update_node(m, "mentoring", department="housing")
    assert department_rows(m) == [{"id": "housing", "label": "Housing", "colour": "#1f77b4"}]
    with pytest.raises(InvalidModelError, match="names department 'housing'"):
        apply_department_rows(m, [])


def test_boxes_with_long_labels_never_overlap_in_their_column() -> None:
    from toc.editor.geometry import box_height, positions

    m = LogicModel(title="t")
    labels = ["Short", "A much longer label that wraps over several lines of the box " * 2, "Next"]
    for label in labels:
        m = add_node(m, "activity", label)
    unsaved = m.model_copy(
        update={"nodes": [n.model_copy(update={"position": None}) for n in m.nodes]}
    )
    for model in (m, unsaved):
        places = positions(model)
        tops = [places[n.id].y for n in model.nodes]
        bottoms = [top + box_height(n.label) for top, n in zip(tops, model.nodes, strict=True)]
        assert all(bottom < below for bottom, below in zip(bottoms, tops[1:], strict=False))


def test_the_canvas_window_is_bounded_and_a_search_brings_its_matches_and_neighbours() -> None:
    from toc.editor.window import window

    nodes = [{"id": f"a{i}", "label": f"Activity {i}", "stage": "activity"} for i in range(50)]
    nodes += [{"id": "far", "label": "Far outcome", "stage": "outcome"}]
    m = LogicModel.model_validate(
        {"title": "t", "nodes": nodes, "links": [{"from": "a3", "to": "far"}]}
    )
    whole = window(m, limit=100)
    assert whole.shown is None and whole.left_out == 0 and not whole.note
    part = window(m, limit=10)
    assert part.shown is not None and len(part.shown) == 10 and part.left_out == 41
    assert "10 of the 51 boxes" in part.note
    found = window(m, query="far outcome", limit=10)
    assert found.marked == {"far"} and {"far", "a3"} <= (found.shown or set())


def test_a_canvas_showing_part_of_the_model_changes_only_that_part() -> None:
    m = small_model()
    inside = {m.nodes[0].id}
    state = flow_state(m, shown=inside)
    assert {n["id"] for n in state["nodes"] if ":" not in n["id"]} == inside
    assert state["edges"] == []  # no link has both ends inside
    assert model_from_flow(m, state, shown=inside) == m  # nothing outside is deleted
    state["nodes"] = [n for n in state["nodes"] if n["id"] not in inside]
    assert [n.id for n in model_from_flow(m, state, shown=inside).nodes] == [
        n.id for n in m.nodes[1:]
    ]


def test_outcomes_split_into_horizon_columns_on_the_canvas_and_in_a_tidy_layout() -> None:
    from toc.editor.tidy import tidied

    m = add_node(LogicModel(title="t"), "outcome", "Confidence", horizon="short")
    m = add_node(m, "outcome", "Work", horizon="long")
    m = add_node(m, "impact", "Thriving")
    xs = {n.id: n.position.x for n in tidied(m).nodes if n.position}
    assert xs["confidence"] < xs["work"] < xs["thriving"]
    headings = [n["data"]["content"] for n in flow_state(m)["nodes"] if ":" in n["id"]]
    assert "**Outcomes: short term**" in headings and "**Outcomes: long term**" in headings
    moved = update_node(m, "confidence", horizon="long")
    place = moved.node_map()["confidence"].position
    assert place is not None and place.x == xs["work"]
