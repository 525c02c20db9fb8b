"""Roles on the open outcomes framework in the app, with who is signed in simulated
(``tocapp.signin.identity``): a viewer sees the framework and every analysis but nothing to
edit or save; its owner shares it.  Without sign-in nothing changes
(``test_app_organisation.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from appkit import APP, no_trouble
from streamlit.testing.v1 import AppTest

from toc.editor.markdown import markdown_literal
from toc.organisation import load_framework
from toc.store import Store
from tocapp import session, signin, views

ROOT = Path(__file__).resolve().parent.parent
OWNER, VIEWER, SAM = "owner@council.example", "viewer@council.example", "sam@council.example"
READ_ONLY = "You can view this framework; ask its owner for editor access."


@pytest.fixture()
def framework_id(database: Path) -> str:
    """The example council's framework, created by :data:`OWNER` (so everyone signed in
    may view it), with :data:`VIEWER` a viewer of it too."""
    with Store() as store:
        framework = load_framework(ROOT / "models" / "portfolio" / "framework.yaml")
        ours = framework.model_copy(update={"title": "Our council's outcomes"})  # not the seed's
        created = store.create_framework(ours, author=OWNER, user=OWNER)
        store.grant_framework(created, VIEWER, "viewer", by=OWNER)
    return created


def _organisation(framework_id: str, user: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A new session of ``user``, signed in, on the Organisation page with the framework
    picked."""
    monkeypatch.setattr(signin, "identity", lambda: user)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.session_state[session.FRAMEWORK_ID.key] = framework_id
    at.switch_page(views.ORGANISATION.file).run()
    no_trouble(at)
    return at


def _buttons(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def _infos(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def test_a_viewer_sees_the_framework_and_analyses_but_nothing_to_change(
    framework_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _organisation(framework_id, VIEWER, monkeypatch)
    assert READ_ONLY in _infos(at)
    assert at.selectbox(key="framework-pick").value == framework_id
    assert "Save the framework" not in _buttons(at)
    assert not [m for m in at.multiselect if m.label.startswith("Agreed order")]
    assert "Give this role" not in _buttons(at), "no sharing for a viewer"
    outcomes = next(t.value for t in at.table if "priority" in t.value.columns)
    assert "O1" in set(outcomes["code"]), "the framework's outcomes, to read"
    agreed = markdown_literal("Agreed order (most important first): O1")
    assert any(c.value.startswith(agreed) for c in at.caption)
    assert [t.label for t in at.tabs][:2] == ["Services", "Matrix"]
    assert any("service(s) tagged with `council:` codes" in c.value for c in at.caption)


def test_the_owner_edits_and_shares_the_framework(
    framework_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _organisation(framework_id, OWNER, monkeypatch)
    assert READ_ONLY not in _infos(at)
    assert "Save the framework" in _buttons(at)
    at.text_input(key="framework-share-who").set_value(SAM)
    at.selectbox(key="framework-share-role").set_value("editor")
    next(b for b in at.button if b.label == "Give this role").click().run()
    no_trouble(at)
    with Store() as store:
        assert store.framework_role(framework_id, SAM) == "editor"
    shown = next(t.value for t in at.table if "who" in t.value.columns)
    assert markdown_literal(SAM) in list(shown["who"])
    at.selectbox(key="framework-share-remove-who").set_value(SAM)
    at.button(key="framework-share-remove").click().run()
    no_trouble(at)
    with Store() as store:
        assert store.framework_role(framework_id, SAM) == "viewer"  # everyone's role again


def test_an_owner_saves_as_themselves(framework_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _organisation(framework_id, OWNER, monkeypatch)
    order = next(m for m in at.multiselect if m.label.startswith("Agreed order"))
    order.set_value(["O2", "O1"]).run()
    next(b for b in at.button if b.label == "Save the framework").click().run()
    no_trouble(at)
    with Store() as store:
        latest = store.latest_framework(framework_id)
    assert (latest.number, latest.author) == (2, OWNER)


def test_a_framework_not_shared_with_the_user_is_not_listed(
    framework_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store() as store:
        store.grant_framework(framework_id, "*", None, by=OWNER)
    at = _organisation(framework_id, SAM, monkeypatch)
    picker = at.selectbox(key="framework-pick")
    assert framework_id not in picker.options and picker.value != framework_id
    assert "Give this role" not in _buttons(at)
