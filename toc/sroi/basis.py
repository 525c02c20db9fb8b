"""The value map as arrays: the judgements of every valued outcome, and the sums.

:class:`Basis` holds one array per judgement with one entry per valued
outcome (and, for sensitivity and Monte Carlo, leading axes for settings or
samples).  :func:`yearly_values` and :func:`outcome_present_values` are the
whole SROI arithmetic, vectorised:

- first-year impact ``Q * P * (1 - DW) * (1 - DS) * (1 - AT)``;
- year *t* value ``impact * (1 - DO) ** (t - s)`` for ``s <= t <= s + D - 1``;
- present value ``sum_t value_t * discount factor_t``.

In evaluative mode the values are what was observed: an outcome's
``quantity`` judgement is the total it observed over the years, spread over
the years as observed (so a sensitivity that moves the quantity scales every
observed year alike), and each year's value is compounded forward to the
final year by :func:`compounding_factors`.

Examples
--------
>>> from toc.model.valuation import OutcomeValue, Valuation
>>> b = basis_of([OutcomeValue(quantity=10, proxy=100, deadweight=0.5, duration=2,
...                            drop_off=0.5)])
>>> yearly_values(b).tolist()
[[500.0, 250.0]]
>>> outcome_present_values(b, Valuation(convention="none")).tolist()
[750.0]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from toc.model.valuation import OutcomeValue, Valuation
from toc.sroi.discounting import discount_factors, period_offset

__all__ = [
    "Basis",
    "basis_of",
    "compounding_factors",
    "first_year_impacts",
    "outcome_present_values",
    "year_weights",
    "yearly_values",
]

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Basis:
    """The judgements of the valued outcomes as arrays (last axis: outcome).

    ``gross_factor`` is 1 under the SROI filters, the stated net multiplier,
    or the HCA ``(1-L)(1-Dp)(1-S)M``; ``reference`` is the HCA reference case
    in net units.  In evaluative mode ``quantity`` is the total observed and
    ``observed`` its share in each of ``years`` (0 where nothing was
    observed, ``seen`` says where), so ``quantity * observed`` is the
    quantity seen each year.
    """

    quantity: Floats
    proxy: Floats
    deadweight: Floats
    displacement: Floats
    attribution: Floats
    drop_off: Floats
    duration: Floats
    start: Floats
    gross_factor: Floats
    reference: Floats
    years: NDArray[np.int64]
    observed: Floats | None = None
    seen: NDArray[np.bool_] | None = None

    def replace(self, **arrays: ArrayLike) -> Basis:
        """A copy with some judgements replaced (broadcast against the rest).

        Examples
        --------
        >>> b = basis_of([OutcomeValue(quantity=1, proxy=5)])
        >>> b.replace(proxy=[[5.0], [6.0]]).proxy.shape
        (2, 1)
        """
        floats: dict[str, Floats] = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}
        return dataclasses.replace(self, **floats)  # type: ignore[arg-type]

    def take(self, index: Sequence[int] | NDArray[np.int64]) -> Basis:
        """Only the outcomes at ``index`` (positions on the last axis), in that order.

        Examples
        --------
        >>> b = basis_of([OutcomeValue(quantity=1, proxy=5), OutcomeValue(quantity=2, proxy=6)])
        >>> b.take([1]).proxy.tolist()
        [6.0]
        """
        chosen = np.asarray(index, dtype=np.int64)
        changes: dict[str, Any] = {name: getattr(self, name)[..., chosen] for name in _JUDGED}
        if self.observed is not None and self.seen is not None:
            changes |= {"observed": self.observed[chosen], "seen": self.seen[chosen]}
        return dataclasses.replace(self, **changes)

    def one_per_row(self, index: Sequence[int] | NDArray[np.int64]) -> Basis:
        """A basis whose row *r* is the single outcome ``index[r]`` (shape rows x 1).

        For one-at-a-time sensitivity: each row can then be changed alone and
        valued without the other outcomes.
        """
        taken = self.take(index)
        changes: dict[str, Any] = {name: getattr(taken, name)[..., None] for name in _JUDGED}
        if taken.observed is not None and taken.seen is not None:
            changes |= {"observed": taken.observed[:, None, :], "seen": taken.seen[:, None, :]}
        return dataclasses.replace(taken, **changes)


_JUDGED = (
    "quantity",
    "proxy",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "duration",
    "start",
    "gross_factor",
    "reference",
)


def basis_of(values: Sequence[OutcomeValue], *, evaluative: bool = False) -> Basis:
    """The arrays for a list of outcome values, in order.

    Examples
    --------
    >>> basis_of([OutcomeValue(quantity=40, proxy=8000, duration=3)]).years.tolist()
    [1, 2, 3]
    """

    def column(field: Callable[[OutcomeValue], float]) -> Floats:
        return np.array([float(field(v)) for v in values], dtype=np.float64)

    base = Basis(
        quantity=column(lambda v: v.quantity),
        proxy=column(lambda v: v.proxy),
        deadweight=column(lambda v: v.deadweight),
        displacement=column(lambda v: v.displacement),
        attribution=column(lambda v: v.attribution),
        drop_off=column(lambda v: v.drop_off),
        duration=column(lambda v: v.duration),
        start=column(lambda v: v.start),
        gross_factor=column(_gross_factor),
        reference=column(
            lambda v: v.additionality.reference_net_quantity if v.additionality else 0
        ),
        years=np.arange(1, _horizon(values) + 1, dtype=np.int64),
    )
    return _with_observed(base, values) if evaluative else base


def _gross_factor(value: OutcomeValue) -> float:
    if value.additionality is not None:
        return value.additionality.gross_factor
    return 1.0 if value.net_multiplier is None else value.net_multiplier


def _horizon(values: Sequence[OutcomeValue]) -> int:
    return max((v.start + v.duration - 1 for v in values), default=1)


def _with_observed(base: Basis, values: Sequence[OutcomeValue]) -> Basis:
    observed: list[Mapping[int, float]] = [v.observed or {} for v in values]
    years = sorted({year for seen in observed for year in seen})
    table = np.array([[seen.get(y, np.nan) for y in years] for seen in observed])
    table = table.reshape(len(values), len(years))
    totals = np.nansum(table, axis=-1)
    shares = np.divide(table, totals[:, None], out=np.zeros_like(table), where=totals[:, None] > 0)
    return dataclasses.replace(
        base,
        quantity=totals,
        years=np.array(years, dtype=np.int64),
        observed=np.nan_to_num(shares),
        seen=~np.isnan(table),
    )


def first_year_impacts(basis: Basis) -> Floats:
    """``Q * P * (1-DW) * (1-DS) * (1-AT)`` (or the method's equivalent) per outcome.

    In evaluative mode, the value in each outcome's first observed year.

    Examples
    --------
    >>> v = OutcomeValue(quantity=40, proxy=8000, deadweight=0.25, displacement=0.1,
    ...                  attribution=0.2)
    >>> first_year_impacts(basis_of([v])).round(6).tolist()
    [172800.0]
    """
    if basis.observed is not None and basis.seen is not None:
        first = np.argmax(basis.seen, axis=-1)[..., None]
        seen: Floats = np.take_along_axis(yearly_values(basis), first, axis=-1)[..., 0]
        return seen
    return basis.quantity * _unit_value(basis) - basis.proxy * basis.reference


def _unit_value(basis: Basis) -> Floats:
    kept = (1 - basis.deadweight) * (1 - basis.displacement) * (1 - basis.attribution)
    unit: Floats = basis.proxy * kept * basis.gross_factor
    return unit


def yearly_values(basis: Basis) -> Floats:
    """The value of each outcome in each of ``basis.years`` (last axis: year)."""
    if basis.observed is not None and basis.seen is not None:
        quantity = basis.quantity[..., None] * basis.observed
        net = quantity * _unit_value(basis)[..., None] - (basis.proxy * basis.reference)[..., None]
        return np.where(basis.seen, net, 0.0)
    horizon = int(np.max(basis.start + basis.duration - 1, initial=1))
    age = np.arange(1, horizon + 1) - basis.start[..., None]
    alive = (age >= 0) & (age < basis.duration[..., None])
    kept = (1 - basis.drop_off[..., None]) ** np.maximum(age, 0)
    return np.where(alive, first_year_impacts(basis)[..., None] * kept, 0.0)


def year_weights(
    basis: Basis, valuation: Valuation, rate: ArrayLike | None = None, *, count: int | None = None
) -> Floats:
    """What one unit of value in each year is worth in the result.

    Discount factors in forecast mode (by the convention), compounding
    factors in evaluative mode.  ``rate`` overrides the discount rate and may
    be an array (one row of weights per rate).
    """
    rate = valuation.discount_rate if rate is None else rate
    if basis.observed is not None:
        return compounding_factors(basis.years, valuation, rate)
    years = np.arange(1, (count or len(basis.years)) + 1)
    if valuation.convention == "none":
        return np.ones(np.shape(rate) + years.shape)
    periods = years - 1 + period_offset(valuation.convention)
    return discount_factors(periods, rate, valuation.schedule)


def compounding_factors(
    years: Sequence[int] | NDArray[np.int64], valuation: Valuation, rate: ArrayLike | None = None
) -> Floats:
    """What one unit of value in each calendar year is worth in the final year.

    The rate keyed to year *k* carries value from year *k - 1* into year
    *k*, so a value of year *y* is multiplied by ``prod (1 + rate_k)`` for
    *k* from *y + 1* to the final year (``discount_rate`` where no rate is
    keyed).  Under ``convention: none`` nothing is compounded: every factor is 1.

    Examples
    --------
    >>> v = Valuation(mode="evaluative", final_year=2024, compound_rates={2024: 0.1})
    >>> compounding_factors([2022, 2023, 2024], v, 0.0).round(4).tolist()
    [1.1, 1.1, 1.0]
    >>> compounding_factors([2022], v.model_copy(update={"convention": "none"})).tolist()
    [1.0]
    """
    years_arr = np.asarray(years, dtype=np.int64)
    rate = valuation.discount_rate if rate is None else rate
    shape = np.shape(rate)
    if valuation.convention == "none" or years_arr.size == 0:
        return np.ones(shape + years_arr.shape)
    final = valuation.final_year if valuation.final_year is not None else int(years_arr.max())
    first = int(years_arr.min())
    span = np.arange(first + 1, final + 1)
    growth = np.asarray(rate, dtype=np.float64)[..., None] + np.zeros(span.shape)
    for index, year in enumerate(span.tolist()):
        if year in valuation.compound_rates:
            growth[..., index] = valuation.compound_rates[year]
    # after[..., i]: the growth from year first + i to the final year
    after = np.asarray(np.cumprod((1 + growth)[..., ::-1], axis=-1)[..., ::-1], dtype=np.float64)
    factors: Floats = np.concatenate([after, np.ones((*shape, 1))], axis=-1)[..., years_arr - first]
    return factors


def outcome_present_values(
    basis: Basis, valuation: Valuation, rate: ArrayLike | None = None
) -> Floats:
    """The present value of each outcome (last axis: outcome)."""
    values = yearly_values(basis)
    weights = year_weights(basis, valuation, rate, count=values.shape[-1])
    total: Floats = (values * weights[..., None, :]).sum(axis=-1)
    return total
