"""Diagram & export: the print-ready diagram, focus on one activity, downloads, text outline.

A diagram holds at most :func:`toc.diagram.render.max_diagram_boxes` boxes (500 unless
``TOC_MAX_DIAGRAM_BOXES`` says otherwise): for a bigger model the page says so at once,
without asking Graphviz, and offers the ways to draw part of it (the strongest drivers'
pathways, one department, one activity); the model files and the outline stay whole.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import streamlit as st

from toc.diagram.render import max_diagram_boxes
from toc.errors import RenderError
from toc.formats.modelfiles import dumps_model
from toc.model import LogicModel, Stage, suggest_id
from tocapp import cached, session
from tocapp.boundary import guarded
from tocapp.names import department_labels, labels
from tocapp.sources import show_source
from tocapp.state import model_json, require_model

FORMATS = [
    ("SVG", "svg", None, "image/svg+xml"),
    ("PNG", "png", None, "image/png"),
    ("PDF (A4)", "pdf", "a4", "application/pdf"),
    ("PDF (A3)", "pdf", "a3", "application/pdf"),
]
WORD_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORTS = [
    ("Word (.docx)", "docx", WORD_MIME),
    ("HTML (one page)", "html", "text/html"),
]
#: The model's files: (button, format, MIME type, suffix); other tools' formats on a second row.
FILES = [
    ("YAML", "yaml", "application/yaml", "yaml"),
    ("JSON", "json", "application/json", "json"),
    ("XLSX", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("GraphML", "graphml", "application/graphml+xml", "graphml"),
    ("Kumu blueprint", "kumu", "application/json", "kumu.json"),
    ("Mermaid", "mermaid", "text/plain", "mmd"),
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


#: Lines of the text outline shown on the page; the whole outline is a download.
OUTLINE_LINES = 2000


@dataclass(frozen=True)
class Part:
    """The part of the model to draw: one activity, one department, the top drivers."""

    focus: str | None = None
    department: str | None = None
    top: int | None = None


def part_choice(model: LogicModel, focus: str | None) -> Part:
    """The department and the number of strongest drivers to draw (none: the whole model)."""
    units = {"": "Every department", **department_labels(model)}
    left, right = st.columns(2)
    department = left.selectbox(
        "Department (its boxes and those one link away)",
        list(units),
        format_func=units.__getitem__,
        key="diagram-department",
    )
    top = right.number_input(
        "Only the pathways of the N strongest drivers (0: every activity)",
        min_value=0,
        value=0,
        step=1,
        key="diagram-top",
    )
    return Part(focus, department or None, int(top) or None)


def too_big(model: LogicModel, part: Part) -> bool:
    """Say so, with the way forward, when the chosen part has too many boxes to draw."""
    text = model_json(model)
    boxes = cached.diagram_boxes(text, part.focus, part.department, part.top)
    limit = max_diagram_boxes()
    if boxes <= limit:
        return False
    whole = part == Part()
    what = "This model has" if whole else "This part of the model has"
    st.info(
        f"{what} {boxes:,} boxes, more than the {limit:,} one diagram can show readably "
        "(and Graphviz would take minutes to lay it out). Draw part of it: the pathways of "
        "the few strongest drivers (try 3), one department, or one activity to focus on, "
        "all chosen above. The model files and the text outline below hold every box; "
        "whoever runs the editor can raise the limit with TOC_MAX_DIAGRAM_BOXES.",
        icon=":material/info:",
    )
    return True


def _later(text: str, fmt: str, page: str | None, part: Part) -> Callable[[], bytes]:
    return lambda: cached.diagram(
        text, fmt, page, part.focus, department=part.department, top=part.top
    )


def diagram_files(text: str, stem: str, part: Part) -> None:
    """The diagram's download buttons, one per format; each drawn when pressed."""
    for column, (label, fmt, page, mime) in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        suffix = f"-{page}" if page else ""
        column.download_button(
            f"Download {label}",
            data=_later(text, fmt, page, part),
            file_name=f"{stem}{suffix}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"diagram-{fmt}{suffix}",
        )


