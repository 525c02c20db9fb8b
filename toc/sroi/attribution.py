"""Value by activity: each outcome's present value shared among the activities behind it.

For activity *a* and valued outcome *o*, ``gain(a, o) >= 0`` is the sum of
the products of link weights over the paths from *a* to *o* whose product is
positive, and ``loss(a, o) <= 0`` the sum over those whose product is
negative (:func:`toc.analysis.arrays.signed_path_sums`; their sum is the
influence of :mod:`toc.analysis.influence`).

**Shares.** An outcome valued above zero is a good change, brought about by
the positive paths; one valued below zero is a harm, read as a good pushed
down (a negative link into "peace and quiet", valued with a negative
proxy), brought about by the negative paths:

    share(a, o) = PV(o) * gain(a, o) / sum_b gain(b, o)      when PV(o) >= 0
    share(a, o) = PV(o) * loss(a, o) / sum_b loss(b, o)      when PV(o) < 0

A share has the sign of ``PV(o)``, is never larger than it, and the shares
of an outcome add up to it, so the activities add up to the value map's
total, less what no activity moves the valued way (listed as unattributed).
An activity whose every path to *o* is negative gets no share of a good
outcome, and one whose every path is positive none of a harm.

**Harm, apart.** An activity pulling against a good outcome is charged

    harm(a, o) = -PV(o) * |loss(a, o)| / max(sum_b gain(b, o), sum_b |loss(b, o)|)

Each unit of positive influence on *o* is worth ``PV(o) / sum_b gain(b, o)``,
so pulling back ``|loss|`` units destroys that much; when the pulls against
outweigh those for (the model says *o* falls, yet it is valued as a gain),
together they are charged its whole value, no more.  Harm is reported
beside the shares, not taken from the total, and counts in the activity's
net value and value per unit of cost.  A pull that eases a valued harm is
not credited: the value map values the harm that happens, not the harm
avoided (value that as an outcome of its own).

Example: an outcome worth 966, pulled by *a* (+0.5), *c* (+0.25) and *b*
(-0.4): *a* gets 966 x 0.5 / 0.75 = 644, *c* 322, and *b* a harm of
-966 x 0.4 / 0.75 = -515.20.

>>> split(966.0, {"a": Pull(0.5, 0.0), "b": Pull(0.0, -0.4), "c": Pull(0.25, 0.0)})
Split(shares={'a': 644.0, 'c': 322.0}, harms={'b': -515.2})

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> result = value_by_activity(load_model("models/sroi-worked-example.yaml"))
>>> [(a.id, round(a.present_value, 2)) for a in result.activities]
[('mentoring', 395752.69), ('wellbeing-groups', 48748.58), ('hub-works', 22837.22)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from toc.analysis.arrays import STAGE_CODES, graph_arrays, node_index, signed_path_sums
from toc.analysis.costs import activity_costs
from toc.model import LogicModel, Node, Stage
from toc.sroi.figures import number_text
from toc.sroi.valuemap import ValueMap, value_map

__all__ = [
    "ActivityValue",
    "Pull",
    "Pulls",
    "Split",
    "ValueByActivity",
    "pulls",
    "split",
    "value_by_activity",
]

_COLUMNS_PER_SOLVE = 256


@dataclass(frozen=True)
class Pull:
    """How one activity moves one outcome: its positive and negative path sums."""

    gain: float
    loss: float


#: Activity id to outcome id to its pull.
Pulls = Mapping[str, Mapping[str, Pull]]


@dataclass(frozen=True)
class Split:
    """One outcome's value shared among activities, and the harm charged apart."""

    shares: dict[str, float]
    harms: dict[str, float]


