"""The editor, page by page, in Streamlit's AppTest (no browser).

The canvas is a custom component that AppTest cannot drive, so a user's
canvas edit is simulated the way the app receives it: a newer component
state in the session's ``CANVAS_STATE`` slot.
"""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from appkit import APP, no_trouble
from streamlit.testing.v1 import AppTest
from streamlit_flow.elements import StreamlitFlowEdge, StreamlitFlowNode
from streamlit_flow.state import StreamlitFlowState

from toc.analysis.influence import drivers
from toc.editor.canvas import ORIGIN
from toc.editor.markdown import markdown_literal
from toc.formats.modelfiles import load_model
from toc.store import Store
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "models").glob("*.yaml"))
PAGES = [
    views.MAP,
    views.PRIORITIES,
    views.ANALYSE,
    views.VALUE,
    views.DIAGRAM,
    views.HISTORY,
    views.MODELS,
]


def started() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def model_id(title: str) -> str:
    with Store() as store:
        return next(s.id for s in store.list_models() if s.title == title)


def opened(title: str) -> AppTest:
    at = started()
    at.session_state[session.MODEL_ID.key] = model_id(title)
    at.switch_page(views.MAP.file).run()
    assert not at.exception, at.exception
    return at


def latest(title: str):  # type: ignore[no-untyped-def]
    with Store() as store:
        return store.latest(model_id(title))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_page_shows_every_example(database: Path, path: Path) -> None:
    at = opened(load_model(path).title)
    for page in PAGES:
        at.switch_page(page.file).run()
        no_trouble(at)
        assert at.title, page.title


def test_pages_without_a_model_point_to_the_models_page(database: Path) -> None:
    at = started()
    for page in PAGES[:-1]:
        at.switch_page(page.file).run()
        assert not at.exception
        assert "Open a model first" in at.info[0].value


def canvas_edit(at: AppTest, **change: object) -> None:
    """Hand the app a canvas state as the component would after a user's edit.

    ``moved`` gives the places as the model saves them; the canvas shows them shifted by
    :data:`toc.editor.canvas.ORIGIN`.
    """
    state: StreamlitFlowState = at.session_state[session.CANVAS_STATE.key]
    nodes = [n for n in state.nodes if n.id not in change.get("deleted", ())]
    for node in nodes:
        if node.id in change.get("moved", {}):
            x, y = change["moved"][node.id]  # type: ignore[index]
            node.position = {"x": x + ORIGIN[0], "y": y + ORIGIN[1]}
    edges = list(state.edges)
    for source, target in change.get("drawn", ()):  # type: ignore[attr-defined]
        edges.append(StreamlitFlowEdge(f"st-flow-edge_{source}-{target}", source, target))
    stamp = int(time.time() * 1000) + 10_000
    at.session_state[session.CANVAS_STATE.key] = StreamlitFlowState(nodes, edges, timestamp=stamp)
    at.run()


