"""What one browser session remembers: every key of ``st.session_state``, typed.

Streamlit's session state maps strings to anything.  Here each thing the
editor remembers is one :class:`Slot`: its key, its type and its value when
nothing is held.  No other module spells a key (a test checks that nothing
else in ``apps/`` touches ``session_state``), so a key cannot be mistyped in
one page and read under another name in the next.

Slots whose key is also a widget's ``key=`` say so: Streamlit keeps the
widget's value there, so such a slot may only be set before the widget is
drawn in a run.  The key strings are the ones the tests set and read through
``AppTest.session_state``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar, cast

import streamlit as st
from streamlit_flow.state import StreamlitFlowState

from toc.analysis.robustness import Sensitivity
from toc.model import Link, LogicModel
from toc.store import ConflictError

__all__ = [
    "ADD_ERROR",
    "ADD_LABEL",
    "ADD_STAGE",
    "AUTHOR",
    "BASE",
    "CANVAS_APPLIED",
    "CANVAS_AWAITED",
    "CANVAS_ERROR",
    "CANVAS_PUSHED",
    "CANVAS_SEEN",
    "CANVAS_SHOWS",
    "CANVAS_STATE",
    "CANVAS_VALUE",
    "CONFLICT",
    "FIND",
    "FOLLOWED",
    "FRAMEWORK_ID",
    "HISTORY_SHOWN",
    "LARGE_TEXT",
    "LARGE_TEXT_TOGGLE",
    "LINK_MEMORY",
    "MAP_DEPARTMENT",
    "MODEL",
    "MODEL_ID",
    "MODEL_JSON",
    "NEWER",
    "PER_MODEL",
    "PRIORITY_NOTE",
    "REPLACED_PICK",
    "SELECTED",
    "SELECTION",
    "SELECT_NEXT",
    "SENSITIVITY",
    "SHOW_TABLES",
    "SLOTS",
    "UNDO",
    "VIEWER",
    "CanvasShows",
    "Drawn",
    "Slot",
    "UnsavedEdit",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Slot(Generic[T]):
    """One thing the session remembers: its key in ``st.session_state`` and its empty value.

    ``empty`` is what :meth:`get` returns while nothing is held; it is never
    stored, so it must not be changed in place (use immutable values).
    """

    key: str
    empty: T = field(compare=False)  # a slot is known by its key alone

    def get(self) -> T:
        """The value held, or ``empty``."""
        if self.key in st.session_state:
            return cast(T, st.session_state[self.key])
        return self.empty

    def set(self, value: T) -> None:
        """Hold ``value`` until it is set again or forgotten."""
        st.session_state[self.key] = value

    def held(self) -> bool:
        """Whether a value is held (as opposed to ``empty`` standing in)."""
        return self.key in st.session_state

    def pop(self) -> T:
        """The value held (or ``empty``), forgetting it."""
        value = self.get()
        self.forget()
        return value

    def forget(self) -> None:
        """Hold nothing: :meth:`get` returns ``empty`` again."""
        st.session_state.pop(self.key, None)

    def keep_or_start(self, start: T) -> T:
        """The value held; when there is none, hold ``start`` and return it."""
        if not self.held():
            self.set(start)
        return self.get()


@dataclass(frozen=True)
class UnsavedEdit:
    """The user's edit that clashed with another tab's, and the clash, until they choose."""

    mine: LogicModel
    error: ConflictError


#: What the canvas was last drawn for: model id, revision, large text, and which boxes
#: (a key of the department, search and size limit that chose them).
CanvasShows = tuple[str, int, bool, str]
#: What a canvas state draws: its boxes' ids and its links' (source, target) pairs.
Drawn = tuple[frozenset[str], frozenset[tuple[str, str]]]

# -- who is editing, and how the pages look ---------------------------------------------
#: The name saved with each change (the sidebar's text field: a widget key).
AUTHOR: Slot[str] = Slot("author", "")
#: This browser session's own number, for who else has a model open (never shown).
VIEWER: Slot[str] = Slot("viewer", "")
#: Projector mode, kept apart from its toggle: pages without the sidebar drop widget state.
LARGE_TEXT: Slot[bool] = Slot("large_text", False)
#: The sidebar's projector toggle (a widget key).
LARGE_TEXT_TOGGLE: Slot[bool] = Slot("large_text_toggle", False)

# -- the open model ---------------------------------------------------------------------
#: The id of the open model (also in the address bar as ``?model=``).
MODEL_ID: Slot[str | None] = Slot("model_id", None)
#: The open model as last loaded or saved.
MODEL: Slot[LogicModel | None] = Slot("model", None)
#: The revision number :data:`MODEL` is: the base of the next save.
BASE: Slot[int] = Slot("base", 0)
#: :data:`MODEL`'s canonical JSON: the cache key of its analysis and diagrams.
MODEL_JSON: Slot[str] = Slot("model_json", "")
#: A newer revision saved from elsewhere: its number and who saved it.
NEWER: Slot[tuple[int, str] | None] = Slot("newer", None)
#: A newer revision opened by itself (:mod:`tocapp.follow`): its number and who saved it.
FOLLOWED: Slot[tuple[int, str] | None] = Slot("followed", None)
#: An edit that could not be saved because another tab changed the same thing.
CONFLICT: Slot[UnsavedEdit | None] = Slot("conflict", None)
#: The models to go back to, newest last.
UNDO: Slot[tuple[LogicModel, ...]] = Slot("undo", ())
#: What the last save did to where the priorities come from, until a page shows it.
PRIORITY_NOTE: Slot[str] = Slot("priority_note", "")

# -- the Map page -----------------------------------------------------------------------
#: The stage new boxes go to (a widget key): kept from one box to the next.
ADD_STAGE: Slot[str] = Slot("add-stage", "activity")
#: The new box's label (a widget key), emptied once the box is added.
ADD_LABEL: Slot[str] = Slot("add-label", "")
#: Why the last box could not be added, shown under the field it came from.
ADD_ERROR: Slot[str | None] = Slot("add_error", None)
#: The department whose boxes the canvas shows (a widget key; "" for all).
MAP_DEPARTMENT: Slot[str] = Slot("map_department", "")
#: What the search field holds (a widget key).
FIND: Slot[str] = Slot("find", "")
#: Whether the Map shows its bulk-edit tables (a widget key): drawn only on request,
#: since grids of thousands of rows hold up the browser's drawing of the canvas.
SHOW_TABLES: Slot[bool] = Slot("show_tables", False)
#: Every link seen on the canvas by id, so a link deleted and drawn again keeps its data.
LINK_MEMORY: Slot[Mapping[str, Link]] = Slot("link_memory", MappingProxyType({}))
#: The selected box or link id ("" for nothing), kept across reruns.
SELECTION: Slot[str] = Slot("selection", "")
#: The side panel's picker (a widget key); handed :data:`SELECTION` on every run.
SELECTED: Slot[str] = Slot("selected", "")
#: The selection the server replaced in the last run, until a run passes without one:
#: the browser may hand it back once, before it has drawn the new pick.
REPLACED_PICK: Slot[str] = Slot("replaced_pick", "")
#: What to select on the next run (a box just added, a link just drawn), if anything.
SELECT_NEXT: Slot[str | None] = Slot("select_next", None)
#: A canvas edit the library refused, to show once the canvas is redrawn.
CANVAS_ERROR: Slot[str | None] = Slot("canvas_error", None)
#: What the canvas component last sent (its widget key): read before the side panel is
#: drawn, so a click shows in the panel in the same run.
CANVAS_VALUE: Slot[Mapping[str, Any] | None] = Slot("canvas", None)
#: The canvas component's state (tests put a user's edit here).
CANVAS_STATE: Slot[StreamlitFlowState | None] = Slot("canvas_state", None)
#: What :data:`CANVAS_STATE` was pushed for.
CANVAS_SHOWS: Slot[CanvasShows | None] = Slot("canvas_shows", None)
#: The latest canvas timestamp pushed or received (ms).
CANVAS_APPLIED: Slot[int] = Slot("canvas_applied", 0)
#: The timestamp of the last canvas value acted on.
CANVAS_SEEN: Slot[int | None] = Slot("canvas_seen", None)
#: The timestamp of the canvas state last pushed.
CANVAS_PUSHED: Slot[int | None] = Slot("canvas_pushed", None)
#: The boxes and links of the state last pushed, until the canvas reports having taken
#: it (:func:`tocapp.flow.canvas`); ``None`` once it has.
CANVAS_AWAITED: Slot[Drawn | None] = Slot("canvas_awaited", None)

# -- the History page -------------------------------------------------------------------
#: How many of the newest revisions the History table shows ("Show older" adds a page).
HISTORY_SHOWN: Slot[int] = Slot("history_shown", 50)

# -- the Analyse page -------------------------------------------------------------------
#: The last sensitivity run: the key of the model and sample count it was for, and the result.
SENSITIVITY: Slot[tuple[str, Sensitivity] | None] = Slot("sensitivity", None)

# -- the Organisation page --------------------------------------------------------------
#: The outcomes framework the Organisation page shows (its store id), kept across pages.
FRAMEWORK_ID: Slot[str | None] = Slot("framework_id", None)
#: Whose priorities the Map and Analyse pages use for the open model: "" for its own,
#: else a stored framework's id (:mod:`tocapp.adopted`).
PRIORITIES_FROM: Slot[str] = Slot("priorities_from", "")

#: Every slot, e.g. for a test that each key is used once.
SLOTS: tuple[Slot[Any], ...] = (
    AUTHOR,
    VIEWER,
    LARGE_TEXT,
    LARGE_TEXT_TOGGLE,
    MODEL_ID,
    MODEL,
    BASE,
    MODEL_JSON,
    NEWER,
    FOLLOWED,
    CONFLICT,
    UNDO,
    PRIORITY_NOTE,
    ADD_STAGE,
    ADD_LABEL,
    ADD_ERROR,
    MAP_DEPARTMENT,
    FIND,
    SHOW_TABLES,
    LINK_MEMORY,
    SELECTION,
    SELECTED,
    REPLACED_PICK,
    SELECT_NEXT,
    CANVAS_ERROR,
    CANVAS_VALUE,
    CANVAS_STATE,
    CANVAS_SHOWS,
    CANVAS_APPLIED,
    CANVAS_SEEN,
    CANVAS_PUSHED,
    CANVAS_AWAITED,
    HISTORY_SHOWN,
    SENSITIVITY,
    FRAMEWORK_ID,
    PRIORITIES_FROM,
)
#: What belongs to one model and is forgotten when another is opened.
PER_MODEL: tuple[Slot[Any], ...] = (
    PRIORITIES_FROM,
    MAP_DEPARTMENT,
    FIND,
    FOLLOWED,
    UNDO,
    PRIORITY_NOTE,
    LINK_MEMORY,
    SELECTION,
    HISTORY_SHOWN,
    SENSITIVITY,
)
