"""The value map year by year: each year's value, its factor, and its part of the ratio.

In a forecast the factor discounts (by the convention); in evaluative mode
it compounds a calendar year's observed value forward to the final year.
Each year's present value is its value times its factor, and its ratio is
that present value over the whole investment, so the years' ratios add up
to the value map's ratio.  Factors are stated rounded to
:data:`FACTOR_DIGITS` decimals; the sums use them unrounded.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> from toc.sroi.valuemap import value_map
>>> [(row.year, row.factor, round(row.present_value), round(row.ratio or 0, 2))
...  for row in value_map(load_model("models/sroi-worked-example.yaml")).by_year]
[(1, 0.966184, 212077, 0.85), (2, 0.933511, 155514, 0.62), (3, 0.901943, 99748, 0.4)]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from toc.sroi.figures import ratio_of

__all__ = ["FACTOR_DIGITS", "YearRow", "year_rows"]

#: Decimals a stated discount or compounding factor is rounded to.
FACTOR_DIGITS = 6


@dataclass(frozen=True)
class YearRow:
    """One year of the value map, all outcomes together."""

    year: int
    value: float
    factor: float
    present_value: float
    ratio: float | None

    def as_dict(self) -> dict[str, Any]:
        """The year as plain data."""
        return asdict(self)


def year_rows(
    years: NDArray[np.int64],
    values: NDArray[np.float64],
    weights: NDArray[np.float64],
    investment: float,
) -> tuple[YearRow, ...]:
    """One row per year from the yearly totals and the factors for those years."""
    return tuple(
        YearRow(
            int(year),
            float(value),
            round(float(weight), FACTOR_DIGITS),
            float(value * weight),
            ratio_of(float(value * weight), investment),
        )
        for year, value, weight in zip(years.tolist(), values, weights, strict=True)
    )
