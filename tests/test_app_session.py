"""The app's session state: one module owns every key, and its slots behave in a real run."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from streamlit.testing.v1 import AppTest

from tocapp import session

APPS = Path(__file__).resolve().parent.parent / "apps"
OWNER = APPS / "tocapp" / "session.py"


def test_only_the_session_module_touches_session_state() -> None:
    strays = [
        f"{path.relative_to(APPS)}:{number}: {line.strip()}"
        for path in sorted(APPS.rglob("*.py"))
        if path != OWNER
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "session_state" in line
    ]
    assert strays == [], "use a Slot from tocapp.session instead"


def test_every_slot_is_listed_once_under_its_own_key() -> None:
    defined = [v for v in vars(session).values() if isinstance(v, session.Slot)]
    assert sorted(s.key for s in defined) == sorted(s.key for s in session.SLOTS)
    assert len({s.key for s in session.SLOTS}) == len(session.SLOTS)
    assert set(session.PER_MODEL) <= set(session.SLOTS)


def _slots_in_a_run() -> None:
    """Runs inside Streamlit (AppTest copies this function's source into a script)."""
    import streamlit as st

    from tocapp import session

    st.text(f"empty {session.UNDO.get()!r} {session.MODEL_ID.held()}")
    session.MODEL_ID.set("youth")
    st.text(f"set {session.MODEL_ID.get()} {session.MODEL_ID.held()}")
    st.text(f"popped {session.MODEL_ID.pop()} {session.MODEL_ID.get()}")
    first = session.AUTHOR.keep_or_start("workshop")
    st.text(f"started {first} {session.AUTHOR.keep_or_start('someone else')}")


def test_slots_hold_forget_and_start_values_in_a_real_run() -> None:
    at = AppTest.from_function(_slots_in_a_run).run()
    assert not at.exception
    assert [t.value for t in at.text] == [
        "empty () False",
        "set youth True",
        "popped youth None",
        "started workshop workshop",
    ]
    assert at.session_state[session.AUTHOR.key] == "workshop"
    assert session.MODEL_ID.key not in at.session_state
