"""Library results cached by model content (its canonical JSON).

Every function takes the model's canonical JSON text, so an unchanged model
is never analysed or drawn twice, whichever tab or page asks; results are
plain data, cheap to copy out of the cache.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import streamlit as st

from toc.analysis.disagreement import disagreement as spread_of
from toc.analysis.priorities import held_sources
from toc.analysis.priorities import priorities as weights_of
from toc.diagram import outline as outline_of
from toc.diagram import to_dot
from toc.diagram.focus import narrowed
from toc.diagram.render import check_drawable
from toc.errors import RenderError
from toc.formats.modelfiles import loads_model
from toc.history.diff import describe_diff, diff_models
from toc.model import LogicModel
from toc.store import Store
from tocapp.names import group_labels, labels

__all__ = [
    "diagram",
    "diagram_boxes",
    "disagreement",
    "model_of",
    "outline",
    "priorities",
    "revision_diff",
]


@st.cache_resource(max_entries=16, show_spinner=False)
def model_of(text: str) -> LogicModel:
    """The model a canonical JSON text holds (shared, never changed in place)."""
    return loads_model(text.encode("utf-8"), "json", source="the saved model")


@st.cache_data(max_entries=64, show_spinner=False)
def priorities(text: str) -> dict[str, Any]:
    """The priority weights in use, with labels, and where they came from.

    ``source`` is the source in use, ``chosen`` whether the model names it
    (else it is the first the model holds), ``held`` the sources the model
    holds, ``ignored`` those set aside, and ``counts`` how much each holds:
    boxes with a priority, outcomes in the agreed order, groups with ratings.
    """
    model = model_of(text)
    used = weights_of(model)
    names = labels(model)
    rows = [{"id": k, "label": names[k], "weight": v} for k, v in used.weights.items()]
    counts = {
        "nodes": sum(n.priority is not None for n in model.nodes),
        "agreed-order": len(model.agreed_order),
        "stakeholders": sum(bool(g.ratings) for g in model.stakeholders),
    }
    return {
        "source": used.source,
        "chosen": model.priority_source is not None,
        "held": held_sources(model),
        "ignored": list(used.ignored),
        "counts": counts,
        "rows": rows,
    }


@st.cache_data(max_entries=64, show_spinner=False)
def disagreement(text: str) -> dict[str, Any]:
    """Each group's share per outcome, and the outcomes that split the groups."""
    model = model_of(text)
    result = spread_of(model)
    names = labels(model)
    groups = group_labels(model)
    rows = [
        {"outcome": names[s.outcome], "group": groups[g], "share": share, "spread": s.spread}
        for s in result.outcomes
        for g, share in s.shares.items()
    ]
    return {"rows": rows, "splits": [names[o] for o in result.splits]}


@st.cache_data(max_entries=64, show_spinner=False)
def diagram_boxes(
    text: str, focus: str | None = None, department: str | None = None, top: int | None = None
) -> int:
    """How many boxes the diagram of this part of the model would draw
    (:func:`toc.diagram.focus.narrowed`)."""
    model = model_of(text)
    if focus is None and department is None and top is None:
        return len(model.nodes)
    return len(narrowed(model, focus=focus, department=department, top=top).nodes)


def diagram(
    text: str,
    fmt: str,
    page: str | None = None,
    focus: str | None = None,
    large_text: bool = False,
    department: str | None = None,
    top: int | None = None,
) -> bytes:
    """The diagram's bytes in ``fmt``; drawn once per model content, page, part and size.

    A diagram Graphviz cannot draw is remembered too, so it is not tried on every rerun;
    one of more boxes than :func:`toc.diagram.render.max_diagram_boxes` is refused at once.
    """
    payload, problem = _drawing(text, fmt, page, focus, large_text, department, top)
    if problem:
        raise RenderError(problem)
    return payload


@st.cache_data(max_entries=32, show_spinner=False)
def _drawing(
    text: str,
    fmt: str,
    page: str | None,
    focus: str | None,
    large_text: bool,
    department: str | None = None,
    top: int | None = None,
) -> tuple[bytes, str]:
    model = model_of(text)
    try:
        check_drawable(model, narrowed(model, focus=focus, department=department, top=top))
        dot = to_dot(
            model, page=page, focus=focus, large_text=large_text, department=department, top=top
        )
        return _drawn_apart(dot, fmt), ""
    except RenderError as err:
        return b"", str(err)


_DRAW = (
    "import sys\n"
    "from toc.diagram.render import dot_to_bytes\n"
    "sys.stdout.buffer.write(dot_to_bytes(sys.stdin.read(), sys.argv[1]))\n"
)


def _drawn_apart(dot: str, fmt: str) -> bytes:
    """Graphviz in a child process: on some layouts its C code aborts the whole process,
    which must not take the editor (and every open workshop tab) down with it."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _DRAW, fmt],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=300,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise RenderError(
            "Graphviz took over 5 minutes on this diagram: use the focus mode to draw part of it"
        ) from err
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(
            f"Graphviz could not lay out this diagram ({said[-1] if said else 'it stopped'}): "
            "use the focus mode to draw part of it, or download the model and draw it with "
            "`toc render`"
        )
    return done.stdout


@st.cache_data(max_entries=32, show_spinner=False)
def outline(text: str) -> str:
    """The model as plain indented text: the diagram's accessible alternative."""
    return outline_of(model_of(text))


@st.cache_data(max_entries=64, show_spinner=False)
def revision_diff(_store: Store, url: str, model_id: str, old: int, new: int) -> list[str]:
    """What changed from revision ``old`` to ``new`` of a model, in words.

    A saved revision never changes, so the words are kept by database ``url``, model
    and numbers: loading two revisions of a model of thousands of boxes takes most of
    a second.  ``_store`` is the store ``url`` names (not part of the cache's key).
    """
    if old == new:
        return []
    before = _store.revision(model_id, old).model
    return describe_diff(diff_models(before, _store.revision(model_id, new).model))
