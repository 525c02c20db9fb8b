"""What a model says about money: valuation settings and per-outcome values.

These are plain pydantic schemas; the arithmetic lives beside them in
:mod:`toc.sroi`.  Missing fractions mean 0.  An outcome is valued by one of
three methods: the SROI filters (deadweight, displacement, attribution), one
stated ``net_multiplier`` that replaces them, or the HCA ``additionality``
formula against a reference case.

Examples
--------
>>> OutcomeValue(quantity=40, proxy=8000, deadweight=0.25).attribution
0.0
>>> OutcomeValue(quantity=40, proxy=8000, net_multiplier=0.54).method
'net multiplier'
>>> Valuation().discount_rate
0.035
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from toc.model.base import Strict

__all__ = [
    "BANDS",
    "FILTERS",
    "JUDGEMENTS",
    "Additionality",
    "Fraction",
    "JudgementRange",
    "OutcomeValue",
    "Valuation",
]

Fraction = Annotated[float, Field(ge=0, le=1)]
Money = Annotated[float, Field(ge=0)]

#: The three SROI filters that the UK guide multiplies into the impact.
FILTERS = ("deadweight", "displacement", "attribution")
#: Every judgement an outcome row rests on, in value-map column order.
JUDGEMENTS = ("quantity", "proxy", *FILTERS, "drop_off", "duration")
#: The workshop bands a vote can fall in: 0%, 25%, 50%, 75% and 100%.
BANDS = (0.0, 0.25, 0.5, 0.75, 1.0)

Judgement = Literal[
    "quantity", "proxy", "deadweight", "displacement", "attribution", "drop_off", "duration"
]


class JudgementRange(Strict):
    """How unsure a judgement is, for Monte Carlo sensitivity.

    Either ``low`` and ``high`` (every value between equally likely) or
    ``votes``: how many workshop participants chose each band of
    0/25/50/75/100% (each vote equally likely), e.g. ``[0, 3, 5, 1, 0]``.

    Examples
    --------
    >>> JudgementRange(votes=[0, 3, 5, 1, 0]).votes
    [0, 3, 5, 1, 0]
    >>> JudgementRange(low=0.5, high=0.2)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for JudgementRange
      Value error, low (0.5) must not be above high (0.2): swap them ...
    """

    low: float | None = None
    high: float | None = None
    votes: list[Annotated[int, Field(ge=0)]] | None = Field(
        default=None, min_length=5, max_length=5
    )

    @model_validator(mode="after")
    def _one_kind(self) -> JudgementRange:
        bounds = self.low is not None and self.high is not None
        if self.votes is None and not bounds:
            raise ValueError("give both 'low' and 'high', or 'votes' for the five bands")
        if self.votes is not None and (self.low is not None or self.high is not None):
            raise ValueError("give 'low' and 'high', or 'votes', not both")
        if self.votes is not None and sum(self.votes) == 0:
            raise ValueError("'votes' are all 0: record at least one vote")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) must not be above high ({self.high}): swap them")
        return self


class Additionality(Strict):
    """The HCA Additionality Guide's gross-to-net adjustment for one outcome.

    ``AI = GI(1-L)(1-Dp)(1-S)M - GI*(1-L*)(1-Dp*)(1-S*)M*`` where the gross
    impact ``GI`` is quantity x proxy and the reference case (what would have
    happened anyway) ``GI*`` is ``reference_quantity`` x proxy.
    """

    leakage: Fraction = 0.0
    displacement: Fraction = 0.0
    substitution: Fraction = 0.0
    multiplier: float = Field(default=1.0, ge=0)
    reference_quantity: float = Field(default=0.0, ge=0)
    reference_leakage: Fraction = 0.0
    reference_displacement: Fraction = 0.0
    reference_substitution: Fraction = 0.0
    reference_multiplier: float = Field(default=1.0, ge=0)

    @property
    def gross_factor(self) -> float:
        """``(1-L)(1-Dp)(1-S)M``: the share of the gross impact that is net.

        Examples
        --------
        >>> Additionality(leakage=0.1, multiplier=1.2).gross_factor
        1.08
        """
        kept = (1 - self.leakage) * (1 - self.displacement) * (1 - self.substitution)
        return round(kept * self.multiplier, 12)

    @property
    def reference_net_quantity(self) -> float:
        """``Q*(1-L*)(1-Dp*)(1-S*)M*``: the reference case, net, in units."""
        kept = (1 - self.reference_leakage) * (1 - self.reference_displacement)
        kept *= 1 - self.reference_substitution
        return self.reference_quantity * kept * self.reference_multiplier


class OutcomeValue(Strict):
    """The value-map row of one outcome: quantity, proxy and the four filters.

    ``proxy`` is the value of one unit for one year, negative for a harm.
    ``start`` is 1 when the outcome begins during the activity, 2 when after.
    In evaluative mode ``observed`` holds the quantity seen in each year.
    """

    quantity: float = Field(ge=0)
    proxy: float
    proxy_name: str = ""
    proxy_code: str = ""
    proxy_source: str = ""
    proxy_year: int | None = None
    deadweight: Fraction = 0.0
    displacement: Fraction = 0.0
    attribution: Fraction = 0.0
    drop_off: Fraction = 0.0
    duration: int = Field(default=1, ge=1, le=1000)
    start: Literal[1, 2] = 1
    net_multiplier: Fraction | None = None
    additionality: Additionality | None = None
    observed: dict[int, Annotated[float, Field(ge=0)]] | None = None
    ranges: dict[Judgement, JudgementRange] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_method(self) -> OutcomeValue:
        filters = [name for name in FILTERS if getattr(self, name)]
        if self.net_multiplier is not None and self.additionality is not None:
            raise ValueError(
                "give 'net_multiplier' or 'additionality', not both: they are two methods"
            )
        if filters and self.method != "filters":
            raise ValueError(
                f"{filters[0]} is {getattr(self, filters[0])}, but this outcome uses the "
                f"{self.method} method, which replaces deadweight, displacement and "
                f"attribution: remove {', '.join(filters)} or remove the {self.method}"
            )
        for name, spread in self.ranges.items():
            _check_range(name, spread, self.method)
        return self

    @property
    def method(self) -> str:
        """How the gross value becomes the impact: ``filters``, ``net multiplier``
        or ``HCA additionality``."""
        if self.additionality is not None:
            return "HCA additionality"
        return "filters" if self.net_multiplier is None else "net multiplier"


_FRACTIONS = (*FILTERS, "drop_off")


def _check_range(name: str, spread: JudgementRange, method: str) -> None:
    if name in FILTERS and method != "filters":
        raise ValueError(
            f"ranges.{name}: this outcome uses the {method} method, so {name} "
            "is not a judgement here: remove the range"
        )
    if spread.votes is not None and name not in _FRACTIONS:
        raise ValueError(
            f"ranges.{name}: votes are for the 0/25/50/75/100% bands of a fraction: "
            f"give {name} a 'low' and a 'high' instead"
        )
    bounds = (spread.low or 0.0, spread.high or 0.0)
    if name in _FRACTIONS and not all(0 <= b <= 1 for b in bounds):
        raise ValueError(
            f"ranges.{name}: low and high must be fractions within [0, 1], got "
            f"{spread.low} and {spread.high}: 25% is 0.25"
        )
    if name in ("quantity", "duration") and min(bounds) < (1 if name == "duration" else 0):
        raise ValueError(f"ranges.{name}: low must not be below {int(name == 'duration')}")


class Valuation(Strict):
    """Model-level settings for the value map.

    ``investment`` is the value of the inputs; left out, it is the sum of the
    input nodes' costs.  ``investment_by_year`` spreads it: year 0 is paid now
    and year *t* is discounted *t* times (unless ``discount_investment`` is
    false).  ``schedule: declining`` applies the Green Book's long-term steps.
    In ``evaluative`` mode, observed values are compounded forward to
    ``final_year`` at ``compound_rates`` (by year; default ``discount_rate``).
    """

    discount_rate: float = Field(default=0.035, ge=0, le=1)
    convention: Literal["sroi", "green-book", "none"] = "sroi"
    schedule: Literal["flat", "declining"] = "flat"
    investment: Money | None = None
    investment_by_year: dict[Annotated[int, Field(ge=0)], Money] | None = None
    discount_investment: bool = True
    currency: str = "GBP"
    mode: Literal["forecast", "evaluative"] = "forecast"
    final_year: int | None = None
    compound_rates: dict[int, Annotated[float, Field(ge=-1, le=1)]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_investment(self) -> Valuation:
        if self.investment is not None and self.investment_by_year is not None:
            raise ValueError(
                "give 'investment' or 'investment_by_year', not both: "
                "the total is the sum of the years"
            )
        return self
