"""Value by activity: each outcome's present value shared among the activities that drive it.

The share of activity *a* in outcome *o* is its influence (the sum over every
path from *a* to *o* of the product of link weights, from
:func:`toc.analysis.influence.influence`) over the net influence of all
activities on *o*:

    value(a, o) = PV(o) * influence(a, o) / sum_b influence(b, o)

The shares of an outcome add up to its present value, so the activities'
values add up to the value map's total (less anything no activity reaches,
reported as unattributed).  Negative contributions stay negative: a harm
valued below zero is charged to the activity that causes it, and an activity
that undermines a good outcome is charged with a loss.  Value per unit of
cost divides by the cost the analysis gives each activity.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> result = value_by_activity(load_model("models/sroi-worked-example.yaml"))
>>> [(a.id, round(a.present_value, 2)) for a in result.activities]
[('mentoring', 395752.69), ('wellbeing-groups', 48748.58), ('hub-works', 22837.22)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from toc.analysis.costs import activity_costs
from toc.analysis.influence import influence as influence_of
from toc.model import LogicModel, Stage
from toc.sroi.valuemap import ValueMap, value_map

__all__ = ["ActivityValue", "ValueByActivity", "shares", "value_by_activity"]

Influence = Mapping[str, Mapping[str, float]]
_TINY = 1e-12


@dataclass(frozen=True)
class ActivityValue:
    """The present value one activity drives, split by outcome, and per unit of cost."""

    id: str
    label: str
    department: str | None
    present_value: float
    gain: float
    loss: float
    by_outcome: dict[str, float]
    cost: float | None = None

    @property
    def value_per_cost(self) -> float | None:
        """Present value per unit of cost, ``None`` without a positive cost."""
        return self.present_value / self.cost if self.cost else None

    def as_dict(self) -> dict[str, Any]:
        """The activity's value as plain data."""
        return {
            "id": self.id,
            "label": self.label,
            "department": self.department,
            "present_value": self.present_value,
            "gain": self.gain,
            "loss": self.loss,
            "cost": self.cost,
            "value_per_cost": self.value_per_cost,
            "by_outcome": self.by_outcome,
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


def shares(influence: Influence, outcome: str) -> dict[str, float]:
    """Each activity's share of an outcome: its influence over the net influence.

    Shares add up to 1; an activity pulling against the net gets a negative
    share.  Empty when the net influence is 0.

    Examples
    --------
    >>> shares({"a": {"o": 0.75}, "b": {"o": -0.25}}, "o")
    {'a': 1.5, 'b': -0.5}
    """
    pulls = {a: row[outcome] for a, row in influence.items() if row.get(outcome)}
    net = sum(pulls.values())
    if abs(net) < _TINY:
        return {}
    return {activity: pull / net for activity, pull in pulls.items()}


def value_by_activity(
    model: LogicModel,
    *,
    influence: Influence | None = None,
    costs: Mapping[str, float] | None = None,
    valued: ValueMap | None = None,
    **overrides: Any,
) -> ValueByActivity:
    """Share each outcome's present value among activities by their influence.

    ``influence`` defaults to :func:`toc.analysis.influence.influence` over
    the model's activities; ``costs`` (activity id to cost) to
    :func:`toc.analysis.costs.activity_costs`, inputs shared among the
    activities they fund; ``valued`` to
    :func:`~toc.sroi.valuemap.value_map` with ``overrides``.
    """
    valued = valued or value_map(model, **overrides)
    activities = [n for n in model.nodes if n.stage is Stage.ACTIVITY]
    if influence is None:
        influence = influence_of(model, [n.id for n in activities])
    costs = activity_costs(model) if costs is None else costs
    by_activity: dict[str, dict[str, float]] = {n.id: {} for n in activities}
    unattributed, notes = {}, []
    for row in valued.outcomes:
        split = shares(influence, row.id)
        if not split:
            unattributed[row.id] = row.present_value
            continue
        if any(share < 0 for share in split.values()):
            notes.append(_both_ways(row.id))
        for activity, share in split.items():
            by_activity.setdefault(activity, {})[row.id] = row.present_value * share
    rows = [_activity(model, a, by_activity[a], costs.get(a)) for a in by_activity]
    rows.sort(key=lambda a: (-a.present_value, a.id))
    return ValueByActivity(valued.convention, tuple(rows), unattributed, tuple(notes))


def _both_ways(outcome: str) -> str:
    return (
        f"activities pull {outcome!r} both ways: each is charged its share of the net "
        "influence, so those pulling against the net carry a loss"
    )


def _activity(
    model: LogicModel, activity: str, by_outcome: dict[str, float], cost: float | None
) -> ActivityValue:
    node = model.node_map()[activity]
    gain = sum((v for v in by_outcome.values() if v > 0), 0.0)
    loss = sum((v for v in by_outcome.values() if v < 0), 0.0)
    return ActivityValue(
        node.id, node.label, node.department, gain + loss, gain, loss, by_outcome, cost
    )
