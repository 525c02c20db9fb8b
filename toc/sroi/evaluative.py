"""Evaluative mode: what was observed, compounded forward, and the rules it keeps.

An evaluative value map looks back.  Each valued outcome gives the quantity
``observed`` in each calendar year; each year's value is compounded forward
to ``final_year`` (default: the last year anything is observed or paid).
The rate keyed to year *k* in ``compound_rates`` carries value from year
*k - 1* into year *k* (``discount_rate`` for years with no rate), so a value
of year *y* is multiplied by ``(1 + r_{y+1}) * ... * (1 + r_final)``.
``investment_by_year`` is keyed by calendar year too and compounded alike
(``discount_investment: false`` keeps it as paid); under ``convention:
none`` nothing is compounded, benefits or investment.

Every setting either takes effect or is refused, by :func:`check_evaluative`:

- an outcome's ``quantity`` is 0 or the total it observed (the quantity that
  ``ranges.quantity``, the tornado and break-even move: every observed year
  scales alike);
- ``drop_off``, ``duration`` and ``start`` forecast what has not happened
  yet, so they must stay at 0, 1 and 1 (and have no ranges);
- ``schedule: declining`` discounts a forecast, so it is refused;
- a year observed or paid after the final year, a rate keyed to a year that
  carries nothing (the first year or earlier, or after the final year), and
  more than :data:`MAX_SPAN` years from the first to the final year are refused.

Examples
--------
>>> from toc.model.valuation import Valuation
>>> print(evaluative_label(Valuation(mode="evaluative", final_year=2024,
...                                  compound_rates={2024: 0.05})))
evaluative: observed values compounded forward to 2024 at 3.5% a year (2024: 5%); the
rate keyed to a year carries values into it from the year before; investment as stated
(no year given, so not compounded)
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import NoReturn

from toc.errors import ValuationError
from toc.model import LogicModel, Node
from toc.model.valuation import Valuation

__all__ = ["MAX_SPAN", "check_evaluative", "evaluative_label", "last_year"]

#: The most years from the first year observed or paid to the final year.
MAX_SPAN = 200

_FORECAST_ONLY = {"drop_off": 0.0, "duration": 1, "start": 1}


def last_year(model: LogicModel, valuation: Valuation) -> int | None:
    """The stated final year, else the last year anything is observed or paid."""
    if valuation.final_year is not None:
        return valuation.final_year
    return max(_years(model, valuation), default=None)


def _years(model: LogicModel, valuation: Valuation) -> Iterator[int]:
    for node in model.nodes:
        if node.value is not None and node.value.observed:
            yield from node.value.observed
    yield from valuation.investment_by_year or {}


def check_evaluative(model: LogicModel, nodes: list[Node], valuation: Valuation) -> None:
    """Refuse, with the fix, any setting that an evaluative value map would ignore.

    Raises
    ------
    ValuationError
        Naming the node (where there is one), the setting and what to do.
    """
    for node in nodes:
        _check_outcome(node, valuation)
    if valuation.schedule == "declining":
        raise ValuationError(
            "schedule: declining discounts a forecast; an evaluative value map compounds "
            "what was observed: remove it, or key compound_rates by year"
        )
    _check_years(model, valuation)


def _check_outcome(node: Node, valuation: Valuation) -> None:
    value = node.value
    if value is None:
        return
    if not value.observed:
        _refuse(
            node,
            "has no observed quantities, but the valuation is evaluative: add "
            "value.observed (year: quantity) or set mode: forecast",
        )
    _check_forecast_only(node)
    total = math.fsum(value.observed.values())
    if value.quantity and not math.isclose(value.quantity, total, rel_tol=1e-9):
        _refuse(
            node,
            f"value.quantity is {value.quantity:g}, but in evaluative mode the "
            f"quantity is the total observed ({total:g}): set quantity to 0 or "
            f"{total:g}",
        )
    if "quantity" in value.ranges and total == 0:
        _refuse(
            node,
            "has ranges.quantity, but nothing was observed (total 0), so there "
            "is no quantity to vary: remove the range",
        )
    final = valuation.final_year
    late = [y for y in value.observed if final is not None and y > final]
    if late:
        _refuse(
            node,
            f"has a value observed in {late[0]}, after the final year "
            f"{valuation.final_year}: move final_year on or remove that year",
        )


def _check_forecast_only(node: Node) -> None:
    value = node.value
    for name, default in _FORECAST_ONLY.items():
        if value is not None and (getattr(value, name) != default or name in value.ranges):
            _refuse(
                node,
                f"has value.{name}, a forecast judgement that an evaluative value map "
                "does not use (the observed quantities show what happened): remove "
                f"{name} and any range on it, or set mode: forecast",
            )


def _refuse(node: Node, message: str) -> NoReturn:
    raise ValuationError(f"node {node.id!r} {message}", node_id=node.id)


def _check_years(model: LogicModel, valuation: Valuation) -> None:
    years = sorted(set(_years(model, valuation)))
    final = last_year(model, valuation)
    if not years or final is None:
        return
    first = years[0]
    paid_late = [y for y in valuation.investment_by_year or {} if y > final]
    if paid_late:
        raise ValuationError(
            f"investment_by_year has {paid_late[0]}, after the final year {final}: in "
            "evaluative mode investment is keyed by calendar year; move final_year on"
        )
    if final - first > MAX_SPAN:
        raise ValuationError(
            f"the years run from {first} to {final}, more than {MAX_SPAN} years: in "
            "evaluative mode observed values and investment are keyed by calendar year"
        )
    idle = [k for k in valuation.compound_rates if not first < k <= final]
    if idle:
        raise ValuationError(
            f"compound_rates has a rate for {idle[0]}, which carries nothing: the rate "
            "keyed to a year carries values into it from the year before, and values "
            f"run from {first} to {final}, so key rates from {first + 1} to {final}"
        )


def evaluative_label(valuation: Valuation) -> str:
    """The convention of an evaluative value map in words, with the compounding-key rule."""
    final = valuation.final_year if valuation.final_year is not None else "the last year"
    if valuation.convention == "none":
        return (
            f"evaluative (convention none): observed values to {final} and investment "
            "added up as they were, nothing compounded"
        )
    stated = ", ".join(f"{k}: {_percent(r)}" for k, r in sorted(valuation.compound_rates.items()))
    return (
        f"evaluative: observed values compounded forward to {final} at "
        f"{_percent(valuation.discount_rate)} a year{f' ({stated})' if stated else ''}; "
        "the rate keyed to a year carries values into it from the year before; "
        f"{_investment_words(valuation)}"
    )


def _percent(rate: float) -> str:
    return f"{rate * 100:.4g}%"


def _investment_words(valuation: Valuation) -> str:
    if valuation.investment_by_year is None:
        return "investment as stated (no year given, so not compounded)"
    if not valuation.discount_investment:
        return "investment as paid, not compounded"
    return "investment compounded alike"
