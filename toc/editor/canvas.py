"""The model as the visual editor's canvas state, and back.

The canvas (streamlit-flow-component, on React Flow) takes and returns plain
dicts of nodes and edges.  It forgets edge data on each round trip and leaves
edges the user draws unstyled, so the link data lives here, on the Python
side, keyed by edge id ``from->to``; :func:`flow_state` styles every edge from
it each time (red and dashed when negative, wider when stronger), and
:func:`model_from_flow` reads back only what the canvas can change: positions,
deleted boxes, drawn and deleted links.  Box text goes to the canvas escaped
(:func:`toc.editor.markdown.markdown_literal`: the canvas renders markdown and raw
HTML) and is never read back, so opening the map cannot change a label; labels are
edited in the side panel.

Examples
--------
>>> from toc.editor.operations import add_node, upsert_link
>>> from toc.model import LogicModel
>>> m = add_node(add_node(LogicModel(title="t"), "activity", "Mentoring"), "outcome", "Jobs")
>>> m = upsert_link(m, "mentoring", "jobs", weight=-0.5)
>>> state = flow_state(m)
>>> [n["id"] for n in state["nodes"]][-2:], [e["id"] for e in state["edges"]]
(['mentoring', 'jobs'], ['mentoring->jobs'])
>>> state["edges"][0]["style"]["stroke"], state["edges"][0]["style"]["strokeDasharray"]
('#b3261e', '6 4')
>>> model_from_flow(m, state) == m
True
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from toc.diagram.style import HORIZON_HEADINGS, STAGE_STYLES
from toc.editor.geometry import Column, columns, position_of, positions
from toc.editor.markdown import markdown_literal
from toc.editor.operations import link_map, rebuilt, remove_node
from toc.model import Link, LogicModel, Node, Position, Stage

__all__ = [
    "DEFAULT_WEIGHT",
    "LARGE_SPREAD",
    "ORIGIN",
    "STAGE_COLOURS",
    "edge_of",
    "flow_state",
    "heading_of",
    "model_from_flow",
    "node_of",
]

DEFAULT_WEIGHT = 0.5
# The diagram's stage fills, so the map on the wall and the diagram on paper match.
STAGE_COLOURS = {stage: style.fill for stage, style in STAGE_STYLES.items()}
_POSITIVE = "#1f3b5c"
_NEGATIVE = "#b3261e"
_NODE_TYPE = {Stage.INPUT: "input", Stage.IMPACT: "output"}
_MOVED = 0.5  # pixels: less than this is the canvas rounding, not a drag
#: Large text needs bigger boxes, so the canvas spreads the saved places by this much.
#: Large boxes are 1.5 times as wide as the others for 1.5 times the text, so a label
#: wraps onto as many lines and a box is at most 1.5 times as tall: never into the next.
LARGE_SPREAD = (1.45, 1.6)
#: Where a box saved at (0, 0) sits on the canvas: the canvas opens at 100% on the top
#: left corner, and this leaves room there for the column headings above the boxes.
ORIGIN = (24.0, 84.0)


#: The bar on a priority box's left: from this many pixels (the lowest priority) to this
#: many (the highest), in a colour no stage or department uses.
PRIORITY_BAR = (4, 14)
PRIORITY_COLOUR = "#b06000"


def _spread(large_text: bool) -> tuple[float, float]:
    return LARGE_SPREAD if large_text else (1.0, 1.0)


def node_of(
    model: LogicModel,
    node: Node,
    *,
    large_text: bool = False,
    colours: Mapping[str, str] | None = None,
    place: Position | None = None,
) -> dict[str, Any]:
    """One canvas node for ``node``: its label, place, and colours by stage and department.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> m = _example()
    >>> node_of(m, m.nodes[0])["position"], node_of(m, m.nodes[0])["data"]
    ({'x': 324.0, 'y': 84.0}, {'content': 'A'})
    """
    place = place or position_of(model, node)
    sx, sy = _spread(large_text)
    border = (colours or {}).get(node.department or "", "#5f6368")
    return {
        "id": node.id,
        "position": {"x": place.x * sx + ORIGIN[0], "y": place.y * sy + ORIGIN[1]},
        "data": {"content": markdown_literal(node.label)},
        "type": _NODE_TYPE.get(node.stage, "default"),
        "sourcePosition": "right",
        "targetPosition": "left",
        "hidden": False,
        "selected": False,
        "dragging": False,
        "draggable": True,
        "selectable": True,
        "connectable": True,
        "resizing": False,
        "deletable": True,
        "zIndex": 0,
        "focusable": True,
        "style": _node_style(node, border, large_text),
    }


def _node_style(node: Node, border: str, large_text: bool) -> dict[str, Any]:
    return {
        "background": STAGE_COLOURS[node.stage],
        "border": f"2px solid {border}",
        "borderRadius": "6px",
        "color": "#202124",
        "fontSize": "24px" if large_text else "16px",
        "width": "300px" if large_text else "200px",
        "height": "auto",
        "padding": "6px",
    }


def edge_of(link: Link, *, large_text: bool = False) -> dict[str, Any]:
    """One canvas edge for ``link``, styled by its sign and strength.

    Examples
    --------
    >>> e = edge_of(Link.model_validate({"from": "a", "to": "b", "weight": 0.8}))
    >>> e["id"], e["label"], e["style"]["strokeWidth"]
    ('a->b', '+0.8', 4.2)
    """
    colour = _NEGATIVE if link.weight < 0 else _POSITIVE
    style: dict[str, Any] = {"stroke": colour, "strokeWidth": round(1 + 4 * abs(link.weight), 2)}
    if link.weight < 0:
        style["strokeDasharray"] = "6 4"
    return {
        "id": link.id,
        "source": link.from_,
        "target": link.to,
        "type": "default",
        "markerStart": {},
        "markerEnd": {"type": "arrowclosed", "color": colour},
        "hidden": False,
        "animated": False,
        "selected": False,
        "deletable": True,
        "focusable": True,
        "zIndex": 0,
        "label": f"{link.weight:+.1f}",
        "labelStyle": {"fill": colour, "fontSize": "18px" if large_text else "12px"},
        "labelShowBg": True,
        "labelBgStyle": {"fill": "#ffffff"},
        "style": style,
    }


def flow_state(
    model: LogicModel,
    *,
    large_text: bool = False,
    shown: Collection[str] | None = None,
    marked: Collection[str] = (),
    weights: Mapping[str, float] | None = None,
    comments: Mapping[str, int] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The canvas nodes and edges for ``model``: nodes in stage columns, edges styled.

    ``shown`` limits the canvas to those boxes (and the links between them), e.g. one
    department's or a search's; :func:`model_from_flow` then changes only those.
    ``marked`` boxes get a thick outline (search matches).  ``weights`` (the priorities
    in use) give each priority box a bar on its left, thicker for a higher priority
    (:data:`PRIORITY_BAR`).  ``comments`` (open comments by box id or link ``from->to``)
    give a box the class ``toc-comments-N`` (the canvas's stylesheet draws the badge) and
    a link's label the count.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> state = flow_state(_example(), large_text=True)
    >>> state["nodes"][-1]["style"]["fontSize"], len(state["edges"])
    ('24px', 1)
    >>> [n["id"] for n in flow_state(_example(), shown={"b"})["nodes"] if ":" not in n["id"]]
    ['b']
    """
    colours = {d.id: d.colour for d in model.departments if d.colour}
    places = positions(model)
    keep = set(shown) if shown is not None else None
    boxes = [
        node_of(model, n, large_text=large_text, colours=colours, place=places[n.id])
        for n in model.nodes
        if keep is None or n.id in keep
    ]
    top_weight = max((weights or {}).values(), default=0.0)
    for box in boxes:
        if box["id"] in marked:
            box["style"]["outline"] = "4px solid #1a73e8"
            box["style"]["outlineOffset"] = "2px"
        weight = (weights or {}).get(box["id"], 0.0)
        if weight > 0 and top_weight > 0:
            thinnest, thickest = PRIORITY_BAR
            width = thinnest + round((thickest - thinnest) * weight / top_weight)
            box["style"]["borderLeft"] = f"{width}px solid {PRIORITY_COLOUR}"
        said = (comments or {}).get(box["id"], 0)
        if said:
            box["className"] = f"toc-comments-{min(said, 10)}"
    top = min((b["position"]["y"] for b in boxes), default=ORIGIN[1])
    links = [k for k in model.links if keep is None or (k.from_ in keep and k.to in keep)]
    return {
        "nodes": [
            *(heading_of(c, x, top, large_text) for c, x in columns(model).items()),
            *boxes,
        ],
        "edges": [_commented(edge_of(link, large_text=large_text), comments) for link in links],
    }


