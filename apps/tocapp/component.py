"""The canvas component: streamlit-flow's React Flow build, served with the editor's own style.

streamlit-flow-component ships a finished browser build.  The editor serves that
same build from a folder of its own, with one stylesheet added (:data:`STYLE`):

- link handles four times the area, so that a near miss starts a link rather than
  dragging the box and saving a move;
- the component's own "Edit Node" / "Edit Edge" dialogs hidden: they change only
  the picture (an edge label, a node type), never the model, and offer React Flow's
  internals; boxes and links are edited in the side panel, and right-click still
  deletes;
- larger zoom buttons.

The folder is made once per version of the component and of the stylesheet, in
the temporary folder, by copying and then renaming, so that two servers starting
together never see half a folder.  The JavaScript is not changed.

Examples
--------
>>> (BUILD / "index.html").is_file(), "btn-outline-primary" in STYLE
(True, True)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components
import streamlit_flow
from streamlit_flow.elements import StreamlitFlowEdge, StreamlitFlowNode
from streamlit_flow.layouts import ManualLayout
from streamlit_flow.state import StreamlitFlowState

__all__ = ["BUILD", "STYLE", "flow_canvas", "served_folder"]

BUILD = Path(streamlit_flow.__file__).resolve().parent / "frontend" / "build"

STYLE = """\
/* toc: link handles easy to hit on a projector; a near miss no longer drags the box. */
.react-flow__handle { width: 16px; height: 16px; border-radius: 8px;
  background: #1a73e8; border: 2px solid #ffffff; }
.react-flow__handle-right { right: -10px; }
.react-flow__handle-left { left: -10px; }
.react-flow__node[data-id^="stage:"] .react-flow__handle { display: none; }
/* toc: the component's own edit dialogs change the picture, not the model. */
.btn-group-vertical > .btn-outline-primary { display: none !important; }
/* toc: zoom buttons large enough to hit. */
.react-flow__controls-button { width: 32px; height: 32px; }
.react-flow__controls-button svg { max-width: 18px; max-height: 18px; }
/* toc: a box's open comments, as a badge on its corner (class toc-comments-N). */
.react-flow__node[class*="toc-comments-"]::after { position: absolute; top: -12px;
  right: -12px; background: #1a73e8; color: #ffffff; border-radius: 12px; font-size: 13px;
  line-height: 18px; padding: 2px 8px; font-weight: 600; }
""" + "".join(
    f'.react-flow__node.toc-comments-{n}::after {{ content: "\\1F4AC  {n if n < 10 else "9+"}"; }}\n'
    for n in range(1, 11)
)


def served_folder(build: Path = BUILD, style: str = STYLE) -> Path:
    """The folder the canvas is served from: ``build`` with ``style`` linked in."""
    tag = hashlib.sha256(f"{version('streamlit-flow-component')}\n{style}".encode()).hexdigest()
    folder = Path(tempfile.gettempdir()) / f"toc-canvas-{tag[:16]}"
    if (folder / "index.html").is_file():
        return folder
    scratch = Path(tempfile.mkdtemp(prefix="toc-canvas-", dir=tempfile.gettempdir()))
    shutil.copytree(build, scratch, dirs_exist_ok=True)
    (scratch / "toc.css").write_text(style, encoding="utf-8")
    page = (build / "index.html").read_text(encoding="utf-8")
    linked = page.replace("</head>", '<link rel="stylesheet" href="toc.css"></head>', 1)
    (scratch / "index.html").write_text(linked, encoding="utf-8")
    try:
        os.replace(scratch, folder)
    except OSError:  # another server made it first
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


_COMPONENT = components.declare_component("canvas", path=str(served_folder()))


def flow_canvas(
    key: str,
    state: StreamlitFlowState,
    *,
    height: int,
    allow_zoom: bool = False,
    min_zoom: float = 0.2,
) -> StreamlitFlowState:
    """Draw ``state`` and return what the canvas holds (as ``streamlit_flow`` does).

    The view is never fitted: the canvas opens at 100% from the top left, where the
    inputs and activities are, so labels show at their size; its zoom and pan are the
    canvas's own and survive every new state pushed to it.  ``allow_zoom`` off leaves
    the mouse wheel to scroll the page; the zoom buttons still zoom, and the overview
    in the lower right corner shows where the view is and can be dragged.
    """
    value: Mapping[str, Any] | None = _COMPONENT(
        nodes=[node.asdict() for node in state.nodes],
        edges=[edge.asdict() for edge in state.edges],
        height=height,
        showControls=True,
        fitView=False,
        showMiniMap=True,
        style={},
        animateNewEdges=False,
        allowNewEdges=True,
        layoutOptions=ManualLayout().__to_dict__(),
        getNodeOnClick=True,
        getEdgeOnClick=True,
        panOnDrag=True,
        allowZoom=allow_zoom,
        minZoom=min_zoom,
        enableNodeMenu=True,
        enablePaneMenu=False,
        enableEdgeMenu=True,
        hideWatermark=True,
        key=key,
        timestamp=state.timestamp,
        component="streamlit_flow",
    )
    if value is None:
        return state
    return StreamlitFlowState(
        nodes=[StreamlitFlowNode.from_dict(node) for node in value["nodes"]],
        edges=[StreamlitFlowEdge.from_dict(edge) for edge in value["edges"]],
        selected_id=value["selectedId"],
        timestamp=value["timestamp"],
    )
