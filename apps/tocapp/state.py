"""The open model of this browser session, and saving every change as a revision.

The database is the truth: the session only remembers which model is open
(also in the address bar, so a refresh reopens it), the revision it started
from, and an undo stack.  :func:`commit` saves a new version at once; when
another tab saved first the store merges, and a real conflict is kept in the
session for :func:`show_conflict` to put to the user.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from toc.editor.operations import pop_undo, push_undo
from toc.errors import TocError
from toc.formats.modelfiles import dumps_model
from toc.history.diff import format_value
from toc.history.merge import Side
from toc.model import LogicModel
from toc.store import ConflictError, NotFoundError, Store

__all__ = [
    "author",
    "commit",
    "current",
    "guarded",
    "model_json",
    "open_model",
    "require_model",
    "show_conflict",
    "store",
    "undo",
]

EXAMPLES = Path(__file__).resolve().parents[2] / "models"


@st.cache_resource(show_spinner=False)
def _store(url: str | None, path: str | None, seed: str) -> Store:
    """One store per database; ``url`` and ``path`` only key the cache (Store reads the env)."""
    opened = Store(None)
    folder = Path(seed)
    if folder.is_dir():
        opened.seed_examples(folder)
    return opened


def store() -> Store:
    """The database of models, opened (and seeded with the examples) once per server."""
    seed = os.environ.get("TOC_SEED_DIR", str(EXAMPLES))
    return _store(os.environ.get("TOC_DATABASE_URL"), os.environ.get("TOC_DB_PATH"), seed)


def author() -> str:
    """Who is editing, from the sidebar (default ``workshop``)."""
    name = str(st.session_state.get("author", "")).strip()
    return name or "workshop"


@contextmanager
def guarded() -> Iterator[None]:
    """Show a library error as a message that says what to do, never a traceback."""
    try:
        yield
    except TocError as err:
        st.error(str(err), icon=":material/error:")


def open_model(model_id: str) -> None:
    """Make ``model_id`` the open model of this session, at its latest revision."""
    latest = store().latest(model_id)
    if st.session_state.get("model_id") != model_id:  # undo and link memory are per model
        for key in ("undo", "link_memory", "selection", "sensitivity"):
            st.session_state.pop(key, None)
    st.session_state["model_id"] = model_id
    st.query_params["model"] = model_id
    _remember(latest.model, latest.number)
    st.session_state.pop("conflict", None)
    st.session_state.pop("newer", None)


def _remember(model: LogicModel, number: int) -> None:
    st.session_state["model"] = model
    st.session_state["base"] = number
    st.session_state["model_json"] = dumps_model(model, "json").decode("utf-8")


def current() -> LogicModel | None:
    """The open model, refreshed when another tab has saved a newer revision."""
    model_id = st.session_state.get("model_id") or st.query_params.get("model")
    if not model_id:
        return None
    try:
        if model_id != st.session_state.get("model_id") or "model" not in st.session_state:
            open_model(model_id)
        else:
            _refresh(model_id)
            if st.query_params.get("model") != model_id:
                st.query_params["model"] = model_id
    except NotFoundError:
        st.session_state.pop("model_id", None)
        st.query_params.pop("model", None)
        return None
    model: LogicModel = st.session_state["model"]
    return model


def _refresh(model_id: str) -> None:
    """Note a newer revision saved elsewhere; the view keeps what the user is editing.

    The next save merges with it (three-way, from the revision on screen), so
    nothing typed here is lost and nothing saved there is overwritten.
    """
    summary = store().summary(model_id)
    if summary.deleted:
        raise NotFoundError(f"model {model_id!r} is deleted")
    if summary.revision != st.session_state.get("base"):
        st.session_state["newer"] = (summary.revision, summary.updated_by)
    else:
        st.session_state.pop("newer", None)


def require_model() -> LogicModel:
    """The open model; on a page that needs one, stop with a pointer to the Models page."""
    model = current()
    if model is None:
        st.info("Open a model first: choose one on the **Models** page, or create a new one.")
        st.page_link("pages/models.py", label="Go to Models", icon=":material/folder_open:")
        st.stop()
    return model


def model_json(model: LogicModel) -> str:
    """The canonical JSON of ``model``: the cache key for analysis and diagrams."""
    if st.session_state.get("model") is model and "model_json" in st.session_state:
        return str(st.session_state["model_json"])
    return dumps_model(model, "json").decode("utf-8")


def commit(new: LogicModel, *, undoable: bool = True, prefer: Side | None = None) -> bool:
    """Save ``new`` as the next revision of the open model; ``True`` if it was saved.

    A conflict with another tab's edit is kept for :func:`show_conflict` and
    nothing is saved; ``prefer`` (``"ours"`` or ``"theirs"``) settles such clashes,
    keeping both sides' other edits.
    """
    old: LogicModel = st.session_state["model"]
    if new == old:
        return False
    try:
        result = store().save(
            st.session_state["model_id"],
            new,
            base=st.session_state["base"],
            author=author(),
            prefer=prefer,
        )
    except ConflictError as err:
        st.session_state["conflict"] = {"mine": new, "error": err}
        return False
    st.session_state.pop("conflict", None)
    if undoable:
        st.session_state["undo"] = push_undo(st.session_state.get("undo", ()), old)
    _remember(result.revision.model, result.revision.number)
    if result.merged:
        st.toast("Merged with changes saved from another tab.", icon=":material/merge:")
    return True


def undo() -> bool:
    """Save the version before the last change as a new revision; ``True`` if there was one."""
    previous, rest = pop_undo(st.session_state.get("undo", ()))
    if previous is None:
        return False
    st.session_state["undo"] = rest
    return commit(previous, undoable=False)


def show_conflict(rerun: Callable[[], Any] = st.rerun) -> None:
    """If the last save clashed with another tab, show both values and let the user choose."""
    pending = st.session_state.get("conflict")
    if not pending:
        return
    err: ConflictError = pending["error"]
    st.warning(
        "Someone else changed the same thing in another tab. Choose whose values to keep.",
        icon=":material/merge:",
    )
    rows = [
        {"what": c.description, "yours": _shown(c.ours), "theirs": _shown(c.theirs)}
        for c in err.conflicts
    ]
    st.table(rows)
    st.caption("Either way, every other change from both sides is kept.")
    mine, theirs = st.columns(2)
    if mine.button("Keep my values", key="conflict-mine", type="primary"):
        commit(pending["mine"], prefer="ours")
        rerun()
    if theirs.button("Keep their values", key="conflict-theirs"):
        commit(pending["mine"], prefer="theirs")
        rerun()


def _shown(value: Any) -> str:
    return "— (deleted)" if value is None else format_value(value)
