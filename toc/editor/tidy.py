"""A tidy layout on request: Graphviz orders each stage column so that links cross least.

The canvas keeps one column per stage (outcomes one per horizon); within a column, boxes are restacked in the
order Graphviz's ``dot`` layout gives them (it minimises link crossings), each a
:func:`~toc.editor.geometry.pitch` below the one before, so nothing overlaps.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "A", "stage": "activity"},
...     {"id": "b", "label": "B", "stage": "activity"},
...     {"id": "x", "label": "X", "stage": "outcome"},
...     {"id": "y", "label": "Y", "stage": "outcome"}],
...   "links": [{"from": "a", "to": "y"}, {"from": "b", "to": "x"}]})
>>> y = {n.id: n.position.y for n in tidied(m).nodes}
>>> (y["a"] == y["y"], y["b"] == y["x"])
(True, True)
"""

from __future__ import annotations

import graphviz
import pygraphviz

from toc.editor.geometry import Column, column_of, columns, pitch
from toc.editor.operations import EditError, rebuilt
from toc.model import STAGES, LogicModel, Position

__all__ = ["MAX_TIDY_BOXES", "tidied"]

MAX_TIDY_BOXES = 1_000  # Graphviz's ordering takes seconds past this


def tidied(model: LogicModel) -> LogicModel:
    """``model`` with every box placed in its stage column in Graphviz's order."""
    if len(model.nodes) > MAX_TIDY_BOXES:
        raise EditError(
            f"a tidy layout orders at most {MAX_TIDY_BOXES:,} boxes and this model has "
            f"{len(model.nodes):,}: drag boxes by hand, or tidy one department's model"
        )
    heights = _graphviz_heights(model)
    xs = columns(model)
    tops: dict[Column, float] = {}
    order = sorted(model.nodes, key=lambda n: (n.stage.rank, -heights.get(n.id, 0.0)))
    place: dict[str, Position] = {}
    for node in order:
        column = column_of(node.stage, node.horizon)
        top = tops.get(column, 0.0)
        place[node.id] = Position(x=xs[column], y=top)
        tops[column] = top + pitch(node.label)
    nodes = [n.model_copy(update={"position": place[n.id]}) for n in model.nodes]
    return rebuilt(model, nodes=nodes)


def _graphviz_heights(model: LogicModel) -> dict[str, float]:
    """Each box's height in Graphviz's left-to-right layout (larger is higher up)."""
    graph = graphviz.Digraph(graph_attr={"rankdir": "LR", "newrank": "true"})
    for stage in STAGES:
        with graph.subgraph() as column:
            column.attr(rank="same")
            for node in model.nodes:
                if node.stage is stage:
                    column.node(node.id, label="", width="2.8", height="0.5")
    for link in model.links:
        graph.edge(link.from_, link.to)
    laid = pygraphviz.AGraph(string=graph.source)
    laid.layout(prog="dot")
    return {str(n): float(n.attr["pos"].split(",")[1]) for n in laid.nodes()}
