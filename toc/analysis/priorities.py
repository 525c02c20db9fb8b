"""How much each outcome matters: from the nodes, the agreed order, or the stakeholders.

The sources:

1. ``nodes``: priorities set directly on outcome and impact nodes;
2. ``agreed-order``: the agreed rank order, turned into weights by the
   rank-order centroid: with K ranked outcomes, rank i gets
   ``(1/K) * sum(1/j for j in i..K)``;
3. ``stakeholders``: each group's points turned into shares of its own total,
   then averaged across groups weighted by the group weights;
4. ``equal``: every outcome and impact counts the same.

The source used is the one asked for, else the model's ``priority_source``, else the
first the model holds in the order above (``equal`` when it holds none).  A model can
hold several (boxes with priorities, an agreed order and ratings): the others are
listed in :attr:`Priorities.ignored`, so a reader can say which were set aside.
Whatever the source, the weights are normalised to sum to 1 over the outcomes that
have one.  Zero means zero: an outcome given priority 0 counts for nothing, and a
source whose every priority is 0 gives no weights at all (it never falls back to
equal weights).

Examples
--------
>>> rank_order_centroid(3)
[0.611111, 0.277778, 0.111111]
"""

from __future__ import annotations

from dataclasses import dataclass

from toc.errors import TocError
from toc.model import PRIORITY_SOURCES, LogicModel

__all__ = [
    "PRIORITY_SOURCES",
    "Priorities",
    "PrioritySourceError",
    "held_sources",
    "priorities",
    "rank_order_centroid",
    "stakeholder_shares",
]


class PrioritySourceError(TocError):
    """A priority source was asked for that the model does not hold."""


@dataclass(frozen=True)
class Priorities:
    """Normalised outcome weights (summing to 1), the source they came from, and the
    other sources the model holds that were not used."""

    weights: dict[str, float]
    source: str
    ignored: tuple[str, ...] = ()


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
    >>> from toc.model import PRIORITY_SOURCES, LogicModel
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


def held_sources(model: LogicModel) -> list[str]:
    """The priority sources the model holds, in order of precedence (``equal`` never).

    A source is held when the model sets it, even to zeros: box priorities on any
    outcome, an agreed order, or a stakeholder group's ratings.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "o", "label": "O", "stage": "outcome", "priority": 0}],
    ...     "agreed_order": ["o"]})
    >>> held_sources(m)
    ['nodes', 'agreed-order']
    """
    held = {
        "nodes": any(n.priority is not None for n in model.nodes),
        "agreed-order": bool(model.agreed_order),
        "stakeholders": any(group.ratings for group in model.stakeholders),
    }
    return [name for name in PRIORITY_SOURCES if held.get(name)]


def priorities(model: LogicModel, source: str | None = None) -> Priorities:
    """Outcome priorities normalised to sum to 1, from ``source``, the model's, or by precedence.

    Raises
    ------
    PrioritySourceError
        If ``source`` is not one of :data:`PRIORITY_SOURCES` or the model does not hold it.
        (A model whose own ``priority_source`` names a source it does not hold yet, e.g.
        an agreed order still to be agreed, gets no weights rather than an error.)

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "o1", "label": "O1", "stage": "outcome", "priority": 3},
    ...               {"id": "o2", "label": "O2", "stage": "outcome", "priority": 1}],
    ...     "agreed_order": ["o2", "o1"]})
    >>> priorities(m)
    Priorities(weights={'o1': 0.75, 'o2': 0.25}, source='nodes', ignored=('agreed-order',))
    >>> priorities(m, "agreed-order").weights
    {'o2': 0.75, 'o1': 0.25}
    >>> priorities(m.model_copy(update={"priority_source": "agreed-order"})).source
    'agreed-order'
    """
    if source is not None and source not in _SOURCES:
        raise PrioritySourceError(
            f"{source!r} is not a priority source: use one of {', '.join(PRIORITY_SOURCES)}"
        )
    held = held_sources(model)
    name = source or model.priority_source or (held[0] if held else "equal")
    if name != "equal" and name not in held and name == source:
        raise PrioritySourceError(
            f"the model gives no priorities from {name!r}: set them there, or choose another source"
        )
    weights = {k: v for k, v in _SOURCES[name](model).items() if v > 0}
    total = sum(weights.values())
    normalised = {k: v / total for k, v in weights.items()} if total > 0 else {}
    return Priorities(normalised, name, tuple(s for s in held if s != name))
