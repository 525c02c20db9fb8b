"""Discounting: which year counts as "now", and at what rate.

Three conventions, because real reports differ and a result must say which
it used:

- ``sroi`` (the value map of the UK SROI guide): year 1 is discounted once,
  so year *t* is divided by ``(1 + r) ** t``;
- ``green-book`` (HM Treasury): the first year is year 0 and is not
  discounted, so year *t* is divided by ``(1 + r) ** (t - 1)``;
- ``none``: no discounting at all.

The ``declining`` schedule is the Green Book's long-term one: 3.5% for years
up to 30, then 3.0% to 75, 2.5% to 125, 2.0% to 200, 1.5% to 300 and 1.0%
beyond.  It steps down from whatever rate is given by the same amounts, so
3.5% gives the Green Book's own schedule.

Examples
--------
>>> discount_factors([0, 1, 2], 0.035).round(4).tolist()
[1.0, 0.9662, 0.9335]
>>> convention_label("green-book", 0.035)
'Green Book (year 0 undiscounted, then 3.5% a year)'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DECLINING_STEPS",
    "convention_label",
    "discount_factors",
    "period_offset",
    "rate_by_year",
]

#: (last year of the band, fall in rate from the first band), from the Green Book.
DECLINING_STEPS: tuple[tuple[float, float], ...] = (
    (30, 0.0),
    (75, 0.005),
    (125, 0.010),
    (200, 0.015),
    (300, 0.020),
    (float("inf"), 0.025),
)

_Floats = NDArray[np.float64]


def period_offset(convention: str) -> int:
    """How many discounting periods year 1 of the value map is from now.

    Examples
    --------
    >>> period_offset("sroi"), period_offset("green-book")
    (1, 0)
    """
    return 0 if convention == "green-book" else 1


def rate_by_year(years: ArrayLike, rate: ArrayLike, schedule: str = "flat") -> _Floats:
    """The discount rate that applies within each year (1 is the first).

    Under ``declining`` each Green Book band lowers the rate, never below 0.

    Examples
    --------
    >>> rate_by_year([1, 30, 31, 76, 301], 0.035, "declining").round(3).tolist()
    [0.035, 0.035, 0.03, 0.025, 0.01]
    """
    years_arr = np.asarray(years, dtype=np.float64)
    rates = np.asarray(rate, dtype=np.float64)[..., None]
    if schedule == "flat":
        flat: _Floats = np.broadcast_to(rates, (*rates.shape[:-1], years_arr.size)).copy()
        return flat
    bounds = np.array([end for end, _ in DECLINING_STEPS])
    falls = np.array([fall for _, fall in DECLINING_STEPS])
    fall = falls[np.searchsorted(bounds, years_arr, side="left")]
    declining: _Floats = np.maximum(rates - fall, 0.0)
    return declining


def discount_factors(
    periods: Sequence[int] | NDArray[np.int64], rate: ArrayLike, schedule: str = "flat"
) -> _Floats:
    """``1 / prod(1 + r_k)`` for k = 1..period: what 1 received after each period is worth now.

    ``rate`` may be an array (e.g. one rate per Monte Carlo sample); the
    result then has one row per rate.

    Examples
    --------
    >>> discount_factors([0, 1], [0.0, 0.1]).round(4).tolist()
    [[1.0, 1.0], [1.0, 0.9091]]
    """
    period_arr = np.asarray(periods, dtype=np.int64)
    last = int(period_arr.max(initial=0))
    yearly = rate_by_year(np.arange(1, last + 1), rate, schedule)
    log_growth = np.concatenate(
        [np.zeros((*yearly.shape[:-1], 1)), np.cumsum(np.log1p(yearly), axis=-1)], axis=-1
    )
    factors: _Floats = np.exp(-log_growth[..., period_arr])
    return factors


def convention_label(
    convention: str, rate: float, schedule: str = "flat", *, discount_investment: bool = True
) -> str:
    """The convention in words, for every output.

    Examples
    --------
    >>> convention_label("sroi", 0.035)
    'SROI value map (year 1 discounted once at 3.5%)'
    >>> convention_label("none", 0.035)
    'no discounting'
    >>> print(convention_label("sroi", 0.035, "declining", discount_investment=False))
    SROI value map (year 1 discounted once at 3.5%, declining as in the Green Book after
    year 30); investment not discounted
    """
    if convention == "none":
        return "no discounting"
    pct = f"{rate * 100:.4g}%"
    tail = ", declining as in the Green Book after year 30" if schedule == "declining" else ""
    if convention == "green-book":
        text = f"Green Book (year 0 undiscounted, then {pct} a year{tail})"
    else:
        text = f"SROI value map (year 1 discounted once at {pct}{tail})"
    return text if discount_investment else f"{text}; investment not discounted"
