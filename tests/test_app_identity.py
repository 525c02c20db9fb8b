"""Who is editing and projector mode live in the page's address, so a refresh keeps them."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from pathlib import Path

from appkit import APP, no_trouble
from streamlit.testing.v1 import AppTest
from test_app import latest, model_id, started

from tocapp import session, views

NAME = "Your name (saved with each change)"
LARGE = "Large text (projector)"
TITLE = "Youth employment service"


def arrived(**params: str) -> AppTest:
    """A new session (as after a refresh) opened at an address with ``params``."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    no_trouble(at)
    return at


def seeded(title: str) -> str:
    """The id of an example model, once a first run has seeded the database."""
    started()
    return model_id(title)


def name_field(at: AppTest):  # type: ignore[no-untyped-def]
    return next(t for t in at.text_input if t.label == NAME)


def large_toggle(at: AppTest):  # type: ignore[no-untyped-def]
    return next(t for t in at.toggle if t.label == LARGE)


def test_the_address_names_who_is_editing_and_how_the_pages_look(database: Path) -> None:
    at = arrived(who="Asha", large="1")
    assert name_field(at).value == "Asha"
    assert large_toggle(at).value is True
    assert at.query_params["who"] == "Asha" and at.query_params["large"] == "1"


def test_without_them_the_defaults_stand_and_the_address_stays_bare(database: Path) -> None:
    at = arrived()
    assert name_field(at).value == "workshop"
    assert large_toggle(at).value is False
    assert "who" not in at.query_params and "large" not in at.query_params


def test_changing_the_widgets_writes_the_address_and_keeps_the_model(database: Path) -> None:
    chosen = seeded(TITLE)
    at = arrived(model=chosen)
    name_field(at).input("Bea").run()
    large_toggle(at).set_value(True).run()
    no_trouble(at)
    assert at.query_params["who"] == "Bea" and at.query_params["large"] == "1"
    assert at.query_params["model"] == chosen
    large_toggle(at).set_value(False).run()
    assert "large" not in at.query_params and at.query_params["who"] == "Bea"


def test_a_save_after_a_refresh_is_authored_by_the_name_in_the_address(database: Path) -> None:
    at = arrived(who="Chidi", model=seeded(TITLE))
    at.switch_page(views.MAP.file).run()
    at.selectbox(key="add-stage").set_value("outcome")
    at.text_input(key="add-label").input("Less crime")
    at.button(key="FormSubmitter:add-box-Add box").click().run()
    no_trouble(at)
    saved = latest(TITLE)
    assert "less-crime" in saved.model.node_map()
    assert saved.author == "Chidi"
    assert at.session_state[session.AUTHOR.key] == "Chidi"