def _commented(edge: dict[str, Any], comments: Mapping[str, int] | None) -> dict[str, Any]:
    """The edge with its open comments counted on its label (a speech balloon and the count)."""
    said = (comments or {}).get(edge["id"], 0)
    if said:
        edge["label"] = f"{edge['label']}  \U0001f4ac {said}"
    return edge


def heading_of(column: Column, x: float, top: float, large_text: bool = False) -> dict[str, Any]:
    """A fixed heading above a column; its id starts ``stage:`` so no box has it.

    Examples
    --------
    >>> from toc.model import Horizon
    >>> h = heading_of((Stage.OUTCOME, None), 900.0, 0.0)
    >>> h["id"], h["data"]["content"], h["position"]
    ('stage:outcome', '**Outcomes**', {'x': 924.0, 'y': -70.0})
    >>> heading_of((Stage.OUTCOME, Horizon.LONG), 1200.0, 0.0)["data"]["content"]
    '**Outcomes: long term**'
    """
    stage, horizon = column
    name = _HEADINGS[stage]
    if horizon is not None:
        name = f"{name}: {HORIZON_HEADINGS[horizon].lower()}"
    return {
        "id": f"stage:{stage.value}" + (f":{horizon.value}" if horizon else ""),
        "position": {"x": x * _spread(large_text)[0] + ORIGIN[0], "y": top - 70.0},
        "data": {"content": f"**{name}**"},
        "type": "default",
        "sourcePosition": "right",
        "targetPosition": "left",
        "hidden": False,
        "selected": False,
        "dragging": False,
        "draggable": False,
        "selectable": False,
        "connectable": False,
        "resizing": False,
        "deletable": False,
        "zIndex": 0,
        "focusable": False,
        "style": {
            "background": "transparent",
            "border": "none",
            "boxShadow": "none",
            "fontSize": "24px" if large_text else "16px",
            "width": "300px" if large_text else "190px",
            "color": "#202124",
        },
    }


