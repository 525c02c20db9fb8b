"""What a model says about money: valuation settings and per-outcome values.

These are plain pydantic schemas; the arithmetic lives beside them in
:mod:`toc.sroi`.  Missing fractions mean 0.  An outcome is valued by one of
three methods: the SROI filters (deadweight, displacement, attribution), one
stated ``net_multiplier`` that replaces them, or the HCA ``additionality``
formula against a reference case.

Every number is bounded, so no computation on a valid model overflows:
amounts (quantities, proxies, investment) are finite and at most
:data:`LARGEST` in size, counts of years at most :data:`MAX_YEARS`, calendar
years within 0 to :data:`LAST_YEAR`.

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

from collections.abc import Iterable, Sequence
from typing import Annotated, Literal, Protocol

from pydantic import Field, model_validator

from toc.errors import Problem
from toc.model.base import Id, Strict

__all__ = [
    "BANDS",
    "FILTERS",
    "JUDGEMENTS",
    "LARGEST",
    "LAST_YEAR",
    "MAX_YEARS",
    "Additionality",
    "Fraction",
    "JudgementRange",
    "OutcomeValue",
    "Valuation",
    "stakeholder_problems",
]

#: The largest amount (quantity, proxy, investment) a value map takes, in size.
LARGEST = 1e12
#: The most years an outcome lasts, starts after, or an investment is spread over.
MAX_YEARS = 1000
#: The last calendar year (observed values, final year, compounding rates).
LAST_YEAR = 9999
#: The most workshop votes one band can hold.
MAX_VOTES = 1_000_000

Fraction = Annotated[float, Field(ge=0, le=1)]
Money = Annotated[float, Field(ge=0, le=LARGEST)]
Amount = Annotated[float, Field(ge=-LARGEST, le=LARGEST)]
Years = Annotated[int, Field(ge=1, le=MAX_YEARS)]
CalendarYear = Annotated[int, Field(ge=0, le=LAST_YEAR)]
Multiplier = Annotated[float, Field(ge=0, le=100)]

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

    low: Amount | None = None
    high: Amount | None = None
    votes: list[Annotated[int, Field(ge=0, le=MAX_VOTES)]] | None = Field(
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
    multiplier: Multiplier = 1.0
    reference_quantity: Money = 0.0
    reference_leakage: Fraction = 0.0
    reference_displacement: Fraction = 0.0
    reference_substitution: Fraction = 0.0
    reference_multiplier: Multiplier = 1.0

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
    ``start`` is the year the outcome begins: 1 during the activity, 2 the
    year after, or later (e.g. 4 after a three-year programme); drop-off
    applies from that year.  ``stakeholder`` names the stakeholder group that
    experiences the outcome.  In evaluative mode ``observed`` holds the
    quantity seen in each calendar year, and ``quantity`` is either 0 or
    their total (see :mod:`toc.sroi.basis`).  ``counted_by`` names the node's
    indicator whose rise in providers' returns counts the outcome
    (:mod:`toc.monitoring`).

    Examples
    --------
    >>> OutcomeValue(quantity=10, proxy=5, start=4, duration=3).start
    4
    >>> OutcomeValue(quantity=1e13, proxy=5)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for OutcomeValue
    quantity
      Input should be less than or equal to 1000000000000 ...
    """

    quantity: Money
    proxy: Amount
    proxy_name: str = ""
    proxy_code: str = ""
    proxy_source: str = ""
    proxy_year: CalendarYear | None = None
    stakeholder: Id | None = None
    deadweight: Fraction = 0.0
    displacement: Fraction = 0.0
    attribution: Fraction = 0.0
    drop_off: Fraction = 0.0
    duration: Years = 1
    start: Years = 1
    net_multiplier: Fraction | None = None
    additionality: Additionality | None = None
    observed: dict[CalendarYear, Money] | None = None
    ranges: dict[Judgement, JudgementRange] = Field(default_factory=dict)
    counted_by: str | None = Field(default=None, min_length=1)

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
    if name == "quantity" and min(bounds) < 0:
        raise ValueError(f"ranges.quantity: low must be from 0 to {LARGEST:,.0f}")
    if name == "duration" and not all(1 <= b <= MAX_YEARS for b in bounds):
        raise ValueError(
            f"ranges.duration: low and high must be from 1 to {MAX_YEARS} years, got "
            f"{spread.low} and {spread.high}"
        )