@dataclass(frozen=True)
class ActivityValue:
    """The present value one activity brings about, split by outcome, and its harm.

    ``present_value`` is its share of the value map (``gain`` from good
    outcomes plus ``loss`` from valued harms); ``harm`` (<= 0) is what it
    does against good outcomes, apart from the value map; ``net_value`` is both.
    """

    id: str
    label: str
    department: str | None
    present_value: float
    gain: float
    loss: float
    by_outcome: dict[str, float]
    cost: float | None = None
    harm: float = 0.0
    harm_by_outcome: dict[str, float] = field(default_factory=dict)

    @property
    def net_value(self) -> float:
        """Its share of the value map less the harm it does to good outcomes."""
        return self.present_value + self.harm

    @property
    def value_per_cost(self) -> float | None:
        """Net value per unit of cost, ``None`` without a positive cost."""
        return self.net_value / self.cost if self.cost else None

    def as_dict(self) -> dict[str, Any]:
        """The activity's value as plain data."""
        return {
            "id": self.id,
            "label": self.label,
            "department": self.department,
            "present_value": self.present_value,
            "gain": self.gain,
            "loss": self.loss,
            "harm": self.harm,
            "net_value": self.net_value,
            "cost": self.cost,
            "value_per_cost": self.value_per_cost,
            "by_outcome": self.by_outcome,
            "harm_by_outcome": self.harm_by_outcome,
        }


