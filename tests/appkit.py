"""What the app's AppTest files share: the entry script, and opening a saved model on a page.

The ``database`` fixture (a fresh SQLite file per test) is in ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from toc.model import LogicModel
from toc.store import Store
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "apps" / "tocapp" / "main.py")


def saved(model: LogicModel) -> str:
    """``model`` saved as a new model; its id."""
    with Store() as store:
        return store.create_model(model, author="tester")


def latest(model_id: str) -> Any:
    """The newest revision of a model."""
    with Store() as store:
        return store.latest(model_id)


def opened(model_id: str, view: views.View = views.MAP) -> AppTest:
    """A new session with ``model_id`` open on ``view``, checked for trouble."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.session_state[session.MODEL_ID.key] = model_id
    at.switch_page(view.file).run()
    no_trouble(at)
    return at


def no_trouble(at: AppTest) -> None:
    """No exception and no error message on the page."""
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
