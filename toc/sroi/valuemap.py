"""The SROI value map of a model: per-outcome rows, totals, NPV, ratio, payback.

:func:`value_map` reads the valued outcomes and the model's ``valuation``
settings (any of which a caller may override), and returns a
:class:`ValueMap` that states the convention it used.

- ``NPV = PV - I`` and ``ratio = PV / I``, with ``I`` the investment
  (discounted the same way when spread over years);
- ``net ratio = NPV / I``;
- payback in months ``= I / (first-year impact / 12)``, the SROI guide's rule,
  given only when the benefits do pay the investment back: with a negative
  NPV, a first-year impact that is not positive, or a payback longer than the
  benefits last, there is none, and ``payback_note`` says why;
- ratios are ``None`` without an investment (see :func:`~toc.sroi.figures.ratio_of`).

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

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import ValidationError

from toc.errors import ValuationError
from toc.model import LogicModel, Node, Stage
from toc.model.valuation import LARGEST, OutcomeValue, Valuation
from toc.sroi.additionality import additionality_breakdown
from toc.sroi.basis import (
    Basis,
    basis_of,
    compounding_factors,
    first_year_impacts,
    outcome_present_values,
    year_weights,
    yearly_values,
)
from toc.sroi.discounting import convention_label, discount_factors
from toc.sroi.evaluative import check_evaluative, evaluative_label, last_year
from toc.sroi.figures import number_text, ratio_of, ratio_text
from toc.sroi.timeline import YearRow, year_rows

__all__ = [
    "OutcomeRow",
    "ValueMap",
    "investment_present_value",
    "label_of",
    "model_basis",
    "payback",
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

    def years_text(self) -> str:
        """The years the outcome is valued in, for a table: observed years, else the
        forecast's span (``1``, ``2-4``)."""
        value = self.value
        if value.observed:
            return ", ".join(str(y) for y in sorted(value.observed))
        last = value.start + value.duration - 1
        return str(value.start) if last == value.start else f"{value.start}-{last}"

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
    ``payback_months`` when the benefits never pay the investment back
    (``payback_note`` says why).  ``by_year`` gives each year's value, its
    discount or compounding factor, present value and part of the ratio.
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
    payback_note: str = ""
    by_year: tuple[YearRow, ...] = ()

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
            "ratio_text": ratio_text(self.ratio, self.settings.ratio_digits),
            "net_ratio": self.net_ratio,
            "payback_months": self.payback_months,
            "payback_note": self.payback_note,
            "years": list(self.years),
            "value_by_year": list(self.value_by_year),
            "by_year": [row.as_dict() for row in self.by_year],
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

    In evaluative mode without a ``final_year``, it is the last year anything
    is observed or paid, so every part of the result compounds to the same year.

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
        valuation = Valuation.model_validate({**base, **given})
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
    if valuation.mode == "evaluative" and valuation.final_year is None:
        valuation = valuation.model_copy(update={"final_year": last_year(model, valuation)})
    return valuation


def model_basis(model: LogicModel, valuation: Valuation) -> Basis:
    """The arrays of the model's valued outcomes (see :mod:`toc.sroi.basis`).

    Raises
    ------
    ValuationError
        If a cost is over :data:`~toc.model.valuation.LARGEST`, or (in evaluative
        mode) a setting would be ignored: see :func:`toc.sroi.evaluative.check_evaluative`.
    """
    nodes = valued_nodes(model)
    _check_costs(model)
    if valuation.mode == "evaluative":
        check_evaluative(model, nodes, valuation)
    values = [n.value for n in nodes if n.value is not None]
    return basis_of(values, evaluative=valuation.mode == "evaluative")


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
    inputs = [n for n in model.nodes if n.stage is Stage.INPUT and n.cost is not None]
    if not inputs:
        raise ValuationError(
            "the model states no investment: set valuation.investment, or a cost on the input nodes"
        )
    return float(sum(n.cost or 0.0 for n in inputs))


def _check_costs(model: LogicModel) -> None:
    for node in model.nodes:
        if node.cost is not None and node.cost > LARGEST:
            raise ValuationError(
                f"node {node.id!r} costs {node.cost:g}, more than the value map takes "
                f"({number_text(LARGEST)}): check the cost",
                node_id=node.id,
            )


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
    investment = investment_present_value(model, valuation)
    pv = float(pvs.sum())
    first_year = float(first_year_impacts(basis).sum())
    months, why = payback(investment, first_year, pv - investment, _life_months(basis))
    totals = values.sum(axis=0)
    weights = year_weights(basis, valuation, count=totals.shape[-1])
    return ValueMap(
        convention=label_of(valuation),
        settings=valuation,
        years=tuple(int(y) for y in basis.years),
        outcomes=_rows(model, basis, values, pvs),
        value_by_year=tuple(float(v) for v in totals),
        investment=investment,
        investment_nominal=total_investment(model, valuation),
        present_value=pv,
        npv=pv - investment,
        ratio=ratio_of(pv, investment),
        net_ratio=ratio_of(pv - investment, investment),
        payback_months=months,
        payback_note=why,
        by_year=year_rows(basis.years, totals, weights, investment),
    )


def payback(
    investment: float, first_year: float, npv: float, life_months: float
) -> tuple[float | None, str]:
    """Payback in months by the guide's rule, or ``None`` and why there is none.

    Examples
    --------
    >>> round(payback(250000, 219500, 217338.49, 36)[0], 1)
    13.7
    >>> print(payback(3_000_000, 662_000, -1_014_755, 36)[1])
    no payback: the present value falls short of the investment (NPV -1,014,755), so the
    benefits never pay it back
    """
    if not investment:
        return 0.0, ""
    if first_year <= 0:
        return None, "no payback: the first-year impact is not positive"
    if npv < 0:
        return None, (
            f"no payback: the present value falls short of the investment (NPV "
            f"{number_text(npv)}), so the benefits never pay it back"
        )
    months = investment / (first_year / 12)
    if not math.isfinite(months) or months > life_months:  # a first year near 0: endless
        taken = f"{number_text(months, 1)} months" if math.isfinite(months) else "for ever"
        return None, (
            f"no payback: at the first year's impact it would take {taken}, longer than the "
            f"{number_text(life_months)} months the benefits last"
        )
    return months, ""


def _life_months(basis: Basis) -> float:
    """How long the benefits last, in months: to the last year anything is valued."""
    years = basis.years
    return 12.0 * float(years.max() - years.min() + 1) if years.size else 0.0


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
    >>> label_of(Valuation(convention="none"))
    'no discounting'
    >>> label_of(Valuation(mode="evaluative", final_year=2024, convention="none"))
    'evaluative (convention none): observed values to 2024 and investment added up as they were, nothing compounded'
    """
    if valuation.mode == "evaluative":
        return evaluative_label(valuation)
    return convention_label(
        valuation.convention,
        valuation.discount_rate,
        valuation.schedule,
        discount_investment=valuation.discount_investment or valuation.investment_by_year is None,
    )
