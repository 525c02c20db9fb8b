"""Who is editing and how the pages look, kept in the page's address so a refresh keeps them.

The browser holds these, not the server: the sidebar writes ``?who=`` and
``?large=1`` beside ``?model=``, and a new session (a refresh, a reopened tab,
a bookmarked link) starts from them.
"""

from __future__ import annotations

import streamlit as st

from tocapp import session

__all__ = ["LARGE", "WHO", "from_address", "to_address"]

#: The query parameter naming who is editing.
WHO = "who"
#: The query parameter that is ``1`` in projector mode.
LARGE = "large"
#: The name saved when nobody has said theirs; it needs no place in the address.
NOBODY = "workshop"


def from_address() -> None:
    """Start the session's name and projector mode from the address, where it holds none yet."""
    if not session.AUTHOR.held():
        session.AUTHOR.set(st.query_params.get(WHO, NOBODY))
    if not session.LARGE_TEXT.held():
        session.LARGE_TEXT.set(st.query_params.get(LARGE) == "1")


def to_address() -> None:
    """Write the session's name and projector mode into the address, other parameters kept.

    Called after each change of the sidebar's widgets, and on every run: moving
    to another page drops the parameters, so they are put back.
    """
    who = session.AUTHOR.get().strip()
    _keep(WHO, who if who and who != NOBODY else None)
    _keep(LARGE, "1" if session.LARGE_TEXT.get() else None)


def _keep(name: str, value: str | None) -> None:
    """Set (or, for ``None``, remove) one parameter, writing only when it changes."""
    if st.query_params.get(name) == value:
        return
    if value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value
