"""What a model says about money: valuation settings and per-outcome values.

These are plain pydantic schemas; the arithmetic lives beside them in
:mod:`toc.sroi`.  Missing fractions mean 0.

Examples
--------
>>> OutcomeValue(quantity=40, proxy=8000, deadweight=0.25).attribution
0.0
>>> Valuation().discount_rate
0.035
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Fraction", "OutcomeValue", "Valuation"]

Fraction = Annotated[float, Field(ge=0, le=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class OutcomeValue(_Strict):
    """The value-map row of one outcome: quantity, proxy and the four filters."""

    quantity: float = Field(ge=0)
    proxy: float
    proxy_name: str = ""
    proxy_source: str = ""
    proxy_year: int | None = None
    deadweight: Fraction = 0.0
    displacement: Fraction = 0.0
    attribution: Fraction = 0.0
    drop_off: Fraction = 0.0
    duration: int = Field(default=1, ge=1)
    start: Literal[1, 2] = 1


class Valuation(_Strict):
    """Model-level settings for the value map."""

    discount_rate: float = Field(default=0.035, ge=0, le=1)
    convention: Literal["sroi", "green-book", "none"] = "sroi"
    investment: float | None = Field(default=None, ge=0)
    currency: str = "GBP"
