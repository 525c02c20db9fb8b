"""A starter model: one box at each stage, linked, ready to be renamed.

Examples
--------
>>> m = starter_model("Our theory of change")
>>> [n.stage.value for n in m.nodes]
['input', 'activity', 'output', 'outcome', 'impact']
>>> starter_model("Empty", blank=True).nodes
[]
"""

from __future__ import annotations

from itertools import pairwise

from toc.model import Link, LogicModel, Node, Stage

__all__ = ["starter_model"]

_BOXES: tuple[tuple[str, Stage, str, dict[str, object]], ...] = (
    ("funding", Stage.INPUT, "Funding (what we spend)", {"cost": 100000, "input_kind": "funding"}),
    ("activity", Stage.ACTIVITY, "What the service does", {}),
    ("output", Stage.OUTPUT, "What it produces (people reached)", {}),
    ("outcome", Stage.OUTCOME, "What changes for people", {"priority": 1, "horizon": "short"}),
    ("impact", Stage.IMPACT, "The long-term change we seek", {"priority": 1}),
)


def starter_model(title: str, *, blank: bool = False) -> LogicModel:
    """A model with one box per stage joined in a chain, or with no boxes if ``blank``."""
    if blank:
        return LogicModel(title=title)
    nodes = [
        Node.model_validate({"id": id_, "label": label, "stage": stage, **extra})
        for id_, stage, label, extra in _BOXES
    ]
    links = [
        Link.model_validate({"from": a.id, "to": b.id, "weight": 1.0}) for a, b in pairwise(nodes)
    ]
    return LogicModel(title=title, nodes=nodes, links=links)
