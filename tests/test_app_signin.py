"""Sign-in and roles in the app, with who is signed in simulated (``tocapp.signin.identity``).

A viewer sees the model and nothing to edit; a save made for a viewer anyway is
refused by the store and shown as a message; an owner shares the model.  The real
sign-in, through an identity provider, is in ``test_browser_signin.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from appkit import APP, latest, no_trouble, opened
from streamlit.testing.v1 import AppTest

from toc.editor.markdown import markdown_literal
from toc.formats.modelfiles import load_model
from toc.store import Store
from tocapp import session, signin, views
from tocapp.escaped import bold

ROOT = Path(__file__).resolve().parent.parent
OWNER, VIEWER = "owner@council.example", "viewer@council.example"
READ_ONLY = "You can view this model; ask its owner for editor access."

SignIn = Callable[[str | None], None]


@pytest.fixture()
def sign_in(monkeypatch: pytest.MonkeyPatch) -> SignIn:
    """Sign a user in (``None``: nobody, as without sign-in) for the sessions that follow."""

    def as_user(name: str | None) -> None:
        monkeypatch.setattr(signin, "identity", lambda: name)

    return as_user


@pytest.fixture()
def shared(database: Path) -> str:
    """A model owned by :data:`OWNER`, which :data:`VIEWER` may view."""
    with Store() as store:
        model = load_model(ROOT / "models" / "youth-employment.yaml")
        model_id = store.create_model(model, author=OWNER, user=OWNER)
        store.grant(model_id, VIEWER, "viewer", by=OWNER)
    return model_id


def _buttons(at: AppTest) -> set[str]:
    return {b.label for b in at.button} | {b.label for b in at.sidebar.button}


def _infos(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def test_a_viewer_sees_no_editing_controls_on_the_map(shared: str, sign_in: SignIn) -> None:
    sign_in(VIEWER)
    at = opened(shared, views.MAP)
    assert READ_ONLY in _infos(at)
    assert not {"Add box", "Undo", "Tidy layout", "Save details"} & _buttons(at)
    assert not [t for t in at.text_input if t.label == "New box label"]
    assert not at.get("component_instance"), "no canvas"
    assert not at.main.toggle and not at.get("form"), "no tables, no forms"
    assert at.get("image"), "the diagram is drawn"
    assert f"Signed in as {bold(VIEWER)}" in [c.value for c in at.sidebar.caption]
    assert "Sign out" in _buttons(at)
    assert not at.sidebar.text_input  # no name to type: the identity is the author


@pytest.mark.parametrize("view", [views.PRIORITIES, views.VALUE, views.HISTORY, views.WORKSHOP])
def test_a_viewer_gets_nothing_to_save_elsewhere(
    shared: str, sign_in: SignIn, view: views.View
) -> None:
    sign_in(VIEWER)
    at = opened(shared, view)
    labels = _buttons(at)
    assert not [b for b in labels if b.startswith(("Save", "Restore", "Open the vote"))], labels
    if view is not views.HISTORY:
        assert READ_ONLY in _infos(at)


def test_a_viewer_may_not_delete_nor_share(shared: str, sign_in: SignIn) -> None:
    sign_in(VIEWER)
    at = opened(shared, views.MODELS)
    titles = [s.label for s in at.selectbox if s.label == "Model"]
    assert titles, "the viewer may duplicate"
    at.selectbox(key="manage").set_value(shared).run()
    assert "Delete (can be restored)" not in _buttons(at)
    assert "Give this role" not in _buttons(at)


def _viewer_saves(model_id: str) -> None:
    """A save made for the signed-in user, as if a page had offered a viewer one."""
    from toc.editor.operations import rebuilt
    from tocapp.boundary import guarded
    from tocapp.state import commit, open_model, saved_model

    open_model(model_id)
    with guarded():
        commit(rebuilt(saved_model(), title="Changed by a viewer"))


def test_the_store_refuses_a_viewers_save(shared: str, sign_in: SignIn) -> None:
    sign_in(VIEWER)
    at = AppTest.from_function(_viewer_saves, args=(shared,), default_timeout=60)
    at.run()
    assert not at.exception
    said = " ".join(e.value for e in at.error)
    assert markdown_literal(f"{VIEWER} may not save model") in said, said
    assert "that needs the editor role" in said, said
    revision = latest(shared)
    assert (revision.number, revision.model.title) == (1, "Youth employment service")


def test_an_edit_sent_after_the_role_was_taken_away_is_refused(
    shared: str, sign_in: SignIn
) -> None:
    with Store() as store:
        store.grant(shared, VIEWER, "editor", by=OWNER)
    sign_in(VIEWER)
    at = opened(shared, views.MAP)
    at.text_input(key=session.ADD_LABEL.key).set_value("Mentoring")
    with Store() as store:
        store.grant(shared, VIEWER, "viewer", by=OWNER)
    next(b for b in at.button if b.label == "Add box").click().run()
    said = " ".join(e.value for e in at.error)
    assert markdown_literal(f"{VIEWER} may not save model") in said, said
    assert READ_ONLY in _infos(at)
    assert latest(shared).number == 1


def test_an_owner_shares_and_unshares(shared: str, sign_in: SignIn) -> None:
    sign_in(OWNER)
    at = opened(shared, views.MODELS)
    at.text_input(key="share-who").set_value("sam@council.example")
    at.selectbox(key="share-role").set_value("editor")
    next(b for b in at.button if b.label == "Give this role").click().run()
    no_trouble(at)
    with Store() as store:
        assert store.role(shared, "sam@council.example") == "editor"
    shown = at.table[-1].value
    assert markdown_literal("sam@council.example") in list(shown["who"])
    at.selectbox(key="share-remove-who").set_value("sam@council.example")
    at.button(key="share-remove").click().run()
    no_trouble(at)
    with Store() as store:
        assert store.role(shared, "sam@council.example") is None
        assert store.role(shared, "anyone@council.example") is None


def test_everyone_signed_in_may_view(shared: str, sign_in: SignIn) -> None:
    sign_in(OWNER)
    at = opened(shared, views.MODELS)
    at.text_input(key="share-who").set_value("*")
    next(b for b in at.button if b.label == "Give this role").click().run()
    no_trouble(at)
    with Store() as store:
        assert store.role(shared, "anyone@council.example") == "viewer"


def test_signed_in_changes_are_authored_and_owned(shared: str, sign_in: SignIn) -> None:
    sign_in(OWNER)
    at = opened(shared, views.MAP)
    assert READ_ONLY not in _infos(at)
    at.text_input(key=session.ADD_LABEL.key).set_value("Mentoring")
    next(b for b in at.button if b.label == "Add box").click().run()
    no_trouble(at)
    assert latest(shared).author == OWNER


def test_without_sign_in_only_the_sign_in_page_shows(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signin, "enabled", lambda: True)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    no_trouble(at)
    assert _buttons(at) == {"Sign in"}
    assert not at.sidebar.caption


def test_the_voting_page_needs_no_account(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signin, "enabled", lambda: True)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["vote"] = "ABCDEF"
    at.run()
    assert "Sign in" not in _buttons(at)
