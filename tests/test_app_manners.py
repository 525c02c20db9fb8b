"""Workshop manners in the editor (issue 11): details, history, checks, labels, tidy layout.

Each test opens a model saved for it and drives the page in Streamlit's AppTest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from appkit import latest, no_trouble, opened, saved

from toc.analysis.checks import findings
from toc.editor.canvas import ORIGIN
from toc.editor.markdown import markdown_literal
from toc.editor.operations import add_node, rebuilt
from toc.editor.tidy import tidied
from toc.formats.modelfiles import load_model
from toc.model import Position
from toc.store import Store
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent
YOUTH = load_model(ROOT / "models" / "youth-employment.yaml")


def test_model_details_are_renamed_as_a_revision(database: Path) -> None:
    model_id = saved(YOUTH)
    at = opened(model_id)
    next(t for t in at.text_input if t.label == "Model title").input("Jobs for young people")
    next(t for t in at.text_area if t.label == "Description").input("Agreed at the workshop")
    next(t for t in at.text_input if t.label == "Organisation").input("Anytown Council")
    next(b for b in at.button if b.label == "Save details").click().run()
    no_trouble(at)
    now = latest(model_id)
    assert now.number == 2
    assert (now.model.title, now.model.description, now.model.organisation) == (
        "Jobs for young people",
        "Agreed at the workshop",
        "Anytown Council",
    )
    assert now.model.nodes == YOUTH.nodes


def with_revisions(count: int) -> str:
    """A model saved ``count`` times, each revision with its own title."""
    model_id = saved(YOUTH)
    with Store() as store:
        for number in range(2, count + 1):
            renamed = YOUTH.model_copy(update={"title": f"Youth, take {number}"})
            store.save(model_id, renamed, base=number - 1, author="tester")
    return model_id


def test_history_pages_through_every_revision_with_its_number(database: Path) -> None:
    at = opened(with_revisions(120), views.HISTORY)
    table = at.table[0].value
    assert list(table["revision"]) == list(range(120, 70, -1))
    assert any("50 of 120" in c.value for c in at.caption)
    next(b for b in at.button if b.label.startswith("Show older")).click().run()
    no_trouble(at)
    assert list(at.table[0].value["revision"]) == list(range(120, 20, -1))
    next(b for b in at.button if b.label.startswith("Show older (20 more)")).click().run()
    no_trouble(at)
    assert list(at.table[0].value["revision"]) == list(range(120, 0, -1))
    assert not [b for b in at.button if b.label.startswith("Show older")]


def test_the_map_page_lists_the_checks_escaped(database: Path) -> None:
    loose = "*Loose* [end](http://x) $x$"
    model = add_node(YOUTH, "activity", loose)
    found = findings(model)
    at = opened(saved(model))
    box = next(e for e in at.expander if e.label == f"Checks ({len(found)})")
    table = box.table[0].value
    assert list(table["code"]) == [markdown_literal(f.code) for f in found]
    assert markdown_literal("activity-reaches-nothing") in list(table["code"])
    assert any(markdown_literal(loose) in m and loose not in m for m in table["message"])


def test_the_link_table_shows_box_labels_and_still_saves_edits(database: Path) -> None:
    model_id = saved(YOUTH)
    at = opened(model_id)
    assert not [d for d in at.dataframe if "from box" in d.value.columns]  # drawn on request
    at.toggle(key=session.SHOW_TABLES.key).set_value(True).run()
    table = next(d for d in at.dataframe if "from box" in d.value.columns).value
    names = {n.id: n.label for n in YOUTH.nodes}
    first = YOUTH.links[0]
    assert list(table.columns[:4]) == ["from", "from box", "to", "to box"]
    assert (table["from box"][0], table["to box"][0]) == (names[first.from_], names[first.to])
    # What the grid sends back: the weight of the first row changed (label cells are read-only).
    at.session_state["links-table-1"] = {
        "edited_rows": {0: {"weight": -0.5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.label == "Save link table").click().run()
    no_trouble(at)
    now = latest(model_id)
    assert now.number == 2
    assert now.model.links[0].weight == -0.5
    assert now.model.links[1:] == YOUTH.links[1:]


def positions(nodes: Any) -> dict[str, tuple[float, float]]:
    """Each box's (x, y), from the model's nodes or the canvas's."""
    return {n.id: (n.position.x, n.position.y) for n in nodes}


def test_tidy_layout_saves_the_positions_and_redraws_the_canvas(database: Path) -> None:
    piled = [n.model_copy(update={"position": Position(x=0, y=0)}) for n in YOUTH.nodes]
    model = rebuilt(YOUTH, nodes=piled)
    model_id = saved(model)
    at = opened(model_id)
    at.button(key="FormSubmitter:add-box-Tidy layout").click().run()
    no_trouble(at)
    now = latest(model_id)
    assert now.number == 2
    assert positions(now.model.nodes) == positions(tidied(model).nodes) != positions(piled)
    state = at.session_state[session.CANVAS_STATE.key]
    drawn = {n.id: (n.position["x"] - ORIGIN[0], n.position["y"] - ORIGIN[1]) for n in state.nodes}
    assert {i: drawn[i] for i in now.model.node_map()} == positions(now.model.nodes)
    assert at.session_state[session.CANVAS_SHOWS.key][1] == 2