_HEADINGS = {
    Stage.INPUT: "Inputs",
    Stage.ACTIVITY: "Activities",
    Stage.OUTPUT: "Outputs",
    Stage.OUTCOME: "Outcomes",
    Stage.IMPACT: "Impact",
}


def model_from_flow(
    model: LogicModel,
    flow: Mapping[str, Sequence[Mapping[str, Any]]],
    link_data: Mapping[str, Link] | None = None,
    *,
    large_text: bool = False,
    shown: Collection[str] | None = None,
) -> LogicModel:
    """``model`` with what the canvas changed: places, deleted boxes, links.

    A drawn edge takes its data from ``link_data`` (links the session has seen,
    by id ``from->to``), else :data:`DEFAULT_WEIGHT`.  Boxes the canvas does not
    know are kept: the canvas cannot create boxes.  When the canvas showed only
    some boxes (``shown``, as given to :func:`flow_state`), only those and the
    links between them can change: the rest of the model is left as it is.

    Raises
    ------
    toc.errors.TocError
        When a drawn edge breaks a rule, e.g. runs backwards through the stages.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> m = _example()
    >>> state = flow_state(m)
    >>> state["nodes"][-2]["position"] = {"x": 324, "y": 124}
    >>> state["edges"] = []
    >>> moved = model_from_flow(m, state)
    >>> moved.nodes[0].position, moved.links
    (Position(x=300.0, y=40.0), [])
    >>> state["edges"] = [{"id": "st-flow-edge_a-b", "source": "a", "target": "b"}]
    >>> model_from_flow(m, state, {"a->b": m.links[0]}).links[0].weight
    0.8
    """
    present = {
        str(n["id"]): n for n in flow.get("nodes", ()) if not str(n["id"]).startswith("stage:")
    }
    scope = {n.id for n in model.nodes} if shown is None else set(shown)
    for node_id in [n.id for n in model.nodes if n.id in scope and n.id not in present]:
        model = remove_node(model, node_id)
    model = _with_places(model, present, _spread(large_text))
    return _with_links(model, flow.get("edges", ()), link_data or {}, scope)


def _with_places(
    model: LogicModel, present: Mapping[str, Any], spread: tuple[float, float]
) -> LogicModel:
    nodes = []
    places = positions(model)
    for node in model.nodes:
        item = present.get(node.id)
        update = _node_change(places[node.id], item, spread) if item is not None else {}
        nodes.append(node.model_copy(update=update) if update else node)
    if nodes == model.nodes:
        return model
    return rebuilt(model, nodes=nodes)


def _node_change(
    now: Position, item: Mapping[str, Any], spread: tuple[float, float]
) -> dict[str, Any]:
    update: dict[str, Any] = {}
    place = item.get("position") or {}
    x = (float(place.get("x", 0.0)) - ORIGIN[0]) / spread[0]
    y = (float(place.get("y", 0.0)) - ORIGIN[1]) / spread[1]
    if abs(x - now.x) > _MOVED or abs(y - now.y) > _MOVED:
        update["position"] = Position(x=round(x, 1), y=round(y, 1))
    return update


def _with_links(
    model: LogicModel,
    edges: Sequence[Mapping[str, Any]],
    link_data: Mapping[str, Link],
    scope: Collection[str],
) -> LogicModel:
    known = link_map(model)
    boxes = model.node_map()
    drawn = {
        f"{e['source']}->{e['target']}": e
        for e in edges
        if e["source"] in boxes and e["target"] in boxes  # edges of deleted boxes go too
    }
    # A link the canvas could not show (an end outside ``scope``) is not the canvas's to drop.
    kept = [k for k in model.links if k.id in drawn or k.from_ not in scope or k.to not in scope]
    added = [_new_link(e, link_data) for key, e in drawn.items() if key not in known]
    if len(kept) == len(model.links) and not added:
        return model
    return rebuilt(model, links=kept + added)


def _new_link(edge: Mapping[str, Any], link_data: Mapping[str, Link]) -> Link:
    key = f"{edge['source']}->{edge['target']}"
    if key in link_data:
        return link_data[key]
    return Link.model_validate(
        {"from": edge["source"], "to": edge["target"], "weight": DEFAULT_WEIGHT}
    )