def downloads(model: LogicModel, part: Part, drawable: bool = True) -> None:
    """Diagram and model files; each is made only when its button is pressed."""
    text, stem = model_json(model), suggest_id(model.title)
    st.markdown("**Diagram**")
    if drawable:
        diagram_files(text, stem, part)
    else:
        st.caption("Choose a part of the model to draw, above, to download its diagram.")
    st.markdown("**Model file** (and, below, for other tools: Gephi and yEd, Kumu, Mermaid)")
    for row in (FILES[:3], FILES[3:]):
        for column, (label, fmt, mime, suffix) in zip(st.columns(3), row, strict=True):
            column.download_button(
                f"Download {label}",
                data=partial(dumps_model, model, fmt),
                file_name=f"{stem}.{suffix}",
                mime=mime,
                on_click="ignore",
                key=f"file-{fmt}",
            )


def report_files(model: LogicModel) -> None:
    """The report pack's downloads, Word and HTML, for the page chosen; each built when pressed."""
    st.markdown("**Report pack**")
    st.caption(
        "One document for a strategy or committee paper: purpose, the diagram and its text "
        "alternative, priorities and disagreement, drivers, trade-offs and gaps, the value map "
        "(when the model has one), the assumptions register, the results framework and the "
        "checks. What `toc report` writes."
    )
    text, stem = model_json(model), suggest_id(model.title)
    page = st.radio(
        "Report page size (landscape)", ["a4", "a3"], format_func=str.upper, horizontal=True,
        key="report-page",
    )  # fmt: skip
    for column, (label, fmt, mime) in zip(st.columns(len(FORMATS)), REPORTS, strict=False):
        column.download_button(
            f"Download {label}",
            data=partial(report_pack, text, fmt, page),
            file_name=f"{stem}-report-{page}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"report-{fmt}",
        )


@st.cache_data(max_entries=8, show_spinner=False)
def report_pack(text: str, fmt: str, page: str) -> bytes:
    """The report pack of the model ``text`` holds, as `toc report` writes it, kept by content.

    It is built in a child process, as the diagram is drawn: on some layouts Graphviz's C
    code aborts its whole process, which must not take the editor down with it.
    """
    with tempfile.TemporaryDirectory(prefix="toc-report-") as folder:
        source, out = Path(folder) / "model.json", Path(folder) / f"report.{fmt}"
        source.write_text(text, encoding="utf-8")
        command = [sys.executable, "-c", "from toc.cli import main; main()", "report"]
        command += [str(source), "-o", str(out), "--page", page]
        try:
            done = subprocess.run(command, capture_output=True, timeout=600, check=False)
        except subprocess.TimeoutExpired as err:
            raise RenderError("the report pack took over 10 minutes: use `toc report`") from err
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RenderError(f"the report pack could not be made: {said[-1] if said else ''}")
        return out.read_bytes()


def diagram(model: LogicModel, part: Part) -> None:
    """The diagram on screen (an SVG shown as an image, so nothing in it runs)."""
    svg = cached.diagram(
        model_json(model),
        "svg",
        None,
        part.focus,
        session.LARGE_TEXT.get(),
        department=part.department,
        top=part.top,
    )
    st.image(svg.decode("utf-8"), width="stretch")


def outline(model: LogicModel) -> None:
    """The model as indented plain text; past :data:`OUTLINE_LINES` lines, its beginning."""
    text = cached.outline(model_json(model))
    with st.expander("Text outline (an accessible alternative to the diagram)"):
        lines = text.splitlines()
        if len(lines) > OUTLINE_LINES:
            st.caption(
                f"The first {OUTLINE_LINES:,} of {len(lines):,} lines: download the whole "
                "outline to read the rest."
            )
            text = "\n".join(lines[:OUTLINE_LINES])
        st.code(text, language=None, wrap_lines=True)
        st.download_button(
            "Download the outline (text)",
            data=partial(_outline_bytes, model_json(model)),
            file_name=f"{suggest_id(model.title)}-outline.txt",
            mime="text/plain",
            on_click="ignore",
            key="outline-txt",
        )


def _outline_bytes(text: str) -> bytes:
    return cached.outline(text).encode("utf-8")


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
        part = part_choice(model, focus_choice(model))
        drawable = False
        with guarded():  # a focus outside the chosen department is refused here
            drawable = not too_big(model, part)
        if drawable:
            with guarded():
                diagram(model, part)
        with guarded():
            downloads(model, part, drawable)
        with guarded():
            report_files(model)
        with guarded():
            outline(model)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
