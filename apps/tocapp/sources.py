"""Where the priorities come from: kept when an edit would switch it, and named on each page.

A model that has not chosen its ``priority_source`` uses the first source it
holds: box priorities, then the agreed order, then stakeholder ratings, else
equal weights (:func:`toc.analysis.priorities.priorities`).  So setting one
box's priority while the agreed order is in use would quietly switch every
page to box priorities, zeroing every other outcome.  :func:`kept` stops
that: :func:`tocapp.state.commit` saves such an edit with the source that
was in use chosen for the model, and the page says how to switch
(:func:`notice`).  An edit that sets a model's first priorities (equal
weights were in use because it held none) or removes the source in use (the
last box priority cleared, the agreed order emptied) is saved as it is, and
the page says where priorities come from now.

Every page that uses priorities names the source in use and the sources set
aside (:func:`show_source`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.editor.prioritysource import source_kept
from toc.model import LogicModel
from tocapp import cached, session
from tocapp.names import SOURCE_NAMES, source_names

__all__ = ["kept", "notice", "show_source", "source_text"]

#: Where the control that chooses the source is.
CONTROL = "“Priorities come from” on the Priorities page"


def kept(old: LogicModel | None, new: LogicModel) -> tuple[LogicModel, str]:
    """``new`` with the source ``old`` used kept, if the edit would switch it; what to say.

    The rule is the library's (:func:`toc.editor.prioritysource.source_kept`); the text
    is empty when the source in use stays the same.
    """
    edited, change = source_kept(old, new)
    if change is None:
        return edited, ""
    before, after = change.before, change.after
    if change.kept:
        return edited, (
            f"Priorities still come from {SOURCE_NAMES[before]}; choose "
            f"‘{SOURCE_NAMES[after]}’ under {CONTROL} to use them."
        )
    why = (
        "the first priorities set"
        if before == "equal"
        else f"the model no longer holds {SOURCE_NAMES[before]}"
    )
    return edited, f"Priorities now come from {SOURCE_NAMES[after]} ({why})."


def source_text(used: dict[str, Any]) -> str:
    """Markdown naming the source in use (``used`` from :func:`tocapp.cached.priorities`)."""
    name = SOURCE_NAMES[used["source"]]
    how = "chosen for this model" if used["chosen"] else "the first the model holds"
    said = f"Priorities come from **{name}** ({how})."
    if used["ignored"]:
        said += f" Set aside: {source_names(used['ignored'])}."
    return said


def _empty(used: dict[str, Any]) -> str:
    """Why there are no weights, or ``""`` when there are."""
    if used["rows"]:
        return ""
    source = used["source"]
    if source != "equal" and source not in used["held"]:
        return (
            f"The model has no {SOURCE_NAMES[source]} yet, so every priority is 0: "
            f"set them, or choose another source under {CONTROL}."
        )
    return "Every priority is 0: no outcome counts, so no activity drives anything."


def show_source(text: str) -> None:
    """Name the source of the priorities in use, and say so when every priority is 0.

    Written where the page is writing (``with st.sidebar: show_source(text)``).
    """
    used = cached.priorities(text)
    st.caption(source_text(used))
    empty = _empty(used)
    if empty:
        st.warning(markdown_literal(empty), icon=":material/balance:")


def notice() -> None:
    """What the last save did to the source of the priorities, shown once."""
    said = session.PRIORITY_NOTE.pop()
    if said:
        st.info(markdown_literal(said), icon=":material/balance:")
