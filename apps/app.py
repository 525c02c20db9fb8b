"""The toc editor: co-design a theory of change in a workshop, see what drives it, export it.

Run it with ``toc app`` (or ``make app``).  Every page is a thin layer over
the ``toc`` library; this file sets up the sidebar and the navigation.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import streamlit as st
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tocapp.state import author, current, guarded, open_model

# Projector mode: Streamlit sizes its text in rem, so a larger root font scales it all;
# the canvas (its own frame) and the charts get larger fonts of their own.
LARGE_TEXT_CSS = "<style>html { font-size: 22px; }</style>"

PAGES = [
    st.Page("pages/models.py", title="Models", icon=":material/folder_open:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/account_tree:"),
    st.Page("pages/priorities.py", title="Priorities", icon=":material/balance:"),
    st.Page("pages/analyse.py", title="Analyse", icon=":material/bar_chart:"),
    st.Page("pages/value.py", title="Value", icon=":material/currency_pound:"),
    st.Page("pages/diagram.py", title="Diagram & export", icon=":material/image:"),
    st.Page("pages/history.py", title="History", icon=":material/history:"),
]


def newer() -> None:
    """Say when another tab or person saved a newer revision, and offer to load it."""
    if "newer" not in st.session_state:
        return
    number, who = st.session_state["newer"]
    st.sidebar.info(f"{who} saved revision {number}. Your next change merges with it.")
    if st.sidebar.button("Load it now", key="load-newer"):
        open_model(st.session_state["model_id"])
        st.rerun()


def _remember_large_text() -> None:
    st.session_state["large_text"] = st.session_state["large_text_toggle"]


def sidebar() -> None:
    """Who is editing, projector mode, and the open model."""
    st.session_state.setdefault("author", "workshop")
    st.sidebar.text_input("Your name (saved with each change)", key="author")
    # The setting outlives the widget (pages without the sidebar drop widget state).
    st.session_state.setdefault("large_text", False)
    st.session_state["large_text_toggle"] = st.session_state["large_text"]
    st.sidebar.toggle(
        "Large text (projector)", key="large_text_toggle", on_change=_remember_large_text
    )
    with guarded():
        model = current()
        if model is not None:
            st.sidebar.caption(f"Open: **{model.title}** · revision {st.session_state['base']}")
            newer()
    st.sidebar.caption(f"Saving as **{author()}**")


def favicon() -> Image.Image:
    """Three stage-coloured boxes, drawn here: Streamlit would fetch a material icon online."""
    icon = np.full((32, 32, 3), (31, 59, 92), dtype=np.uint8)
    shades = ((232, 238, 247), (230, 244, 234), (252, 232, 230))
    for column, shade in zip(range(2, 32, 10), shades, strict=True):
        icon[10:22, column : column + 8] = shade
    return Image.fromarray(icon)


st.set_page_config(page_title="toc — theory of change", page_icon=favicon(), layout="wide")
if st.session_state.get("large_text"):
    st.markdown(LARGE_TEXT_CSS, unsafe_allow_html=True)
page = st.navigation(PAGES)
sidebar()
page.run()
