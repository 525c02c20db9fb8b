"""Looking never writes: opening pages saves no revision; only a user's action does.

Every page of every example model, and of a model full of payloads and labels
with edge whitespace (spaces, tabs, newlines, no-break spaces), is opened (the
Map twice, and again after other pages, in both text sizes), and the canvas
reports the map back as the browser's does once it is mounted.  The store's
revision count must not move.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from payloads import SPACED, spaced_payload_model
from streamlit.testing.v1 import AppTest
from streamlit_flow.state import StreamlitFlowState

from toc.formats.modelfiles import load_model
from toc.store import Store
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "apps" / "tocapp" / "main.py")
EXAMPLES = sorted((ROOT / "models").glob("*.yaml"))
#: The order of a browse: the Map first and twice, every page, then back and forth.
TOUR = [views.MAP, views.MAP, *views.VIEWS, views.MAP, views.HISTORY, views.MAP]


@pytest.fixture()
def database(database: Path) -> str:
    """The fresh database of ``conftest.py``, as the URL ``Store`` takes."""
    return f"sqlite:///{database}"


def revisions(url: str, model_id: str) -> int:
    with Store(url) as store:
        return len(store.revisions(model_id))


def canvas_echo(at: AppTest) -> None:
    """The canvas reports what it was given, newer, as it does once mounted in a browser."""
    shown: StreamlitFlowState | None = at.session_state[session.CANVAS_STATE.key]
    assert shown is not None
    stamp = int(time.time() * 1000) + 10_000
    at.session_state[session.CANVAS_STATE.key] = StreamlitFlowState(
        shown.nodes, shown.edges, timestamp=stamp
    )
    at.run()


def browse(at: AppTest, model_id: str) -> None:
    """Open ``model_id`` and visit every page, echoing the canvas whenever the Map is shown."""
    at.session_state[session.MODEL_ID.key] = model_id
    for large in (False, True):
        at.session_state[session.LARGE_TEXT.key] = large
        for view in TOUR:
            at.switch_page(view.file).run()
            assert not at.exception, (view.title, [e.message for e in at.exception])
            if view == views.MAP:
                canvas_echo(at)
                assert not at.exception and not at.error, [e.value for e in at.error]


def opened_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()  # the first run seeds the examples
    assert not at.exception
    return at


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_viewing_an_example_saves_nothing(database: str, path: Path) -> None:
    at = opened_app()
    title = load_model(path).title
    with Store(database) as store:
        model_id = next(s.id for s in store.list_models() if s.title == title)
    before = revisions(database, model_id)
    browse(at, model_id)
    assert revisions(database, model_id) == before


def test_viewing_payloads_and_spaced_labels_saves_nothing(database: str) -> None:
    with Store(database) as store:
        model_id = store.create_model(spaced_payload_model(), author="tester")
    at = opened_app()
    browse(at, model_id)
    with Store(database) as store:
        assert len(store.revisions(model_id)) == 1
        kept = {n.id: n.label for n in store.latest(model_id).model.nodes}
    assert {kept[f"spaced-{name}"] for name in SPACED} == set(SPACED.values())


def test_an_action_still_saves(database: str) -> None:
    """The tour is not blind: a user's edit on the same path is saved as a revision."""
    with Store(database) as store:
        model_id = store.create_model(spaced_payload_model(), author="tester")
    at = opened_app()
    browse(at, model_id)
    at.switch_page(views.MAP.file).run()
    at.text_input(key="add-label").input("  Mentoring\t")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    assert not at.exception
    assert revisions(database, model_id) == 2
