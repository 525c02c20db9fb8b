"""The open model of this browser session, and saving every change as a revision.

The database is the truth: the session only remembers which model is open
(also in the address bar, so a refresh reopens it), the revision it started
from, and an undo stack.  :func:`commit` saves a new version at once; when
another tab saved first the store merges, and a real conflict is kept in the
session for :func:`show_conflict` to put to the user.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from toc.editor.operations import pop_undo, push_undo
from toc.formats.modelfiles import dumps_model
from toc.history.diff import format_value
from toc.history.merge import Side
from toc.model import LogicModel
from toc.organisation import load_framework
from toc.store import ConflictError, NotFoundError, Role, Store
from tocapp import session, signin
from tocapp.escaped import literal_frame
from tocapp.sources import kept
from tocapp.views import MODELS

__all__ = [
    "author",
    "commit",
    "current",
    "example_portfolio",
    "examples",
    "framework_read_only",
    "framework_role",
    "may_edit",
    "model_json",
    "open_model",
    "open_model_id",
    "read_only",
    "require_model",
    "role",
    "saved_model",
    "show_conflict",
    "store",
    "undo",
]


def examples() -> Path:
    """The example models: ``TOC_SEED_DIR`` (``toc app`` sets it), else those toc ships."""
    chosen = os.environ.get("TOC_SEED_DIR")
    return Path(chosen) if chosen else Path(str(files("toc") / "examples"))


def example_portfolio() -> Path:
    """The example council's folder: its outcomes framework and six service models."""
    return examples() / "portfolio"


@st.cache_resource(show_spinner=False)
def _store(url: str | None, path: str | None, seed: str) -> Store:
    """One store per database; ``url`` and ``path`` only key the cache (Store reads the env).

    The examples' models are seeded, and the example council's outcomes framework (its
    six services are added on the Organisation page, on request).
    """
    opened = Store(None)
    folder = Path(seed)
    if folder.is_dir():
        opened.seed_examples(folder)
        framework = folder / "portfolio" / "framework.yaml"
        if framework.is_file():
            opened.seed_framework(load_framework(framework), name=framework.name)
    return opened


def store() -> Store:
    """The database of models, opened (and seeded with the examples) once per server."""
    url, path = os.environ.get("TOC_DATABASE_URL"), os.environ.get("TOC_DB_PATH")
    return _store(url, path, str(examples()))


def author() -> str:
    """Who is editing: whoever signed in, else the sidebar's name (default ``workshop``)."""
    return signin.identity() or session.AUTHOR.get().strip() or "workshop"


def role(model_id: str) -> Role | None:
    """What the signed-in user may do with a model (without sign-in: ``owner``)."""
    return store().role(model_id, signin.identity())


def may_edit(model_id: str) -> bool:
    """Whether the signed-in user may save the model (an editor or owner)."""
    return role(model_id) in ("owner", "editor")


def read_only(model_id: str) -> bool:
    """``True``, saying so, if the user may only view the model: a page then offers no edits."""
    return _viewing("model", editable=may_edit(model_id))


def framework_role(framework_id: str) -> Role | None:
    """What the signed-in user may do with an outcomes framework (without sign-in: ``owner``)."""
    return store().framework_role(framework_id, signin.identity())


def framework_read_only(framework_id: str) -> bool:
    """``True``, saying so, if the user may only view the framework: no editing, no saving."""
    return _viewing("framework", editable=framework_role(framework_id) in ("owner", "editor"))


def _viewing(noun: str, *, editable: bool) -> bool:
    if editable:
        return False
    st.info(
        f"You can view this {noun}; ask its owner for editor access.",
        icon=":material/visibility:",
    )
    return True


def open_model(model_id: str) -> None:
    """Make ``model_id`` the open model of this session, at its latest revision."""
    latest = store().latest(model_id, user=signin.identity())
    if session.MODEL_ID.get() != model_id:  # undo and link memory are per model
        for slot in session.PER_MODEL:
            slot.forget()
    session.MODEL_ID.set(model_id)
    st.query_params["model"] = model_id
    _remember(latest.model, latest.number)
    session.CONFLICT.forget()
    session.NEWER.forget()


def _remember(model: LogicModel, number: int) -> None:
    session.MODEL.set(model)
    session.BASE.set(number)
    session.MODEL_JSON.set(dumps_model(model, "json").decode("utf-8"))


def current() -> LogicModel | None:
    """The open model, refreshed when another tab has saved a newer revision."""
    model_id = session.MODEL_ID.get() or st.query_params.get("model")
    if not model_id:
        return None
    try:
        if model_id != session.MODEL_ID.get() or not session.MODEL.held():
            open_model(model_id)
        else:
            _refresh(model_id)
            if st.query_params.get("model") != model_id:
                st.query_params["model"] = model_id
    except NotFoundError:
        session.MODEL_ID.forget()
        st.query_params.pop("model", None)
        return None
    return session.MODEL.get()