@dataclass(frozen=True)
class ValueByActivity:
    """The value map's total shared among activities, and what no activity reaches."""

    convention: str
    activities: tuple[ActivityValue, ...]
    unattributed: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The result as plain data, the convention stated first."""
        return {
            "convention": self.convention,
            "activities": [a.as_dict() for a in self.activities],
            "unattributed": self.unattributed,
            "notes": list(self.notes),
        }


def pulls(model: LogicModel, activities: Sequence[str]) -> dict[str, dict[str, Pull]]:
    """The pull of each activity on each outcome or impact it reaches.

    Solved a block of outcomes at a time, each sign apart, so nothing cancels.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "output"},
    ...               {"id": "o", "label": "O", "stage": "outcome"}],
    ...     "links": [{"from": "a", "to": "b", "weight": 0.5},
    ...               {"from": "b", "to": "o", "weight": -0.4},
    ...               {"from": "a", "to": "o", "weight": 0.3}]})
    >>> pulls(m, ["a"])
    {'a': {'o': Pull(gain=0.3, loss=-0.2...)}}
    """
    graph = graph_arrays(model)
    found: dict[str, dict[str, Pull]] = {a: {} for a in activities}
    rows = [node_index(graph, a) for a in activities]
    outcomes = np.flatnonzero(graph.stage >= STAGE_CODES["outcome"]).tolist()
    for start in range(0, len(outcomes), _COLUMNS_PER_SOLVE):
        block = outcomes[start : start + _COLUMNS_PER_SOLVE]
        unit = np.zeros((graph.size, len(block)))
        unit[block, np.arange(len(block))] = 1.0
        gain, loss = signed_path_sums(graph, unit)
        gain, loss = gain[rows], loss[rows]  # activities x outcomes of the block
        # Only the pulls there are, in activity then outcome order (a loop over every
        # pair took a second on 750 activities x 1,350 outcomes).
        hit_rows, hit_columns = np.nonzero((gain != 0) | (loss != 0))
        for i, column in zip(hit_rows.tolist(), hit_columns.tolist(), strict=True):
            pull = Pull(float(gain[i, column]), float(loss[i, column]))
            found[activities[i]][graph.ids[block[column]]] = pull
    return found


def split(value: float, pulled: Mapping[str, Pull]) -> Split:
    """Share ``value`` among the activities pulling the valued way; harm apart.

    Examples
    --------
    >>> split(966.0, {"a": Pull(0.5, 0.0), "b": Pull(0.0, -0.4999)})
    Split(shares={'a': 966.0}, harms={'b': -965.8068...})
    >>> split(-100.0, {"a": Pull(0.0, -0.8), "b": Pull(0.4, 0.0)})
    Split(shares={'a': -100.0}, harms={})
    """
    gains = {a: p.gain for a, p in pulled.items() if p.gain > 0}
    losses = {a: -p.loss for a, p in pulled.items() if p.loss < 0}
    driving = gains if value >= 0 else losses
    total = sum(driving.values())
    shares = {a: value * (part / total) for a, part in driving.items()} if total else {}
    harms: dict[str, float] = {}
    if value > 0 and losses:
        against = max(sum(gains.values()), sum(losses.values()))
        harms = {a: -value * (part / against) for a, part in losses.items()}
    return Split(shares, harms)


def value_by_activity(
    model: LogicModel,
    *,
    pulled: Pulls | None = None,
    costs: Mapping[str, float] | None = None,
    valued: ValueMap | None = None,
    **overrides: Any,
) -> ValueByActivity:
    """Share each outcome's present value among activities by the rule above.

    ``pulled`` defaults to :func:`pulls` over the model's activities;
    ``costs`` (activity id to cost) to :func:`toc.analysis.costs.activity_costs`,
    inputs shared among the activities they fund; ``valued`` to
    :func:`~toc.sroi.valuemap.value_map` with ``overrides``.
    """
    valued = valued or value_map(model, **overrides)
    activities = [n.id for n in model.nodes if n.stage is Stage.ACTIVITY]
    pulled = pulls(model, activities) if pulled is None else pulled
    costs = activity_costs(model) if costs is None else costs
    shares: dict[str, dict[str, float]] = {a: {} for a in activities}
    harms: dict[str, dict[str, float]] = {a: {} for a in activities}
    unattributed, notes = {}, []
    for row in valued.outcomes:
        on = {a: by[row.id] for a, by in pulled.items() if row.id in by}
        parts = split(row.present_value, on)
        if not parts.shares:
            unattributed[row.id] = row.present_value
        for activity, amount in parts.shares.items():
            shares.setdefault(activity, {})[row.id] = amount
        for activity, amount in parts.harms.items():
            harms.setdefault(activity, {})[row.id] = amount
        notes += _notes(row.id, row.present_value, on, parts)
    nodes = model.node_map()
    rows = [_activity(nodes[a], shares[a], harms.get(a, {}), costs.get(a)) for a in shares]
    rows.sort(key=lambda a: (-a.present_value, -a.harm, a.id))
    return ValueByActivity(valued.convention, tuple(rows), unattributed, tuple(notes))


def _notes(outcome: str, value: float, on: Mapping[str, Pull], parts: Split) -> list[str]:
    """What a reader of the shares of one outcome needs to be told."""
    notes = []
    if parts.harms:
        harm = number_text(sum(parts.harms.values()))
        verb, whose = ("pulls", "its") if len(parts.harms) == 1 else ("pull", "their")
        notes.append(
            f"{_names(parts.harms)} {verb} against {outcome!r}: {whose} harm ({harm}) is "
            "shown apart, not taken from the total"
        )
    gains = sum(p.gain for p in on.values())
    losses = -sum(p.loss for p in on.values())
    if value > 0 and losses > gains:
        notes.append(
            f"the pulls against {outcome!r} outweigh those for it, yet it is valued as a "
            "gain, so the harm is capped at its whole value: check the links' signs or the value"
        )
    easing = [a for a, p in on.items() if p.gain > 0]
    if value < 0 and easing:
        why = (
            "harm avoided is not credited (value it as an outcome of its own)"
            if parts.shares
            else "it is left unattributed: a harm is read as a good pushed down by a negative "
            "link; if the outcome names the harm itself, name the good that is lost instead"
        )
        verb = "pushes" if len(easing) == 1 else "push"
        notes.append(f"{_names(easing)} {verb} harm-valued {outcome!r} up: {why}")
    return notes


def _names(ids: Mapping[str, float] | Sequence[str]) -> str:
    return ", ".join(repr(i) for i in ids)


def _activity(
    node: Node,
    by_outcome: dict[str, float],
    harm_by_outcome: dict[str, float],
    cost: float | None,
) -> ActivityValue:
    gain = sum((v for v in by_outcome.values() if v > 0), 0.0)
    loss = sum((v for v in by_outcome.values() if v < 0), 0.0)
    return ActivityValue(
        node.id,
        node.label,
        node.department,
        gain + loss,
        gain,
        loss,
        by_outcome,
        cost if cost is None or np.isfinite(cost) else None,
        sum(harm_by_outcome.values(), 0.0),
        harm_by_outcome,
    )