class Valuation(Strict):
    """Model-level settings for the value map.

    ``investment`` is the value of the inputs; left out, it is the sum of the
    input nodes' costs.  ``investment_by_year`` spreads it: in a forecast,
    year 0 is paid now and year *t* (up to :data:`MAX_YEARS`) is discounted
    *t* times (unless ``discount_investment`` is false); in evaluative mode
    its keys are calendar years, compounded like the observed values.
    ``schedule: declining`` applies the Green Book's long-term steps.  In
    ``evaluative`` mode, observed values are compounded forward to
    ``final_year`` at ``compound_rates`` (by year; default ``discount_rate``).
    ``ratio_digits`` is how many decimals a printed ratio has (0 prints
    ``6 : 1`` for 5.62).

    Examples
    --------
    >>> Valuation(investment_by_year={5000: 1000})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Valuation
      Value error, investment_by_year: year 5000 is outside 0 to 1000: in a forecast, ...
    """

    discount_rate: float = Field(default=0.035, ge=0, le=1)
    convention: Literal["sroi", "green-book", "none"] = "sroi"
    schedule: Literal["flat", "declining"] = "flat"
    investment: Money | None = None
    investment_by_year: dict[CalendarYear, Money] | None = None
    discount_investment: bool = True
    currency: str = "GBP"
    mode: Literal["forecast", "evaluative"] = "forecast"
    final_year: CalendarYear | None = None
    compound_rates: dict[CalendarYear, Annotated[float, Field(ge=-1, le=1)]] = Field(
        default_factory=dict
    )
    ratio_digits: int = Field(default=2, ge=0, le=6)

    @model_validator(mode="after")
    def _one_investment(self) -> Valuation:
        if self.investment is not None and self.investment_by_year is not None:
            raise ValueError(
                "give 'investment' or 'investment_by_year', not both: "
                "the total is the sum of the years"
            )
        late = [y for y in self.investment_by_year or {} if y > MAX_YEARS]
        if late and self.mode == "forecast":
            raise ValueError(
                f"investment_by_year: year {late[0]} is outside 0 to {MAX_YEARS}: in a "
                "forecast, years count from 0 (now); calendar years are for mode: evaluative"
            )
        return self


class _Valued(Protocol):
    """A node as :func:`stakeholder_problems` sees it."""

    @property
    def id(self) -> str: ...
    @property
    def value(self) -> OutcomeValue | None: ...


def stakeholder_problems(nodes: Sequence[_Valued], declared: Iterable[str]) -> list[Problem]:
    """Every ``value.stakeholder`` that names no declared stakeholder group.

    For :func:`toc.model.rules.structure_problems`, which knows the groups.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> jobs = SimpleNamespace(id="jobs", value=OutcomeValue(quantity=1, proxy=1,
    ...                                                      stakeholder="youth"))
    >>> print(stakeholder_problems([jobs], ["parents"])[0].message)
    node 'jobs' value.stakeholder names 'youth', which is not a declared stakeholder group (declared: parents): add it under 'stakeholders' or fix the id
    """
    groups = set(declared)
    known = ", ".join(sorted(groups)) or "none yet"
    return [
        Problem(
            f"node {node.id!r} value.stakeholder names {node.value.stakeholder!r}, which is "
            f"not a declared stakeholder group (declared: {known}): add it under "
            "'stakeholders' or fix the id",
            ("nodes", index, "value", "stakeholder"),
        )
        for index, node in enumerate(nodes)
        if node.value is not None
        and node.value.stakeholder is not None
        and node.value.stakeholder not in groups
    ]
