"""Comments on the Map: a thread on the selected box, its badge on the canvas, resolving."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from appkit import latest, no_trouble, opened, saved
from payloads import PAYLOADS

from toc.formats.modelfiles import load_model
from toc.store import Store
from toc.store.commentstore import Comments
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent
YOUTH = ROOT / "models" / "youth-employment.yaml"


def _badges(at) -> dict[str, str]:  # type: ignore[no-untyped-def]
    state = at.session_state[session.CANVAS_STATE.key]
    return {n.id: n.kwargs.get("className", "") for n in state.nodes if n.kwargs.get("className")}


def test_a_comment_on_a_box_shows_in_its_thread_and_as_a_badge(database: Path) -> None:
    model_id = saved(load_model(YOUTH))
    at = opened(model_id, views.MAP)
    box = latest(model_id).model.nodes[3].id
    at.session_state[session.SELECT_NEXT.key] = box
    at.run()
    no_trouble(at)
    at.text_area(key=None) if False else None
    field = next(t for t in at.text_area if t.label == "Add a comment")
    field.input(PAYLOADS["script"])
    next(b for b in at.button if b.label == "Comment").click().run()
    no_trouble(at)
    with Store() as store:
        thread = Comments(store).thread(model_id, box)
    assert [c.text for c in thread] == [PAYLOADS["script"]]  # kept as typed
    assert PAYLOADS["script"] in [t.value for t in at.text]  # shown as typed, never as HTML
    assert _badges(at) == {box: "toc-comments-1"}
    next(b for b in at.button if b.label == "Resolve the thread").click().run()
    no_trouble(at)
    assert _badges(at) == {}
    assert latest(model_id).number == 1  # comments are not revisions of the model
