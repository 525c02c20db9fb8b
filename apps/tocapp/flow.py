"""The canvas (streamlit-flow) in the session: what to show, and what came back.

The component only adopts the nodes and edges we pass when their timestamp
is newer than its own, and it keeps returning its last value on every rerun.
So we push a freshly styled state whenever the model changes, stamped later
than anything the browser has sent, and act on a returned value only once:
when its timestamp is one we have neither pushed nor acted on.  (Comparing
for equality rather than order keeps working when the browser's clock and
the server's disagree.)  A value the canvas returns in the run that pushes a
new state was made on the state before it, so it is not acted on: it lacks
whatever the new state added, and reading it back would delete a box just
added (the canvas reports each state it takes, and such a report can reach the
server in the same run as the click that added the box).  Nor is one that
arrives in a later run before the canvas has taken the new state: on a busy
server a report made on the old state (its layout, a click) can reach it after
the run that pushed the new one.  The canvas's first report on taking a state
is that state's boxes and links, so every value is set aside until one shows
exactly the boxes and links last pushed (:func:`_made_on_latest`).  Tests
simulate a user's canvas edit by putting a newer state in
:data:`tocapp.session.CANVAS_STATE`, which the canvas hands back as it is.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from streamlit_flow.elements import StreamlitFlowEdge, StreamlitFlowNode
from streamlit_flow.state import StreamlitFlowState

from toc.editor.canvas import flow_state, model_from_flow
from toc.editor.operations import link_map
from toc.model import Link, LogicModel
from tocapp import session
from tocapp.component import flow_canvas
from tocapp.session import CanvasShows, Drawn

__all__ = ["Scope", "canvas", "clicked_before", "forget", "keep_view", "state_of"]


@dataclass(frozen=True)
class Scope:
    """Which boxes the canvas shows (``None``: all) and which it marks, and a key for both."""

    shown: frozenset[str] | None = None
    marked: frozenset[str] = frozenset()
    #: The priorities in use, ``(box id, weight)``: each priority box gets a bar.
    weights: tuple[tuple[str, float], ...] = ()
    #: Open comments, ``(box id or link from->to, count)``: a badge on each.
    comments: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> str:
        """Equal for equal scopes: part of what the canvas was drawn for."""
        shown = sorted(self.shown) if self.shown is not None else None
        text = repr((shown, sorted(self.marked), self.weights, self.comments))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def state_of(
    model: LogicModel, *, large_text: bool, timestamp: int, scope: Scope | None = None
) -> StreamlitFlowState:
    """The component state for ``model``, stamped ``timestamp`` (ms)."""
    scope = scope or Scope()
    plain = flow_state(
        model,
        large_text=large_text,
        shown=scope.shown,
        marked=scope.marked,
        weights=dict(scope.weights),
        comments=dict(scope.comments),
    )
    return StreamlitFlowState(
        nodes=[_node(n) for n in plain["nodes"]],
        edges=[StreamlitFlowEdge.from_dict(e) for e in plain["edges"]],
        timestamp=timestamp,
    )


def _node(plain: dict[str, object]) -> StreamlitFlowNode:
    """A canvas node; its class (a comment badge) kept, which ``from_dict`` drops."""
    node = StreamlitFlowNode.from_dict(plain)
    if plain.get("className"):
        node.kwargs["className"] = plain["className"]
    return node


def _push(
    model: LogicModel, shows: CanvasShows, large_text: bool, scope: Scope
) -> StreamlitFlowState:
    stamp = max(int(time.time() * 1000), session.CANVAS_APPLIED.get() + 1)
    state = state_of(model, large_text=large_text, timestamp=stamp, scope=scope)
    session.CANVAS_STATE.set(state)
    session.CANVAS_SHOWS.set(shows)
    session.CANVAS_APPLIED.set(stamp)
    session.CANVAS_PUSHED.set(stamp)
    session.CANVAS_AWAITED.set(_drawn(state.asdict()))
    return state


def _drawn(value: Mapping[str, Any]) -> Drawn:
    """The boxes and links a canvas value (or state) holds."""
    nodes = [n for n in value.get("nodes") or () if isinstance(n, Mapping)]
    edges = [e for e in value.get("edges") or () if isinstance(e, Mapping)]
    return (
        frozenset(str(n.get("id")) for n in nodes),
        frozenset((str(e.get("source")), str(e.get("target"))) for e in edges),
    )


def _made_on_latest(value: Mapping[str, Any], *, taking: bool = True) -> bool:
    """Whether the canvas made ``value`` on the state last pushed.

    Until the canvas reports the pushed state's boxes and links (its first report on
    taking it), every value was made on an older state and is set aside; ``taking``
    notes that report, after which every value counts.
    """
    awaited = session.CANVAS_AWAITED.get()
    if awaited is None:
        return True
    if _drawn(value) != awaited:
        return False
    if taking:
        session.CANVAS_AWAITED.set(None)
    return True


def _memory(model: LogicModel) -> Mapping[str, Link]:
    """Every link seen so far, so that a link deleted and drawn again keeps its data."""
    memory = {**session.LINK_MEMORY.get(), **link_map(model)}
    session.LINK_MEMORY.set(memory)
    return memory


def canvas(
    model: LogicModel,
    *,
    model_id: str,
    revision: int,
    large_text: bool,
    height: int,
    scope: Scope | None = None,
) -> tuple[LogicModel, str | None]:
    """Draw the canvas; the model as the user left it and the id they clicked, if any."""
    scope = scope or Scope()
    shows = (model_id, revision, large_text, scope.key)
    state = session.CANVAS_STATE.get()
    pushed = session.CANVAS_SHOWS.get() != shows or state is None
    if pushed or state is None:
        state = _push(model, shows, large_text, scope)
    returned = flow_canvas("canvas", state, height=height)
    stamp = returned.timestamp
    if stamp is None or stamp in (session.CANVAS_SEEN.get(), session.CANVAS_PUSHED.get()):
        return model, None
    session.CANVAS_SEEN.set(int(stamp))
    if pushed:  # made on the state before the one just pushed: never read it back
        return model, None
    value = returned.asdict()
    # The canvas's own report (not the state handed back as it is) must be made on the
    # state last pushed.
    if returned is not state and not _made_on_latest(value):
        return model, None
    session.CANVAS_APPLIED.set(max(int(stamp), session.CANVAS_APPLIED.get()))
    changed = model_from_flow(
        model, value, _memory(model), large_text=large_text, shown=scope.shown
    )
    return changed, _selected(returned)


def clicked_before(*, model_id: str, revision: int, large_text: bool) -> None:
    """Hand the side panel a box or link the user just clicked, before either is drawn.

    The canvas's value reaches the server with the run it starts; reading the click
    here, rather than after the canvas is drawn, saves a second run for the panel to
    show it.  The rules are :func:`canvas`'s: a value is acted on once, and never in
    a run that pushes a new state.  :func:`canvas` still reads the rest of the value.
    """
    value = session.CANVAS_VALUE.get()
    if not isinstance(value, Mapping) or not value.get("selectedId"):
        return
    shown = session.CANVAS_SHOWS.get()
    stamp = value.get("timestamp")
    if shown is None or shown[:3] != (model_id, revision, large_text):
        return
    if stamp is None or stamp in (session.CANVAS_SEEN.get(), session.CANVAS_PUSHED.get()):
        return
    if not _made_on_latest(value, taking=False):
        return
    edges = [e for e in value.get("edges") or () if isinstance(e, Mapping)]
    ends = [(str(e.get("id")), str(e.get("source")), str(e.get("target"))) for e in edges]
    session.SELECT_NEXT.set(_named(str(value["selectedId"]), ends))


def _selected(returned: StreamlitFlowState) -> str | None:
    """The clicked box or link; a just-drawn edge is named ``from->to`` like every link."""
    chosen = returned.selected_id
    if not chosen:
        return None
    return _named(str(chosen), [(e.id, e.source, e.target) for e in returned.edges])


def _named(chosen: str, edges: list[tuple[str, str, str]]) -> str:
    """``chosen`` as the editor names it: an edge (id, source, target) by ``from->to``."""
    for edge_id, source, target in edges:
        if edge_id == chosen:
            return f"{source}->{target}"
    return chosen


def keep_view(*, revision: int) -> None:
    """Note that the canvas already shows ``revision``: no need to push it again."""
    shown = session.CANVAS_SHOWS.get()
    if shown is not None:
        session.CANVAS_SHOWS.set((shown[0], revision, shown[2], shown[3]))


def forget() -> None:
    """Drop the canvas state, e.g. after an edit made outside the canvas failed."""
    session.CANVAS_SHOWS.forget()
