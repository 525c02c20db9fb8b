"""The open model follows saves made elsewhere: a projector shows each new revision by itself.

A small fragment asks the store, every :data:`EVERY` seconds, for the open
model's latest revision number (one row, no model body).  When another tab or
person has saved a newer one and this session holds no unsaved edit, it opens
that revision and reruns the whole app, so every page shows it without a click.
"""

from __future__ import annotations

import uuid

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from toc.editor.markdown import markdown_literal
from toc.store import AccessDenied, NotFoundError
from toc.store.presencestore import Presence
from tocapp import session, signin
from tocapp.escaped import bold
from tocapp.state import author, open_model, store

__all__ = ["EVERY", "follow", "followed", "present"]

#: Seconds between two questions to the store.
EVERY = 2


@st.fragment(run_every=EVERY)
def follow() -> None:
    """Open a newer revision of the open model saved elsewhere, unless an edit is pending here.

    A clash waiting for the user's choice (:data:`tocapp.session.CONFLICT`) is
    left alone: the sidebar's notice offers the newer revision instead.
    """
    model_id = session.MODEL_ID.get()
    if not _own_run() or model_id is None or session.CONFLICT.get() is not None:
        return
    try:
        summary = store().summary(model_id, user=signin.identity())
    except (NotFoundError, AccessDenied):
        return  # the next full run says so
    if summary.deleted or summary.revision <= session.BASE.get():
        return
    open_model(model_id)
    session.FOLLOWED.set((summary.revision, summary.updated_by))
    st.rerun(scope="app")


@st.fragment(run_every=EVERY)
def present() -> None:
    """Say this session has the open model on screen, and name who else has it open."""
    model_id = session.MODEL_ID.get()
    if model_id is None:
        return
    here = Presence(store())
    here.seen(model_id, session.VIEWER.keep_or_start(uuid.uuid4().hex), author())
    others = here.others(model_id, session.VIEWER.get())
    if others:
        st.caption("Also here: " + ", ".join(bold(name) for name in others))


def _own_run() -> bool:
    """Whether this is the fragment's timed run, not a full run (which may carry the user's edit)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def followed() -> None:
    """Say who saved the revision on screen, when :func:`follow` opened it."""
    shown = session.FOLLOWED.get()
    if shown is None or shown[0] != session.BASE.get():
        return
    number, who = shown
    st.sidebar.info(f"{markdown_literal(who)} saved revision {number}; it is on screen now.")
