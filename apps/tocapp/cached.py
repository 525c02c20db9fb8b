"""Library results cached by model content (its canonical JSON).

Every function takes the model's canonical JSON text, so an unchanged model
is never analysed or drawn twice, whichever tab or page asks; results are
plain data, cheap to copy out of the cache.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from toc.files import loads_model
from toc.model import LogicModel

__all__ = ["diagram", "disagreement", "model_of", "outline", "priorities"]


@st.cache_resource(max_entries=16, show_spinner=False)
def model_of(text: str) -> LogicModel:
    """The model a canonical JSON text holds (shared, never changed in place)."""
    return loads_model(text.encode("utf-8"), "json", source="the saved model")


def _labels(model: LogicModel) -> dict[str, str]:
    return {n.id: n.label for n in model.nodes}


@st.cache_data(max_entries=64, show_spinner=False)
def priorities(text: str) -> dict[str, Any]:
    """The priority weights in use, with labels, and where they came from."""
    from toc.analysis.priorities import priorities as weights_of

    model = model_of(text)
    used = weights_of(model)
    names = _labels(model)
    rows = [{"id": k, "label": names[k], "weight": v} for k, v in used.weights.items()]
    return {"source": used.source.replace("-", " "), "rows": rows}


@st.cache_data(max_entries=64, show_spinner=False)
def disagreement(text: str) -> dict[str, Any]:
    """Each group's share per outcome, and the outcomes that split the groups."""
    from toc.analysis.disagreement import disagreement as spread_of

    model = model_of(text)
    result = spread_of(model)
    names = _labels(model)
    groups = {g.id: g.label for g in model.stakeholders}
    rows = [
        {"outcome": names[s.outcome], "group": groups[g], "share": share, "spread": s.spread}
        for s in result.outcomes
        for g, share in s.shares.items()
    ]
    return {"rows": rows, "splits": [names[o] for o in result.splits]}


@st.cache_data(max_entries=32, show_spinner=False)
def diagram(
    text: str,
    fmt: str,
    page: str | None = None,
    focus: str | None = None,
    large_text: bool = False,
) -> bytes:
    """The diagram's bytes in ``fmt``; drawn once per model content, page, focus and size."""
    from toc.diagram import render_bytes

    return render_bytes(model_of(text), fmt, page=page, focus=focus, large_text=large_text)


@st.cache_data(max_entries=32, show_spinner=False)
def outline(text: str) -> str:
    """The model as plain indented text: the diagram's accessible alternative."""
    from toc.diagram import outline as outline_of

    return outline_of(model_of(text))
