"""Diagram & export: the print-ready diagram, focus on one activity, downloads, text outline."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from toc.formats.modelfiles import dumps_model
from toc.model import LogicModel, Stage, suggest_id
from tocapp import cached, session
from tocapp.boundary import guarded
from tocapp.names import labels
from tocapp.sources import show_source
from tocapp.state import model_json, require_model

FORMATS = [
    ("SVG", "svg", None, "image/svg+xml"),
    ("PNG", "png", None, "image/png"),
    ("PDF (A4)", "pdf", "a4", "application/pdf"),
    ("PDF (A3)", "pdf", "a3", "application/pdf"),
]
FILES = [
    ("YAML", "yaml", "application/yaml"),
    ("JSON", "json", "application/json"),
    ("XLSX", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
]


def focus_choice(model: LogicModel) -> str | None:
    """The activity to focus on, or ``None`` for the whole model."""
    names = {"": "The whole model", **labels(model, [Stage.ACTIVITY])}
    chosen = st.selectbox(
        "Focus (only the pathways from one activity to the priority outcomes)",
        list(names),
        format_func=names.__getitem__,
    )
    return chosen or None


def _later(text: str, fmt: str, page: str | None, focus: str | None) -> Callable[[], bytes]:
    return lambda: cached.diagram(text, fmt, page, focus)


def downloads(model: LogicModel, focus: str | None) -> None:
    """Diagram and model files; each is made only when its button is pressed."""
    text, stem = model_json(model), suggest_id(model.title)
    st.markdown("**Diagram**")
    for column, (label, fmt, page, mime) in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        suffix = f"-{page}" if page else ""
        column.download_button(
            f"Download {label}",
            data=_later(text, fmt, page, focus),
            file_name=f"{stem}{suffix}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"diagram-{fmt}{suffix}",
        )
    st.markdown("**Model file**")
    for column, (label, fmt, mime) in zip(st.columns(len(FORMATS)), FILES, strict=False):
        column.download_button(
            f"Download {label}",
            data=partial(dumps_model, model, fmt),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"file-{fmt}",
        )


def diagram(model: LogicModel, focus: str | None) -> None:
    """The diagram on screen (an SVG shown as an image, so nothing in it runs)."""
    svg = cached.diagram(model_json(model), "svg", None, focus, session.LARGE_TEXT.get())
    st.image(svg.decode("utf-8"), width="stretch")


def outline(model: LogicModel) -> None:
    """The model as indented plain text."""
    with st.expander("Text outline (an accessible alternative to the diagram)"):
        st.code(cached.outline(model_json(model)), language=None, wrap_lines=True)


def render() -> None:
    """The Diagram & export page: the diagram, its downloads and its text outline.

    Each part fails on its own: a diagram that cannot be drawn leaves the model
    files to download and the outline to read.
    """
    st.title("Diagram & export")
    with guarded():
        model = require_model()
        show_source(model_json(model))
        st.caption(
            "★ marks each priority outcome in use: box priorities as set, the agreed order by "
            "rank, stakeholder ratings by share; equal weights mark none."
        )
        focus = focus_choice(model)
        for part in (diagram, downloads):
            with guarded():
                part(model, focus)
        with guarded():
            outline(model)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
