"""Value for money: what each activity costs, and driver score per unit of cost.

An input's cost is shared among the boxes it links to: links that state an
``allocation`` take that share; the rest of the cost is shared among the
other links in proportion to the absolute link weight.  An activity's cost is
the sum of the shares it receives.  Value for money is the driver score per
100,000 of cost (the currency of the model).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from toc.analysis.arrays import STAGE_CODES, GraphArrays, graph_arrays
from toc.analysis.influence import Driver
from toc.model import LogicModel

__all__ = ["PER", "CostedActivity", "activity_costs", "per_100k", "value_for_money"]

PER = 100_000


@dataclass(frozen=True)
class CostedActivity:
    """An activity's cost, driver score, and score per :data:`PER` of cost."""

    id: str
    cost: float
    score: float
    score_per_100k: float | None


def per_100k(score: float, cost: float | None) -> float | None:
    """A driver score per :data:`PER` of cost, or ``None`` when there is no cost to divide by.

    Examples
    --------
    >>> per_100k(0.5, 50_000), per_100k(0.5, 0), per_100k(0.5, None)
    (1.0, None, None)
    """
    return score / cost * PER if cost else None


def activity_costs(model: LogicModel, graph: GraphArrays | None = None) -> dict[str, float]:
    """Cost of each activity that an input with a cost funds (vectorised over links).

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "grant", "label": "Grant", "stage": "input", "cost": 90000},
    ...               {"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "activity"}],
    ...     "links": [{"from": "grant", "to": "a", "weight": 1.0},
    ...               {"from": "grant", "to": "b", "weight": 0.5}]})
    >>> activity_costs(m)
    {'a': 60000.0, 'b': 30000.0}
    """
    graph = graph_arrays(model) if graph is None else graph
    cost = np.array([np.nan if n.cost is None else n.cost for n in model.nodes], dtype=np.float64)
    funded = np.flatnonzero(~np.isnan(cost[graph.source]))
    source, target = graph.source[funded], graph.target[funded]
    stated = np.array([model.links[i].allocation for i in funded.tolist()], dtype=np.float64)
    free = np.where(np.isnan(stated), np.abs(graph.weight[funded]), 0.0)
    stated_total = np.bincount(source, weights=np.nan_to_num(stated), minlength=graph.size)
    free_total = np.bincount(source, weights=free, minlength=graph.size)
    rest = np.maximum(0.0, 1.0 - stated_total) / np.where(free_total > 0, free_total, 1.0)
    share = np.where(np.isnan(stated), free * rest[source], stated)
    to_activity = graph.stage[target] == STAGE_CODES["activity"]
    spent = np.round(cost[source] * share, 6)[to_activity]
    total = np.bincount(target[to_activity], weights=spent, minlength=graph.size)
    return {graph.ids[i]: float(total[i]) for i in np.unique(target[to_activity]).tolist()}


def value_for_money(model: LogicModel, ranked: list[Driver]) -> list[CostedActivity]:
    """Score per 100,000 of cost for each costed activity, best first."""
    costs: Mapping[str, float] = activity_costs(model)
    rows = [
        CostedActivity(d.id, costs[d.id], d.score, per_100k(d.score, costs[d.id]))
        for d in ranked
        if d.id in costs
    ]
    return sorted(rows, key=lambda r: (r.score_per_100k is None, -(r.score_per_100k or 0), r.id))