def test_canvas_edits_are_saved_as_revisions(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    before = latest(title).model
    activity = next(n.id for n in before.nodes if n.stage.value == "activity")
    impact = next(n.id for n in before.nodes if n.stage.value == "impact")
    canvas_edit(at, moved={activity: (300.0, 999.0)}, drawn=[(activity, impact)])
    no_trouble(at)
    after = latest(title)
    assert after.number == 2
    moved = after.model.node_map()[activity].position
    assert moved is not None and (moved.x, moved.y) == (300.0, 999.0)
    assert any(k.id == f"{activity}->{impact}" and k.weight == 0.5 for k in after.model.links)
    assert after.author == "workshop"


def test_deleting_on_the_canvas_removes_the_box(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    victim = latest(title).model.nodes[0].id
    canvas_edit(at, deleted=[victim])
    no_trouble(at)
    assert victim not in latest(title).model.node_map()


def test_a_backwards_edge_is_explained_not_raised(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    model = latest(title).model
    first, last = model.nodes[0].id, model.nodes[-1].id
    stage = {n.id: n.stage.rank for n in model.nodes}
    source, target = (first, last) if stage[first] > stage[last] else (last, first)
    canvas_edit(at, drawn=[(source, target)])
    assert not at.exception
    assert "runs backwards" in at.error[0].value
    assert latest(title).number == 1


def test_add_a_box_set_a_negative_weight_and_undo(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    at.selectbox(key="add-stage").set_value("outcome")
    at.text_input(key="add-label").input("Less crime")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    no_trouble(at)
    assert "less-crime" in latest(title).model.node_map()
    link = latest(title).model.links[0]
    at.selectbox(key="selected").set_value(link.id).run()
    at.slider[0].set_value(-0.75)
    at.button(key=f"FormSubmitter:link-{link.id}-2-Save link").click().run()
    no_trouble(at)
    assert latest(title).model.links[0].weight == -0.75
    at.button(key="FormSubmitter:add-box-Undo").click().run()
    no_trouble(at)
    saved = latest(title)
    assert saved.number == 4 and saved.model.links[0].weight == link.weight


def test_priorities_set_directly_change_the_driver_ranking(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    at.switch_page(views.ANALYSE.file).run()
    before = at.table[0].value["activity"].tolist()
    model = latest(title).model
    outcomes = [n for n in model.nodes if n.stage.value in ("outcome", "impact")]
    ranks = {  # st.table reads markdown, so the app shows each label escaped
        o.id: [markdown_literal(d.label) for d in drivers(model, weights={o.id: 1.0})]
        for o in outcomes
    }
    ranks = {k: v[: len(before)] for k, v in ranks.items()}
    chosen = next(i for i, o in enumerate(outcomes) if ranks[o.id] != before)
    at.switch_page(views.PRIORITIES.file).run()
    for index, field in enumerate(at.number_input[: len(outcomes)]):
        field.set_value(10.0 if index == chosen else 0.0)
    at.button[0].click().run()
    no_trouble(at)
    at.switch_page(views.ANALYSE.file).run()
    no_trouble(at)
    assert at.table[0].value["activity"].tolist() == ranks[outcomes[chosen].id]


def test_two_tabs_that_clash_let_the_user_choose(database: Path) -> None:
    title = "Youth employment service"
    first, second = opened(title), opened(title)
    node, other = latest(title).model.nodes[:2]
    for at in (first, second):
        at.selectbox(key="selected").set_value(node.id).run()
    for at, label in ((first, "Mine"), (second, "Theirs")):
        next(t for t in at.text_input if t.label == "Label").input(label)
        at.button(key=f"FormSubmitter:node-{node.id}-1-Save box").click().run()
    first.selectbox(key="selected").set_value(other.id).run()
    next(t for t in first.text_input if t.label == "Label").input("Also mine")
    first.button(key=f"FormSubmitter:node-{other.id}-2-Save box").click().run()
    assert [n.label for n in latest(title).model.nodes[:2]] == ["Mine", "Also mine"]
    assert any("another tab" in w.value for w in second.warning)
    assert "Mine" in second.table[0].value.to_string()
    second.button(key="conflict-mine").click().run()
    no_trouble(second)
    assert [n.label for n in latest(title).model.nodes[:2]] == ["Theirs", "Also mine"]
    assert not second.warning


def test_edits_in_two_tabs_to_different_boxes_merge(database: Path) -> None:
    title = "Youth employment service"
    first, second = opened(title), opened(title)
    one, two = latest(title).model.nodes[:2]
    for at, node in ((first, one), (second, two)):
        at.selectbox(key="selected").set_value(node.id).run()
        next(t for t in at.text_input if t.label == "Label").input(f"{node.label}!")
        at.button(key=f"FormSubmitter:node-{node.id}-1-Save box").click().run()
        no_trouble(at)
    labels = [n.label for n in latest(title).model.nodes[:2]]
    assert labels == [f"{one.label}!", f"{two.label}!"]


def press(label: str, chosen: str | None = None) -> AppTest:
    """A fresh session on the Models page: choose a model to manage and press a button."""
    at = started()
    if chosen is not None:
        at.selectbox(key="manage").set_value(model_id(chosen))
    next(b for b in at.button if b.label.startswith(label)).click().run()
    no_trouble(at)
    return at


def titles(*, include_deleted: bool = False) -> list[str]:
    with Store() as store:
        return [s.title for s in store.list_models(include_deleted=include_deleted)]


def test_models_page_creates_duplicates_deletes_and_restores(database: Path) -> None:
    at = started()
    next(t for t in at.text_input if t.label == "Title").input("Workshop model")
    next(s for s in at.selectbox if s.label == "Start from").set_value("Blank")
    at.button(key="FormSubmitter:new-model-Create model").click().run()
    no_trouble(at)
    assert latest("Workshop model").model.nodes == []
    assert at.session_state[session.MODEL_ID.key] == model_id("Workshop model")
    press("Duplicate", "Workshop model")
    assert titles().count("Workshop model (copy)") == 1
    press("Delete", "Workshop model")
    assert "Workshop model" not in titles()
    assert "Workshop model" in titles(include_deleted=True)
    press("Restore")
    assert "Workshop model" in titles()


def test_history_shows_a_diff_and_restores(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    canvas_edit(at, deleted=[latest(title).model.nodes[0].id])
    at.switch_page(views.HISTORY.file).run()
    no_trouble(at)
    assert any("removed" in m.value for m in at.markdown)
    next(b for b in at.button if b.label.startswith("Restore")).click().run()
    no_trouble(at)
    assert latest(title).number == 3
    assert latest(title).model == latest_revision_one(title)


def latest_revision_one(title: str):  # type: ignore[no-untyped-def]
    with Store() as store:
        return store.revision(model_id(title), 1).model


def test_large_text_mode_shows_every_page(database: Path) -> None:
    at = opened("Youth employment service")
    at.session_state[session.LARGE_TEXT.key] = True
    at.run()
    for page in PAGES:
        at.switch_page(page.file).run()
        no_trouble(at)
    assert at.session_state[session.CANVAS_STATE.key].nodes[-1].style["fontSize"] == "24px"


def test_the_app_leaves_databases_yaml_and_graphs_to_the_library() -> None:
    banned = {"networkx", "yaml", "sqlalchemy", "alembic"}
    for path in (ROOT / "apps").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not {n.split(".")[0] for n in names} & banned, path


def test_an_uploaded_model_is_added_and_opened(database: Path) -> None:
    at = started()
    text = (
        (ROOT / "models" / "youth-employment.yaml")
        .read_bytes()
        .replace(b"title: Youth employment service", b"title: Uploaded youth model")
    )
    at.file_uploader[0].set_value(("youth.yaml", text, "application/yaml")).run()
    at.button(key="upload").click().run()
    no_trouble(at)
    assert latest("Uploaded youth model").summary.startswith("uploaded youth.yaml")


def test_a_broken_upload_says_what_is_wrong(database: Path) -> None:
    at = started()
    bad = b"title: Broken\nnodes:\n  - id: a\n    label: A\n    stage: wish\n"
    at.file_uploader[0].set_value(("broken.yaml", bad, "application/yaml")).run()
    at.button(key="upload").click().run()
    assert not at.exception
    said = at.error[0].value  # escaped: messages quote what the user typed
    assert markdown_literal("broken.yaml") in said and "wish" in said
    # Under the upload, where the user is looking, not below the list of models.
    new = next(c for c in at.columns if any(b.key == "upload" for b in c.button))
    assert [e.value for e in new.error] == [said]


@pytest.mark.parametrize("start", ["Blank", "Starter (one box per stage)"])
def test_every_page_copes_with_a_new_model(database: Path, start: str) -> None:
    at = started()
    next(t for t in at.text_input if t.label == "Title").input("New one")
    next(s for s in at.selectbox if s.label == "Start from").set_value(start)
    at.button(key="FormSubmitter:new-model-Create model").click().run()
    for page in PAGES:
        at.switch_page(page.file).run()
        no_trouble(at)


def test_undo_never_crosses_into_another_model(database: Path) -> None:
    at = opened("Youth employment service")
    at.text_input(key="add-label").input("Less crime")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    assert at.session_state[session.UNDO.key]
    at.switch_page(views.MODELS.file).run()
    other = model_id("SROI worked example (illustrative numbers)")
    at.button(key=f"open-{other}").click().run()
    no_trouble(at)
    assert session.UNDO.key not in at.session_state or not at.session_state[session.UNDO.key]
    assert at.button(key="FormSubmitter:add-box-Undo").disabled


def test_what_if_and_sensitivity_on_request(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    at.switch_page(views.ANALYSE.file).run()
    activity = next(n.id for n in latest(title).model.nodes if n.stage.value == "activity")
    at.multiselect(key="whatif").set_value([activity]).run()
    no_trouble(at)
    assert at.metric[0].label == "Total support of the priority outcomes"
    assert at.metric[0].delta.startswith("-")
    at.select_slider[0].set_value(200)
    next(b for b in at.button if b.label == "Run sensitivity analysis").click().run()
    no_trouble(at)
    headers = [str(c) for t in at.table for c in t.value.columns]
    assert any(h.startswith(markdown_literal("P(top")) for h in headers)


def test_diagram_focus_and_outline(database: Path) -> None:
    title = "Shared outcomes across housing, public health and economy"
    at = opened(title)
    at.switch_page(views.DIAGRAM.file).run()
    focus = next(n for n in latest(title).model.nodes if n.stage.value == "activity")
    at.selectbox[0].set_value(focus.id).run()
    no_trouble(at)
    assert focus.label in at.code[0].value  # the text outline names every box


def test_a_drag_is_saved_without_redrawing_the_canvas(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    box = latest(title).model.nodes[0].id
    canvas_edit(at, moved={box: (10.0, 700.0)})
    no_trouble(at)
    assert latest(title).number == 2
    assert at.session_state[session.CANVAS_SHOWS.key][1] == 2
    shown = at.session_state[session.CANVAS_STATE.key]
    assert next(n for n in shown.nodes if n.id == box).position == {
        "x": 10.0 + ORIGIN[0],
        "y": 700.0 + ORIGIN[1],
    }
    model = latest(title).model
    activity = next(n.id for n in model.nodes if n.stage.value == "activity")
    impact = next(n.id for n in model.nodes if n.stage.value == "impact")
    canvas_edit(at, drawn=[(activity, impact)])
    no_trouble(at)
    assert latest(title).number == 3
    restyled = at.session_state[session.CANVAS_STATE.key]
    assert restyled.timestamp != shown.timestamp
    assert next(e for e in restyled.edges if e.id == f"{activity}->{impact}").label == "+0.5"


def test_a_canvas_report_made_before_a_new_box_never_deletes_it(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The canvas reports every state it takes; one that reaches the server with the click
    that adds a box was made without that box, and reading it back would delete it."""
    from tocapp import flow

    title = "Youth employment service"
    at = opened(title)
    shown: StreamlitFlowState = at.session_state[session.CANVAS_STATE.key]
    stamp = int(time.time() * 1000) + 10_000
    stale = StreamlitFlowState(list(shown.nodes), list(shown.edges), timestamp=stamp)
    monkeypatch.setattr(flow, "flow_canvas", lambda *args, **kwargs: stale)
    at.text_input(key="add-label").input("Less crime")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    no_trouble(at)
    saved = latest(title)
    assert "less-crime" in saved.model.node_map() and saved.number == 2


def test_a_canvas_report_made_on_an_older_state_in_a_later_run_never_deletes(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy server the canvas's report made on the state before a new box (its
    layout, a click) can reach the app in a run after the one that pushed the new state:
    it is set aside until the canvas reports taking the new state; after that, an edit
    on the canvas counts again."""
    from tocapp import flow

    title = "Youth employment service"
    at = opened(title)
    shown: StreamlitFlowState = at.session_state[session.CANVAS_STATE.key]
    reports: list[StreamlitFlowState] = []

    def report(nodes: list[StreamlitFlowNode], edges: list[StreamlitFlowEdge]) -> None:
        stamp = int(time.time() * 1000) + 10_000 + len(reports)
        reports.append(StreamlitFlowState(list(nodes), list(edges), timestamp=stamp))

    monkeypatch.setattr(flow, "flow_canvas", lambda *args, **kwargs: reports[-1])
    report(shown.nodes, shown.edges)  # the canvas has the state before the box
    at.text_input(key="add-label").input("Less crime")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    no_trouble(at)
    report(shown.nodes, shown.edges)  # a later report, still made on the old state
    at.run()
    no_trouble(at)
    saved = latest(title)
    assert "less-crime" in saved.model.node_map() and saved.number == 2

    taken: StreamlitFlowState = at.session_state[session.CANVAS_STATE.key]
    report(taken.nodes, taken.edges)  # the canvas takes the new state and says so
    at.run()
    report([n for n in taken.nodes if n.id != "less-crime"], taken.edges)  # then deletes
    at.run()
    no_trouble(at)
    assert "less-crime" not in latest(title).model.node_map()


def test_the_app_is_one_package_whose_pages_streamlit_cannot_run_alone() -> None:
    package = ROOT / "apps" / "tocapp"
    # A pages/ folder beside the entry script is run without it on a deep link after a start.
    assert not (package / "pages").exists()
    addresses = [v.url_path for v in views.VIEWS]
    assert addresses == [
        "models",
        "map",
        "priorities",
        "workshop",
        "analyse",
        "value",
        "monitoring",
        "diagram",
        "history",
        "organisation",
    ]
    for view in views.VIEWS:
        tree = ast.parse((package / view.file).read_text(encoding="utf-8"))
        assert "render" in {f.name for f in tree.body if isinstance(f, ast.FunctionDef)}, view
    edits = [p for p in (ROOT / "apps").rglob("*.py") if "sys.path" in p.read_text("utf-8")]
    assert edits == []


def test_the_side_panel_edits_the_fields_each_stage_may_hold(database: Path) -> None:
    title = "Youth employment service"
    at = opened(title)
    model = latest(title).model
    own = {"Priority", "Horizon", "Cost (£)", "Kind of input"}
    shown = {}
    for stage in ("input", "activity", "outcome", "impact"):
        node = next(n for n in model.nodes if n.stage.value == stage)
        at.selectbox(key="selected").set_value(node.id).run()
        shown[stage] = own & {w.label for w in [*at.number_input, *at.selectbox]}
    assert shown == {
        "input": {"Cost (£)", "Kind of input"},
        "activity": set(),
        "outcome": {"Priority", "Horizon"},
        "impact": {"Priority"},
    }
    grant = next(n for n in model.nodes if n.stage.value == "input")
    assert grant.input_kind != "staff"
    at.selectbox(key="selected").set_value(grant.id).run()
    next(s for s in at.selectbox if s.label == "Kind of input").set_value("staff")
    at.button(key=f"FormSubmitter:node-{grant.id}-1-Save box").click().run()
    no_trouble(at)
    assert latest(title).model.node_map()[grant.id].input_kind == "staff"
