"""The toc editor: co-design a theory of change in a workshop, see what drives it, export it.

This is the entry script Streamlit runs (``toc app``, or ``make app``, runs it
for you).  It sets up the sidebar and the navigation; each page is a module
in :mod:`tocapp.views`, a thin layer over the ``toc`` library.
"""

from __future__ import annotations

import numpy as np
import streamlit as st
from PIL import Image
from streamlit.navigation.page import StreamlitPage

from toc.editor.markdown import markdown_literal
from tocapp import session, signin
from tocapp.address import from_address, to_address
from tocapp.boundary import guarded
from tocapp.escaped import bold
from tocapp.follow import follow, followed, present
from tocapp.memory import settle_once
from tocapp.state import author, current, open_model
from tocapp.views import VIEWS, VOTE
from tocapp.views.vote_page import CODE as VOTE_CODE

# Projector mode: Streamlit sizes its text in rem, so a larger root font scales it all;
# the canvas (its own frame) and the charts get larger fonts of their own.
LARGE_TEXT_CSS = "<style>html { font-size: 22px; }</style>"
# Less empty space above each page's title, so the Map's canvas and its zoom buttons fit
# on a 1280x800 projector.
PAGE_CSS = '<style>[data-testid="stMainBlockContainer"] { padding-top: 2rem !important; }</style>'


def pages() -> list[StreamlitPage]:
    """The navigation, in sidebar order; the first page is the default (the root address)."""
    return [
        st.Page(v.file, title=v.title, icon=v.icon, url_path=v.url_path, default=i == 0)
        for i, v in enumerate(VIEWS)
    ]


def newer() -> None:
    """Say when another tab or person saved a newer revision, and offer to load it."""
    saved = session.NEWER.get()
    model_id = session.MODEL_ID.get()
    if saved is None or model_id is None:
        return
    number, who = saved
    said = f"{markdown_literal(who)} saved revision {number}. Your next change merges with it."
    st.sidebar.info(said)
    if st.sidebar.button("Load it now", key="load-newer"):
        open_model(model_id)
        st.rerun()


def _remember_large_text() -> None:
    session.LARGE_TEXT.set(session.LARGE_TEXT_TOGGLE.get())
    to_address()


def sidebar() -> None:
    """Who is editing (signed in, or a typed name), projector mode, and the open model."""
    signed_in = signin.identity()
    if signed_in is not None:
        signin.signout_button(signed_in)
    else:
        session.AUTHOR.keep_or_start("workshop")
        st.sidebar.text_input(
            "Your name (saved with each change)", key=session.AUTHOR.key, on_change=to_address
        )
    # The setting outlives the widget (pages without the sidebar drop widget state).
    session.LARGE_TEXT_TOGGLE.set(session.LARGE_TEXT.get())
    st.sidebar.toggle(
        "Large text (projector)",
        key=session.LARGE_TEXT_TOGGLE.key,
        on_change=_remember_large_text,
    )
    with guarded():
        model = current()
        if model is not None:
            st.sidebar.caption(f"Open: {bold(model.title)} · revision {session.BASE.get()}")
            newer()
            followed()
            follow()
            present()
    if signed_in is None:
        st.sidebar.caption(f"Saving as {bold(author())}")


def favicon() -> Image.Image:
    """Three stage-coloured boxes, drawn here: Streamlit would fetch a material icon online."""
    icon = np.full((32, 32, 3), (31, 59, 92), dtype=np.uint8)
    shades = ((232, 238, 247), (230, 244, 234), (252, 232, 230))
    for column, shade in zip(range(2, 32, 10), shades, strict=True):
        icon[10:22, column : column + 8] = shade
    return Image.fromarray(icon)


def on_a_phone_voting() -> bool:
    """Whether this run is a participant's (the address holds ``?vote=CODE``): then the
    Vote page runs alone, with no editor around it."""
    return VOTE_CODE in st.query_params


def vote() -> None:
    """The participant's page alone: narrow, no sidebar, no navigation."""
    st.set_page_config(page_title="Vote", page_icon=favicon(), layout="centered")
    page = st.navigation([st.Page(VOTE.file, title=VOTE.title, default=True)], position="hidden")
    with guarded():
        page.run()


def run() -> None:
    """One run of the app: page set-up, navigation, sidebar, then the chosen page.

    The sidebar and the page each run inside the error boundary
    (:func:`tocapp.boundary.guarded`): whatever fails shows as a message.  A phone on
    the Vote page gets that page alone (:func:`vote`), with no sign-in; with sign-in on
    (:mod:`tocapp.signin`), a visitor who has not signed in gets only the sign-in page.
    """
    settle_once()  # the first run: the shared objects out of the collector's way
    if on_a_phone_voting():
        vote()
        return
    st.set_page_config(page_title="toc — theory of change", page_icon=favicon(), layout="wide")
    if signin.signed_out():
        signin.signin_page()
        return
    from_address()  # a refresh starts a new session: the address says who and how
    st.markdown(PAGE_CSS, unsafe_allow_html=True)
    if session.LARGE_TEXT.get():
        st.markdown(LARGE_TEXT_CSS, unsafe_allow_html=True)
    page = st.navigation(pages())
    with st.sidebar, guarded():
        sidebar()
    to_address()
    with guarded():
        page.run()  # the page file's render()


if __name__ == "__main__":  # Streamlit runs this file as __main__
    run()
