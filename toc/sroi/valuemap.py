"""The SROI value map of a model: per-outcome rows, totals, NPV, ratio, payback.

:func:`value_map` reads the valued outcomes and the model's ``valuation``
settings (any of which a caller may override), and returns a
:class:`ValueMap` that states the convention it used.

- ``NPV = PV - I`` and ``ratio = PV / I``, with ``I`` the investment
  (discounted the same way when spread over years);
- ``net ratio = NPV / I``;
- payback in months ``= I / (first-year impact / 12)``, the SROI guide's rule.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> vm = value_map(load_model("models/sroi-worked-example.yaml"))
>>> round(vm.present_value, 2), round(vm.ratio, 3), round(vm.payback_months, 1)
(467338.49, 1.869, 13.7)
>>> vm.convention
'SROI value map (year 1 discounted once at 3.5%)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import ValidationError

from toc.errors import ValuationError
from toc.model import LogicModel, Node, Stage
from toc.model.valuation import OutcomeValue, Valuation
from toc.sroi.additionality import additionality_breakdown
from toc.sroi.basis import (
    Basis,
    basis_of,
    compounding_factors,
    first_year_impacts,
    outcome_present_values,
    yearly_values,
)
from toc.sroi.discounting import convention_label, discount_factors

__all__ = [
    "OutcomeRow",
    "ValueMap",
    "investment_present_value",
    "label_of",
    "model_basis",
    "settings",
    "total_investment",
    "value_map",
    "valued_nodes",
]


@dataclass(frozen=True)
class OutcomeRow:
    """One row of the value map: the judgements and what they give."""

    id: str
    label: str
    method: str
    value: OutcomeValue
    first_year_impact: float
    values: tuple[float, ...]
    present_value: float

    def as_dict(self) -> dict[str, Any]:
        """The row as plain data for JSON."""
        judgements = self.value.model_dump(exclude={"ranges", "observed"}, exclude_none=True)
        if self.value.additionality is not None:
            judgements["additionality"] = additionality_breakdown(self.value).as_dict()
        return {
            "id": self.id,
            "label": self.label,
            "method": self.method,
            **judgements,
            "first_year_impact": self.first_year_impact,
            "value_by_year": list(self.values),
            "present_value": self.present_value,
        }


@dataclass(frozen=True)
class ValueMap:
    """The whole value map: rows, yearly totals and the headline figures.

    ``ratio`` and ``net_ratio`` are ``None`` when the investment is 0, and
    ``payback_months`` when the first-year impact is not positive: there is
    no finite answer.
    """

    convention: str
    settings: Valuation
    years: tuple[int, ...]
    outcomes: tuple[OutcomeRow, ...]
    value_by_year: tuple[float, ...]
    investment: float
    investment_nominal: float
    present_value: float
    npv: float
    ratio: float | None
    net_ratio: float | None
    payback_months: float | None

    def as_dict(self) -> dict[str, Any]:
        """The value map as plain data for JSON: the convention key, then it in words."""
        return {
            "convention": self.settings.convention,
            "convention_text": self.convention,
            "settings": self.settings.model_dump(exclude_none=True),
            "currency": self.settings.currency,
            "investment": self.investment,
            "investment_nominal": self.investment_nominal,
            "present_value": self.present_value,
            "npv": self.npv,
            "ratio": self.ratio,
            "net_ratio": self.net_ratio,
            "payback_months": self.payback_months,
            "years": list(self.years),
            "value_by_year": list(self.value_by_year),
            "outcomes": [row.as_dict() for row in self.outcomes],
        }


def valued_nodes(model: LogicModel) -> list[Node]:
    """The outcome and impact nodes that carry a ``value``, in file order.

    Raises
    ------
    ValuationError
        If no node is valued, or (in evaluative mode) a valued node has no
        observed quantities.
    """
    nodes = [n for n in model.nodes if n.value is not None]
    if not nodes:
        raise ValuationError(
            "no outcome or impact has a 'value': add one with at least 'quantity' and 'proxy'"
        )
    return nodes


def settings(model: LogicModel, **overrides: Any) -> Valuation:
    """The model's valuation settings with any non-``None`` overrides applied.

    Examples
    --------
    >>> settings(LogicModel(title="t"), convention="none").convention
    'none'
    >>> settings(LogicModel(title="t"), convention="gb")
    Traceback (most recent call last):
    ...
    toc.errors.ValuationError: convention: input should be 'sroi', 'green-book' or 'none', got 'gb'
    >>> settings(LogicModel(title="t"), discount_rate=3.5)
    Traceback (most recent call last):
    ...
    toc.errors.ValuationError: discount_rate: input should be less than or equal to 1, got 3.5; rates are fractions: 3.5% is 0.035
    """
    base = (model.valuation or Valuation()).model_dump(exclude_none=True)
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Valuation.model_validate({**base, **given})
    except ValidationError as err:
        detail = err.errors(include_url=False)[0]
        field = ".".join(str(part) for part in detail["loc"]) or "valuation"
        if detail["type"] == "value_error":
            raise ValuationError(f"{field}: {detail['msg'].removeprefix('Value error, ')}") from err
        hint = "; rates are fractions: 3.5% is 0.035" if "rate" in field else ""
        msg = detail["msg"]
        raise ValuationError(
            f"{field}: {msg[0].lower()}{msg[1:]}, got {detail['input']!r}{hint}"
        ) from err


def model_basis(model: LogicModel, valuation: Valuation) -> Basis:
    """The arrays of the model's valued outcomes (see :mod:`toc.sroi.basis`)."""
    nodes = valued_nodes(model)
    values = [n.value for n in nodes if n.value is not None]
    if valuation.mode == "evaluative":
        _check_observed(nodes, valuation)
    return basis_of(values, evaluative=valuation.mode == "evaluative")


