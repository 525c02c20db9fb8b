"""Trade-offs: what an activity undermines while it helps.

Three views:

- *mixed drivers*: activities whose gain and loss are both material, i.e.
  each at least ``material`` (default 10%) of the largest gain or loss of any
  activity;
- *opposed outcomes*: for an activity, a priority outcome it helps
  (influence > 0) and one it harms (influence < 0);
- *cross-department harm*: a negative link from one department's box to
  another department's box, and a priority outcome of one department that
  another department's activity pushes down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from toc.analysis.arrays import GraphArrays, graph_arrays
from toc.analysis.influence import (
    Driver,
    driver_arrays,
    influence_rows,
    priority_vector,
    ranked_drivers,
)
from toc.analysis.priorities import priorities
from toc.model import LogicModel

__all__ = [
    "CrossDepartmentHarm",
    "CrossDepartmentLink",
    "OpposedPair",
    "TradeOffs",
    "mixed_drivers",
    "opposed_pairs",
    "trade_offs",
]

_PAIRS_EACH_WAY = 3


@dataclass(frozen=True)
class OpposedPair:
    """An activity that helps one priority outcome and harms another."""

    activity: str
    helps: str
    harms: str
    help: float
    harm: float


@dataclass(frozen=True)
class CrossDepartmentLink:
    """A negative link from one department's box to another's."""

    link: str
    weight: float
    source_department: str
    target_department: str


@dataclass(frozen=True)
class CrossDepartmentHarm:
    """One department's activity pushing down another department's priority outcome."""

    activity: str
    outcome: str
    influence: float
    activity_department: str
    outcome_department: str


@dataclass(frozen=True)
class TradeOffs:
    """The three views of trade-offs described in the module docstring."""

    mixed: list[Driver]
    opposed: list[OpposedPair]
    cross_department_links: list[CrossDepartmentLink]
    cross_department_harms: list[CrossDepartmentHarm]
    cross_department_links_count: int


def mixed_drivers(ranked: list[Driver], material: float = 0.1) -> list[Driver]:
    """Drivers whose gain and loss are both at least ``material`` of the largest of either."""
    largest = max((max(d.gain, -d.loss) for d in ranked), default=0.0)
    floor = material * largest
    return [d for d in ranked if largest > 0 and d.gain >= floor and -d.loss >= floor]


def opposed_pairs(
    rows: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]
) -> list[OpposedPair]:
    """Pairs of priority outcomes one activity pulls in opposite directions (strongest first)."""
    pairs = []
    for activity, row in rows.items():
        valued = sorted(((v, o) for o, v in row.items() if o in weights), key=lambda t: -abs(t[0]))
        helps = [t for t in valued if t[0] > 0][:_PAIRS_EACH_WAY]
        harms = [t for t in valued if t[0] < 0][:_PAIRS_EACH_WAY]
        pairs += [OpposedPair(activity, o1, o2, v1, v2) for v1, o1 in helps for v2, o2 in harms]
    return pairs


def _cross_links(
    model: LogicModel, graph: GraphArrays, limit: int | None
) -> tuple[list[CrossDepartmentLink], int]:
    """The first ``limit`` negative links between two departments' boxes, most negative
    first, and how many there are."""
    owners = [node.department or "" for node in model.nodes]
    code = {d: i for i, d in enumerate(dict.fromkeys(owners))}
    owner = np.array([code[d] if d else -1 for d in owners], dtype=np.int64)
    ends = owner[graph.source], owner[graph.target]
    hit = (graph.weight < 0) & (ends[0] >= 0) & (ends[1] >= 0) & (ends[0] != ends[1])
    found = np.flatnonzero(hit)
    total = int(found.size)
    found = found[np.argsort(graph.weight[found], kind="stable")][:limit]
    ids, weights = graph.ids, graph.weight[found].tolist()
    sources, targets = graph.source[found].tolist(), graph.target[found].tolist()
    return [
        CrossDepartmentLink(f"{ids[s]}->{ids[t]}", w, owners[s], owners[t])
        for s, t, w in zip(sources, targets, weights, strict=True)
    ], total


def _cross_harms(
    model: LogicModel,
    graph: GraphArrays,
    rows: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float],
) -> list[CrossDepartmentHarm]:
    def department(node_id: str) -> str | None:
        return model.nodes[graph.index[node_id]].department

    found = []
    for activity, row in rows.items():
        for outcome, value in row.items():
            ends = department(activity), department(outcome)
            if value < 0 and outcome in weights and ends[0] and ends[1] and ends[0] != ends[1]:
                found.append(CrossDepartmentHarm(activity, outcome, value, ends[0], ends[1]))
    return sorted(found, key=lambda h: (h.influence, h.activity, h.outcome))


def trade_offs(
    model: LogicModel,
    weights: Mapping[str, float] | None = None,
    *,
    material: float = 0.1,
    rows: Mapping[str, Mapping[str, float]] | None = None,
    ranked: list[Driver] | None = None,
    graph: GraphArrays | None = None,
    limit: int | None = None,
) -> TradeOffs:
    """All three views of trade-offs; ``rows`` and ``ranked`` reuse work already done.

    Mixed drivers are found among ``ranked`` (every activity by default); opposed
    outcomes and cross-department harm among the activities in ``rows``.

    ``limit`` keeps only the most negative cross-department links (a large model can
    have tens of thousands); ``cross_department_links_count`` still counts them all.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "departments": [{"id": "eco", "label": "Economy"}, {"id": "hea", "label": "Health"}],
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity", "department": "eco"},
    ...               {"id": "jobs", "label": "Jobs", "stage": "outcome", "priority": 1,
    ...                "department": "eco"},
    ...               {"id": "air", "label": "Clean air", "stage": "outcome", "priority": 1,
    ...                "department": "hea"}],
    ...     "links": [{"from": "a", "to": "jobs", "weight": 0.8},
    ...               {"from": "a", "to": "air", "weight": -0.5}]})
    >>> t = trade_offs(m)
    >>> [d.id for d in t.mixed], t.opposed[0]
    (['a'], OpposedPair(activity='a', helps='jobs', harms='air', help=0.8, harm=-0.5))
    >>> t.cross_department_links[0].link
    'a->air'
    """
    chosen = priorities(model).weights if weights is None else weights
    graph = graph_arrays(model) if graph is None else graph
    if ranked is None or rows is None:
        ranked = ranked_drivers(model, graph, driver_arrays(graph, priority_vector(graph, chosen)))
        rows = influence_rows(graph, [d.id for d in ranked])
    links, count = _cross_links(model, graph, limit)
    return TradeOffs(
        mixed_drivers(ranked, material),
        opposed_pairs(rows, chosen),
        links,
        _cross_harms(model, graph, rows, chosen),
        count,
    )
