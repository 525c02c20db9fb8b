"""How much each outcome matters: from the nodes, the agreed order, or the stakeholders.

Three sources, used in this order of precedence unless one is asked for:

1. ``nodes``: priorities set directly on outcome and impact nodes;
2. ``agreed-order``: the agreed rank order, turned into weights by the
   rank-order centroid: with K ranked outcomes, rank i gets
   ``(1/K) * sum(1/j for j in i..K)``;
3. ``stakeholders``: each group's points turned into shares of its own total,
   then averaged across groups weighted by the group weights;
4. ``equal``: when the model says nothing, every outcome and impact counts
   the same.

Whatever the source, the weights are normalised to sum to 1 over the
outcomes that have one.

Examples
--------
>>> rank_order_centroid(3)
[0.611111, 0.277778, 0.111111]
"""

from __future__ import annotations

from dataclasses import dataclass

from toc.errors import TocError
from toc.model import LogicModel

__all__ = [
    "PRIORITY_SOURCES",
    "Priorities",
    "PrioritySourceError",
    "priorities",
    "rank_order_centroid",
    "stakeholder_shares",
]

PRIORITY_SOURCES = ("nodes", "agreed-order", "stakeholders", "equal")


class PrioritySourceError(TocError):
    """A priority source was asked for that the model does not hold."""


@dataclass(frozen=True)
class Priorities:
    """Normalised outcome weights (summing to 1) and the source they came from."""

    weights: dict[str, float]
    source: str


def rank_order_centroid(count: int) -> list[float]:
    """Rank-order centroid weights for ``count`` ranks, most important first (6 d.p.).

    Examples
    --------
    >>> rank_order_centroid(2)
    [0.75, 0.25]
    >>> rank_order_centroid(0)
    []
    """
    return [round(sum(1 / j for j in range(i, count + 1)) / count, 6) for i in range(1, count + 1)]


def _centroid_exact(count: int) -> list[float]:
    return [sum(1 / j for j in range(i, count + 1)) / count for i in range(1, count + 1)]


def stakeholder_shares(model: LogicModel) -> dict[str, dict[str, float]]:
    """Each group's ratings as shares of its own total points, by group id.

    Groups that gave no points are left out.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "o1", "label": "O1", "stage": "outcome"},
    ...               {"id": "o2", "label": "O2", "stage": "outcome"}],
    ...     "stakeholders": [{"id": "res", "label": "Residents",
    ...                       "ratings": {"o1": 60, "o2": 20}}]})
    >>> stakeholder_shares(m)
    {'res': {'o1': 0.75, 'o2': 0.25}}
    """
    shares = {}
    for group in model.stakeholders:
        total = sum(group.ratings.values())
        if total > 0:
            shares[group.id] = {o: points / total for o, points in group.ratings.items()}
    return shares


def _from_nodes(model: LogicModel) -> dict[str, float]:
    return {n.id: n.priority for n in model.nodes if n.priority is not None}


def _from_order(model: LogicModel) -> dict[str, float]:
    return dict(zip(model.agreed_order, _centroid_exact(len(model.agreed_order)), strict=True))


def _from_stakeholders(model: LogicModel) -> dict[str, float]:
    shares = stakeholder_shares(model)
    weight = {g.id: g.weight for g in model.stakeholders if g.id in shares}
    total = sum(weight.values())
    mixed: dict[str, float] = {}
    for group_id, group_shares in shares.items():
        for outcome, share in group_shares.items():
            mixed[outcome] = mixed.get(outcome, 0.0) + share * weight[group_id] / total
    return mixed


def _equal(model: LogicModel) -> dict[str, float]:
    return {n.id: 1.0 for n in model.nodes if n.stage.is_result}


_SOURCES = {
    "nodes": _from_nodes,
    "agreed-order": _from_order,
    "stakeholders": _from_stakeholders,
    "equal": _equal,
}


def priorities(model: LogicModel, source: str | None = None) -> Priorities:
    """Outcome priorities normalised to sum to 1, from ``source`` or by precedence.

    Raises
    ------
    PrioritySourceError
        If ``source`` is not one of :data:`PRIORITY_SOURCES` or gives no weight.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "o1", "label": "O1", "stage": "outcome", "priority": 3},
    ...               {"id": "o2", "label": "O2", "stage": "outcome", "priority": 1}],
    ...     "agreed_order": ["o2", "o1"]})
    >>> priorities(m)
    Priorities(weights={'o1': 0.75, 'o2': 0.25}, source='nodes')
    >>> priorities(m, "agreed-order").weights
    {'o2': 0.75, 'o1': 0.25}
    """
    if source is not None and source not in _SOURCES:
        raise PrioritySourceError(
            f"{source!r} is not a priority source: use one of {', '.join(PRIORITY_SOURCES)}"
        )
    for name in (source,) if source else PRIORITY_SOURCES:
        weights = {k: v for k, v in _SOURCES[name](model).items() if v > 0}
        if weights:
            total = sum(weights.values())
            return Priorities({k: v / total for k, v in weights.items()}, name)
        if source:
            raise PrioritySourceError(
                f"the model gives no priorities from {source!r}: set them there, "
                "or choose another source"
            )
    return Priorities({}, "equal")
