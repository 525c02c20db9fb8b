"""The Map and Analyse pages with the organisation's priorities in place of the model's own.

A model whose boxes carry tags of a stored framework's scheme (``council:O3``) can be
analysed with that framework's corporate priorities: each tagged outcome or impact
takes its code's share, split among the boxes carrying the code
(:func:`toc.organisation.adopt_priorities`, as ``toc analyse --framework``).  The
choice sits in the sidebar of both pages and is kept per model; the saved model
never changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.errors import TocError
from toc.formats.modelfiles import dumps_model
from toc.model import LogicModel
from toc.organisation import adopt_priorities
from tocapp import session, signin
from tocapp.organised import framework_of, framework_text
from tocapp.state import model_json, store

__all__ = ["OWN", "Priorities", "priorities_for"]

#: The choice that keeps the model's own priorities.
OWN = ""


@dataclass(frozen=True)
class Priorities:
    """The model to analyse, its canonical JSON (the analysis cache key), and the title
    of the framework whose priorities it carries (``None``: the model's own)."""

    model: LogicModel
    text: str
    framework: str | None


def _schemes(model: LogicModel) -> set[str]:
    return {tag.split(":", 1)[0] for node in model.nodes for tag in node.frameworks}


def _choices(model: LogicModel) -> dict[str, str]:
    """``{framework id: title}`` for the stored frameworks whose scheme the model tags."""
    tagged = _schemes(model)
    if not tagged:
        return {}
    listed = store().list_frameworks(user=signin.identity())  # only those this user may see
    return {f.id: f.title for f in listed if f.scheme in tagged}


@st.cache_resource(max_entries=32, show_spinner=False)
def _adopted(text: str, framework: str) -> tuple[LogicModel, str]:
    """The model in ``text`` with the framework's priorities, and its JSON (shared)."""
    model = LogicModel.model_validate_json(text)
    adopted = adopt_priorities(model, framework_of(framework))
    return adopted, dumps_model(adopted, "json").decode("utf-8")


def priorities_for(model: LogicModel, *, key: str) -> Priorities:
    """Ask in the sidebar whose priorities to use; the model to analyse with them.

    Nothing is asked of a model that tags no stored framework's scheme.  A framework
    the model cannot adopt (a tag naming a code it lacks) is said under the choice, and
    the model's own priorities are used.
    """
    own = Priorities(model, model_json(model), None)
    choices = _choices(model)
    if not choices:
        return own
    names = {OWN: "This model's own", **{i: f"The organisation's: {t}" for i, t in choices.items()}}
    held = session.PRIORITIES_FROM.get()
    with st.sidebar:
        picked = st.radio(
            "Priorities for the analysis",
            list(names),
            index=list(names).index(held) if held in names else 0,
            format_func=names.__getitem__,
            key=f"{key}-priorities-from",
            help="The organisation's: each outcome tagged with a framework code takes that "
            "code's share of the corporate priorities. The saved model is not changed.",
        )
    session.PRIORITIES_FROM.set(picked)
    if picked == OWN:
        return own
    try:
        revision = store().latest_framework(picked, user=signin.identity())
        adopted, text = _adopted(own.text, framework_text(revision.data))
    except TocError as err:
        with st.sidebar:
            st.warning(
                markdown_literal(f"Using the model's own priorities: {err}"),
                icon=":material/warning:",
            )
        return own
    with st.sidebar:
        st.caption(
            markdown_literal(
                f"Priorities come from the organisation's framework ‘{choices[picked]}’: "
                "each tagged outcome takes its code's share."
            )
        )
    return Priorities(adopted, text, choices[picked])
