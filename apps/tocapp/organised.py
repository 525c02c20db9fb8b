"""The Organisation page's figures: the portfolio of every stored model, cached by content.

The portfolio is measured over the latest revision of every model in the store whose
boxes carry tags of the framework's scheme, with :mod:`toc.organisation`; the cache is
keyed by the framework's data and each model's id and revision number, so an unchanged
organisation is measured once, whichever session asks.  Results are shared: never
change them in place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import streamlit as st

from toc.model import LogicModel
from toc.organisation import (
    Framework,
    Portfolio,
    framework_from_data,
)
from toc.organisation.options import Options, compare
from toc.organisation.orgmap import organisation_bytes, organisation_map, organisation_outline
from toc.organisation.portfolio import tagged_portfolio
from tocapp.state import store

__all__ = ["Organised", "compared", "framework_of", "framework_text", "organised"]


@dataclass(frozen=True)
class Organised:
    """The portfolio, its models by service name, and the models left out and why."""

    portfolio: Portfolio
    models: dict[str, LogicModel]
    departments: dict[str, str]
    untagged: int
    refused: list[tuple[str, str]]


def framework_text(data: dict[str, Any]) -> str:
    """A framework's data as the text that keys the cache."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@st.cache_resource(max_entries=16, show_spinner=False)
def framework_of(text: str) -> Framework:
    """The framework a stored revision holds, validated (shared, never changed in place)."""
    return framework_from_data(json.loads(text), source="the saved framework")


@st.cache_resource(max_entries=8, show_spinner=False)
def organised(text: str, revisions: tuple[tuple[str, int], ...]) -> Organised:
    """The portfolio of the models ``(id, revision)`` tagged with the framework's scheme.

    A model tagging a code the framework lacks is left out, with the library's message.
    """
    framework = framework_of(text)
    saved = store()
    found = tagged_portfolio(
        framework, (saved.revision(model_id, number).model for model_id, number in revisions)
    )
    result = found.portfolio
    by_name = {f.title: m for f, m in zip(result.figures, found.models, strict=True)}
    names = {d.id: d.label for d in framework.departments}
    for model in found.models:
        for d in model.departments:
            names.setdefault(d.id, d.label)
    return Organised(result, by_name, names, found.untagged, list(found.refused))


@st.cache_resource(max_entries=8, show_spinner=False)
def compared(text: str, revisions: tuple[tuple[str, int], ...], samples: int) -> Options:
    """The options appraisal of the models ``(id, revision)``, the first the baseline,
    scored against the framework."""
    saved = store()
    models = [saved.revision(model_id, number).model for model_id, number in revisions]
    return compare(
        models,
        framework=framework_of(text),
        sources=[model_id[:8] for model_id, _ in revisions],
        samples=samples,
    )


@st.cache_data(max_entries=8, show_spinner=False)
def drawn_map(text: str, revisions: tuple[tuple[str, int], ...], fmt: str) -> bytes:
    """The organisation map of the portfolio of ``revisions``, in ``fmt`` (svg, png, pdf, txt).

    Drawn once per framework, revisions and format: Graphviz takes a second or two.
    """
    chosen = organised(text, revisions).models
    drawn = organisation_map(framework_of(text), list(chosen.values()), sources=list(chosen))
    if fmt == "txt":
        return organisation_outline(drawn).encode("utf-8")
    return organisation_bytes(drawn, fmt)