def _refresh(model_id: str) -> None:
    """Note a newer revision saved elsewhere; the view keeps what the user is editing.

    The next save merges with it (three-way, from the revision on screen), so
    nothing typed here is lost and nothing saved there is overwritten.
    """
    summary = store().summary(model_id, user=signin.identity())
    if summary.deleted:
        raise NotFoundError(f"model {model_id!r} is deleted")
    if summary.revision != session.BASE.get():
        session.NEWER.set((summary.revision, summary.updated_by))
    else:
        session.NEWER.forget()


def require_model() -> LogicModel:
    """The open model; on a page that needs one, stop with a pointer to the Models page."""
    model = current()
    if model is None:
        st.info("Open a model first: choose one on the **Models** page, or create a new one.")
        st.page_link(MODELS.file, label=f"Go to {MODELS.title}", icon=MODELS.icon)
        st.stop()
    return model


def open_model_id() -> str:
    """The id of the open model, on a page past :func:`require_model`."""
    model_id = session.MODEL_ID.get()
    if model_id is None:
        raise RuntimeError("no model is open: call require_model() first")
    return model_id


def saved_model() -> LogicModel:
    """The open model as this session last loaded or saved it (after a page's edit, the new one)."""
    model = session.MODEL.get()
    if model is None:
        raise RuntimeError("no model is open: call require_model() first")
    return model


def model_json(model: LogicModel) -> str:
    """The canonical JSON of ``model``: the cache key for analysis and diagrams."""
    if session.MODEL.get() is model and session.MODEL_JSON.held():
        return session.MODEL_JSON.get()
    return dumps_model(model, "json").decode("utf-8")


def commit(new: LogicModel, *, undoable: bool = True, prefer: Side | None = None) -> bool:
    """Save ``new`` as the next revision of the open model; ``True`` if it was saved.

    A conflict with another tab's edit is kept for :func:`show_conflict` and
    nothing is saved; ``prefer`` (``"ours"`` or ``"theirs"``) settles such clashes,
    keeping both sides' other edits.  An edit (not an undo, ``undoable=False``)
    that would switch where the priorities come from keeps the source in use
    (:func:`tocapp.sources.kept`) and leaves a note for :func:`tocapp.sources.notice`.
    """
    old = session.MODEL.get()
    if new == old:
        return False
    # An edit never quietly switches where priorities come from; an undo puts back what was.
    new, said = kept(old, new) if undoable else (new, "")
    try:
        result = store().save(
            open_model_id(),
            new,
            base=session.BASE.get(),
            author=author(),
            prefer=prefer,
            user=signin.identity(),
        )
    except ConflictError as err:
        session.CONFLICT.set(session.UnsavedEdit(new, err))
        return False
    session.CONFLICT.forget()
    session.PRIORITY_NOTE.set(said)
    if undoable and old is not None:
        session.UNDO.set(push_undo(session.UNDO.get(), old))
    _remember(result.revision.model, result.revision.number)
    if result.merged:
        st.toast("Merged with changes saved from another tab.", icon=":material/merge:")
    return True


def undo() -> bool:
    """Save the version before the last change as a new revision; ``True`` if there was one."""
    previous, rest = pop_undo(session.UNDO.get())
    if previous is None:
        return False
    session.UNDO.set(rest)
    return commit(previous, undoable=False)


def show_conflict(rerun: Callable[[], Any] = st.rerun) -> None:
    """If the last save clashed with another tab, show both values and let the user choose."""
    pending = session.CONFLICT.get()
    if pending is None:
        return
    st.warning(
        "Someone else changed the same thing in another tab. Choose whose values to keep.",
        icon=":material/merge:",
    )
    rows = [
        {"what": c.description, "yours": _shown(c.ours), "theirs": _shown(c.theirs)}
        for c in pending.error.conflicts
    ]
    st.table(literal_frame(pd.DataFrame(rows, columns=["what", "yours", "theirs"])))
    st.caption("Either way, every other change from both sides is kept.")
    mine, theirs = st.columns(2)
    if mine.button("Keep my values", key="conflict-mine", type="primary"):
        commit(pending.mine, prefer="ours")
        rerun()
    if theirs.button("Keep their values", key="conflict-theirs"):
        commit(pending.mine, prefer="theirs")
        rerun()


def _shown(value: Any) -> str:
    return "— (deleted)" if value is None else format_value(value)