def test_enter_adds_a_box_and_keeps_the_stage_for_the_next(database: Path) -> None:
    model_id = saved(YOUTH)
    at = opened(model_id)
    at.selectbox(key=session.ADD_STAGE.key).select("outcome")  # sent with the form
    for number, label in enumerate(["Confidence", "Stable housing"], start=2):
        at.text_input(key=session.ADD_LABEL.key).input(label)
        at.button(key="FormSubmitter:add-box-Add box").click().run()
        no_trouble(at)
        now = latest(model_id)
        assert now.number == number
        added = now.model.nodes[-1]
        assert (added.label, added.stage.value) == (label, "outcome")
        assert at.selectbox(key=session.ADD_STAGE.key).value == "outcome"  # kept
        assert at.text_input(key=session.ADD_LABEL.key).value == ""  # ready for the next
        assert at.session_state[session.SELECTION.key] == added.id


def test_an_empty_label_is_refused_under_the_field(database: Path) -> None:
    model_id = saved(YOUTH)
    at = opened(model_id)
    at.text_input(key=session.ADD_LABEL.key).input("   ")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "a box needs a label" in at.error[0].value
    assert latest(model_id).number == 1
    assert at.session_state[session.CANVAS_STATE.key] is not None  # the canvas still drawn


CROSS = load_model(ROOT / "models" / "cross-department.yaml")


def test_a_department_shows_only_its_boxes_and_edits_only_them(database: Path) -> None:
    model_id = saved(CROSS)
    at = opened(model_id)
    unit = CROSS.departments[0].id
    at.selectbox(key=session.MAP_DEPARTMENT.key).select(unit).run()
    no_trouble(at)
    state = at.session_state[session.CANVAS_STATE.key]
    boxes = {n.id for n in state.nodes if not n.id.startswith("stage:")}
    theirs = {n.id for n in CROSS.nodes if n.department == unit}
    assert boxes == theirs and boxes != {n.id for n in CROSS.nodes}
    # The canvas hands back only what it shows: nothing outside it is deleted.
    stamp = state.timestamp + 10_000
    at.session_state[session.CANVAS_STATE.key] = type(state)(
        list(state.nodes), list(state.edges), timestamp=stamp
    )
    at.run()
    no_trouble(at)
    assert latest(model_id).number == 1
    # A box added while a department is shown belongs to it.
    at.text_input(key=session.ADD_LABEL.key).input("Tenancy sustainment")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    added = latest(model_id).model.nodes[-1]
    assert (added.label, added.department) == ("Tenancy sustainment", unit)
    assert len(latest(model_id).model.nodes) == len(CROSS.nodes) + 1


def test_search_outlines_matches_and_selects_the_first(database: Path) -> None:
    model_id = saved(CROSS)
    at = opened(model_id)
    word = CROSS.nodes[3].label.split()[0]
    at.text_input(key=session.FIND.key).input(word.upper()).run()
    no_trouble(at)
    found = [n.id for n in CROSS.nodes if word.casefold() in n.label.casefold()]
    state = at.session_state[session.CANVAS_STATE.key]
    outlined = {n.id for n in state.nodes if "outline" in n.style}
    assert outlined == set(found)
    assert at.session_state[session.SELECTION.key] == found[0]


def test_the_agreed_order_is_reordered_with_move_buttons(database: Path) -> None:
    outcomes = [n.id for n in YOUTH.nodes if n.stage.is_result][:3]
    model_id = saved(rebuilt(YOUTH, agreed_order=outcomes))
    at = opened(model_id, views.PRIORITIES)
    at.button(key=f"move-up-{outcomes[2]}-1").click().run()
    no_trouble(at)
    assert latest(model_id).model.agreed_order == [outcomes[0], outcomes[2], outcomes[1]]
    assert at.button(key=f"move-up-{outcomes[0]}-2").disabled  # already first
    at.button(key=f"move-down-{outcomes[0]}-2").click().run()
    assert latest(model_id).model.agreed_order == [outcomes[2], outcomes[0], outcomes[1]]


def test_a_box_added_to_a_model_too_big_for_the_canvas_is_shown_and_selected(
    database: Path,
) -> None:
    from toc.editor.window import CANVAS_LIMIT

    many = [{"id": f"a{i}", "label": f"Activity {i}", "stage": "activity"} for i in range(400)]
    model_id = saved(rebuilt(YOUTH, nodes=[*YOUTH.nodes, *many]))
    at = opened(model_id)
    state = at.session_state[session.CANVAS_STATE.key]
    assert len([n for n in state.nodes if not n.id.startswith("stage:")]) == CANVAS_LIMIT
    at.text_input(key=session.ADD_LABEL.key).input("Added last")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    no_trouble(at)
    added = latest(model_id).model.nodes[-1].id
    state = at.session_state[session.CANVAS_STATE.key]
    assert added in {n.id for n in state.nodes}
    assert at.session_state[session.SELECTION.key] == added


def test_a_stale_pick_sent_back_right_after_a_new_box_does_not_undo_its_selection(
    database: Path,
) -> None:
    """A rerun the canvas starts before the browser drew the new pick carries the old one."""
    model_id = saved(YOUTH)
    at = opened(model_id)
    at.text_input(key=session.ADD_LABEL.key).input("Mentors")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    added = latest(model_id).model.nodes[-1].id
    assert at.session_state[session.SELECTION.key] == added
    at.selectbox(key=session.SELECTED.key).set_value("").run()  # the browser's stale value
    no_trouble(at)
    assert at.session_state[session.SELECTION.key] == added
    at.selectbox(key=session.SELECTED.key).set_value("").run()  # now the user's own choice
    assert at.session_state[session.SELECTION.key] == ""