def _check_observed(nodes: list[Node], valuation: Valuation) -> None:
    for node in nodes:
        observed = node.value.observed if node.value else None
        if not observed:
            raise ValuationError(
                f"node {node.id!r} has no observed quantities, but the valuation is "
                "evaluative: add value.observed (year: quantity) or set mode: forecast",
                node_id=node.id,
            )
        late = [y for y in observed if valuation.final_year and y > valuation.final_year]
        if late:
            raise ValuationError(
                f"node {node.id!r} has a value observed in {late[0]}, after the final year "
                f"{valuation.final_year}: move final_year on or remove that year",
                node_id=node.id,
            )


def total_investment(model: LogicModel, valuation: Valuation) -> float:
    """The investment before discounting: stated, or the sum of input costs.

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[Node(id="g", label="G", stage="input", cost=5e4)])
    >>> total_investment(m, Valuation())
    50000.0
    """
    if valuation.investment is not None:
        return valuation.investment
    if valuation.investment_by_year is not None:
        return float(sum(valuation.investment_by_year.values()))
    costs = [n.cost for n in model.nodes if n.stage is Stage.INPUT and n.cost is not None]
    if not costs:
        raise ValuationError(
            "the model states no investment: set valuation.investment, or a cost on the input nodes"
        )
    return float(sum(costs))


def investment_present_value(
    model: LogicModel, valuation: Valuation, rate: float | None = None
) -> float:
    """The investment as the result counts it: spread years discounted (or compounded)."""
    spread = valuation.investment_by_year
    if spread is None or not valuation.discount_investment or valuation.convention == "none":
        return total_investment(model, valuation)
    rate = valuation.discount_rate if rate is None else rate
    years = sorted(spread)
    if valuation.mode == "evaluative":
        weights = compounding_factors(years, valuation, rate)
    else:
        weights = discount_factors(years, rate, valuation.schedule)
    return float(np.dot([spread[y] for y in years], weights))


def value_map(model: LogicModel, **overrides: Any) -> ValueMap:
    """The value map of a model, under its settings or the ``overrides`` given.

    Overrides are :class:`~toc.model.valuation.Valuation` fields, e.g.
    ``convention="green-book"`` or ``discount_rate=0.05``.
    """
    valuation = settings(model, **overrides)
    basis = model_basis(model, valuation)
    values = yearly_values(basis)
    pvs = outcome_present_values(basis, valuation)
    rows = _rows(model, basis, values, pvs)
    investment = investment_present_value(model, valuation)
    pv = float(pvs.sum())
    first_year = float(first_year_impacts(basis).sum())
    return ValueMap(
        convention=label_of(valuation),
        settings=valuation,
        years=tuple(int(y) for y in basis.years),
        outcomes=rows,
        value_by_year=tuple(float(v) for v in values.sum(axis=0)),
        investment=investment,
        investment_nominal=total_investment(model, valuation),
        present_value=pv,
        npv=pv - investment,
        ratio=pv / investment if investment else None,
        net_ratio=(pv - investment) / investment if investment else None,
        payback_months=investment / (first_year / 12) if first_year > 0 else None,
    )


def _rows(
    model: LogicModel, basis: Basis, values: np.ndarray[Any, Any], pvs: np.ndarray[Any, Any]
) -> tuple[OutcomeRow, ...]:
    impacts = first_year_impacts(basis)
    return tuple(
        OutcomeRow(
            id=node.id,
            label=node.label,
            method=node.value.method,
            value=node.value,
            first_year_impact=float(impacts[i]),
            values=tuple(float(v) for v in values[i]),
            present_value=float(pvs[i]),
        )
        for i, node in enumerate(valued_nodes(model))
        if node.value is not None
    )


def label_of(valuation: Valuation) -> str:
    """The convention of a valuation in words.

    Examples
    --------
    >>> label_of(Valuation(mode="evaluative", final_year=2024))
    'evaluative: observed values compounded forward to 2024 at 3.5% a year'
    """
    if valuation.mode == "evaluative":
        final = valuation.final_year or "the last observed year"
        stated = " unless stated" if valuation.compound_rates else ""
        return (
            f"evaluative: observed values compounded forward to {final} at "
            f"{valuation.discount_rate * 100:.4g}% a year{stated}"
        )
    return convention_label(
        valuation.convention,
        valuation.discount_rate,
        valuation.schedule,
        discount_investment=valuation.discount_investment or valuation.investment_by_year is None,
    )
