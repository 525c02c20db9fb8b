"""Who gains and who pays: value by stakeholder group, and the return on each input.

In an SROI value map each outcome belongs to the stakeholder group that
experiences it (``value.stakeholder``).  :func:`value_by_stakeholder` adds
up present value by group, with each group's share of the total (harms
count against their group, so a share may be negative or above 1; ``None``
when the total is 0).  Outcomes naming no group are listed under
``None`` last; with no group named anywhere the list is empty.

:func:`return_by_input` gives, for each input node with a cost, the return
on that funder's money: the whole present value over that input's cost.
Each funder is credited with all the value, so the ratios answer "what did
our money help produce", not "how the value splits", and do not add up.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> from toc.sroi.valuemap import value_map
>>> model = load_model("models/sroi-worked-example.yaml")
>>> [(row.id, row.investment, round(row.ratio, 2)) for row in return_by_input(model,
...                                                                   value_map(model))]
[('grant', 200000.0, 2.34), ('staff', 50000.0, 9.35)]
>>> value_by_stakeholder(model, value_map(model))
[]
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from toc.model import LogicModel, Stage
from toc.sroi.figures import ratio_of
from toc.sroi.valuemap import ValueMap

__all__ = ["InputReturn", "StakeholderValue", "return_by_input", "value_by_stakeholder"]


@dataclass(frozen=True)
class StakeholderValue:
    """The present value of the outcomes one stakeholder group experiences."""

    stakeholder: str | None
    present_value: float
    share: float | None

    def as_dict(self) -> dict[str, Any]:
        """The group's value as plain data."""
        return asdict(self)


@dataclass(frozen=True)
class InputReturn:
    """One input's cost and the present value per unit of it."""

    id: str
    label: str
    investment: float
    ratio: float | None

    def as_dict(self) -> dict[str, Any]:
        """The input's return as plain data."""
        return asdict(self)


def value_by_stakeholder(model: LogicModel, valued: ValueMap) -> list[StakeholderValue]:
    """Present value by the stakeholder group of each outcome, in declaration order."""
    groups: dict[str | None, float] = {}
    for row in valued.outcomes:
        group = row.value.stakeholder
        groups[group] = groups.get(group, 0.0) + row.present_value
    if set(groups) == {None}:
        return []
    order: list[str | None] = [g.id for g in model.stakeholders if g.id in groups]
    order += [None] if None in groups else []
    return [
        StakeholderValue(group, groups[group], _share(groups[group], valued.present_value))
        for group in order
    ]


def _share(part: float, whole: float) -> float | None:
    """``part / whole``, ``None`` when the whole is 0 or too small to divide by."""
    share = part / whole if whole else math.inf
    return share if math.isfinite(share) else None


def return_by_input(model: LogicModel, valued: ValueMap) -> list[InputReturn]:
    """For each input node with a cost, in file order: its cost and PV / cost."""
    return [
        InputReturn(node.id, node.label, node.cost, ratio_of(valued.present_value, node.cost))
        for node in model.nodes
        if node.stage is Stage.INPUT and node.cost is not None
    ]
