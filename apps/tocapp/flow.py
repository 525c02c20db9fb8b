"""The canvas (streamlit-flow) in the session: what to show, and what came back.

The component only adopts the nodes and edges we pass when their timestamp
is newer than its own, and it keeps returning its last value on every rerun.
So we push a freshly styled state whenever the model changes, stamped later
than anything the browser has sent, and act on a returned value only once:
when its timestamp is one we have neither pushed nor acted on.  (Comparing
for equality rather than order keeps working when the browser's clock and
the server's disagree.)  Tests simulate a user's canvas edit by putting a newer
state under :data:`STATE_KEY` in session state.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st
from streamlit_flow import streamlit_flow
from streamlit_flow.elements import StreamlitFlowEdge, StreamlitFlowNode
from streamlit_flow.state import StreamlitFlowState

from toc.editor.canvas import flow_state, model_from_flow
from toc.editor.operations import link_map
from toc.model import Link, LogicModel

__all__ = ["STATE_KEY", "canvas", "forget", "keep_view", "state_of"]

STATE_KEY = "canvas_state"
_SHOWN = "canvas_shows"
_APPLIED = "canvas_applied"  # the latest timestamp pushed or received
_SEEN = "canvas_seen"  # the timestamp of the last value acted on
_PUSHED = "canvas_pushed"  # the timestamp of the state we last pushed


def state_of(model: LogicModel, *, large_text: bool, timestamp: int) -> StreamlitFlowState:
    """The component state for ``model``, stamped ``timestamp`` (ms)."""
    plain = flow_state(model, large_text=large_text)
    return StreamlitFlowState(
        nodes=[StreamlitFlowNode.from_dict(n) for n in plain["nodes"]],
        edges=[StreamlitFlowEdge.from_dict(e) for e in plain["edges"]],
        timestamp=timestamp,
    )


def _push(model: LogicModel, shows: tuple[Any, ...], large_text: bool) -> None:
    stamp = max(int(time.time() * 1000), int(st.session_state.get(_APPLIED, 0)) + 1)
    st.session_state[STATE_KEY] = state_of(model, large_text=large_text, timestamp=stamp)
    st.session_state[_SHOWN] = shows
    st.session_state[_APPLIED] = stamp
    st.session_state[_PUSHED] = stamp


def _memory(model: LogicModel) -> dict[str, Link]:
    memory: dict[str, Link] = st.session_state.setdefault("link_memory", {})
    memory.update(link_map(model))
    return memory


def canvas(
    model: LogicModel, *, model_id: str, revision: int, large_text: bool, height: int
) -> tuple[LogicModel, str | None]:
    """Draw the canvas; the model as the user left it and the id they clicked, if any."""
    shows = (model_id, revision, large_text)
    if st.session_state.get(_SHOWN) != shows or STATE_KEY not in st.session_state:
        _push(model, shows, large_text)
    returned = streamlit_flow(
        "canvas",
        st.session_state[STATE_KEY],
        height=height,
        fit_view=True,
        allow_new_edges=True,
        get_node_on_click=True,
        get_edge_on_click=True,
        enable_node_menu=True,
        enable_edge_menu=True,
        min_zoom=0.2,
        hide_watermark=True,
    )
    stamp = returned.timestamp
    if stamp is None or stamp in (st.session_state.get(_SEEN), st.session_state.get(_PUSHED)):
        return model, None
    st.session_state[_SEEN] = stamp
    st.session_state[_APPLIED] = max(int(stamp), int(st.session_state[_APPLIED]))
    changed = model_from_flow(model, returned.asdict(), _memory(model), large_text=large_text)
    return changed, _selected(returned)


def _selected(returned: StreamlitFlowState) -> str | None:
    """The clicked box or link; a just-drawn edge is named ``from->to`` like every link."""
    chosen = returned.selected_id
    for edge in returned.edges:
        if edge.id == chosen:
            return f"{edge.source}->{edge.target}"
    return str(chosen) if chosen else None


def keep_view(*, revision: int) -> None:
    """Note that the canvas already shows ``revision``: no need to push it again."""
    shown = st.session_state.get(_SHOWN)
    if shown is not None:
        st.session_state[_SHOWN] = (shown[0], revision, shown[2])


def forget() -> None:
    """Drop the canvas state, e.g. after an edit made outside the canvas failed."""
    st.session_state.pop(_SHOWN, None)
