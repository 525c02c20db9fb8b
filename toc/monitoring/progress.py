"""Monitoring: each indicator against its baseline and target, and value to date.

The rule for an indicator's status in period *k* of *n* (the periods of the return):

- ``progress = (actual - baseline) / (target - baseline)``: 0 at the baseline, 1 at the
  target, whichever way the target lies (a target below the baseline works alike);
- the target is for the last period, so the progress expected by period *k* is *k / n*;
- **on track** when progress >= expected; **behind** when progress >= 3/4 of expected;
  **off track** below that.  **no baseline** or **no target** when the indicator lacks
  one (or the target equals the baseline), **not reported** when the actual is empty.

An actual is the figure as it stands at the end of its period: a level (a rate, a
waiting list) or, for a count, the running total since the contract began.

Value to date: an outcome given a value is counted by the indicator its
``value.counted_by`` names (an outcome without one is not counted).  A year's observed
quantity is how far that indicator rose over the year: its last actual
reported in the year less the last one before it (the baseline, or 0 without one, before
the first); a fall counts as none.  The value to date is what the model's
own valuation gives those observed quantities (the same proxy, deadweight, attribution,
displacement or additionality; as observed, not compounded), and the forecast to date is
the model's own forecast for as many years (year 1 is the year of the first period),
undiscounted, so the two compare like with like.

Examples
--------
>>> status(progress=0.5, expected=0.5), status(progress=0.4, expected=0.5)
('on track', 'behind')
>>> status(progress=0.1, expected=0.5), status(progress=None, expected=0.5)
('off track', 'no target')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from toc.errors import ModelFileError, TocError
from toc.model import Indicator, LogicModel, Node
from toc.monitoring.periods import year_of
from toc.monitoring.returns import ProviderReturn, ReturnRow
from toc.sroi.valuemap import value_map

__all__ = [
    "BEHIND_SHARE",
    "RULE",
    "IndicatorPeriod",
    "Monitoring",
    "OutcomeToDate",
    "monitor",
    "status",
]

#: Progress at or above this share of the expected is "behind", below it "off track".
BEHIND_SHARE = 0.75
RULE = (
    "progress = (actual - baseline) / (target - baseline); expected by period k of n = k / n; "
    "on track: progress >= expected; behind: progress >= 3/4 of expected; off track: below"
)


def status(*, progress: float | None, expected: float, reported: bool = True) -> str:
    """The status for a progress and the progress expected (see the module's rule)."""
    if not reported:
        return "not reported"
    if progress is None:
        return "no target"
    if progress >= expected - 1e-12:
        return "on track"
    if progress >= BEHIND_SHARE * expected - 1e-12:
        return "behind"
    return "off track"


@dataclass(frozen=True)
class IndicatorPeriod:
    """One indicator in one period: the actual, where it lies, and what it means."""

    node: str
    label: str
    indicator: str
    unit: str
    period: str
    baseline: float | None
    target: float | None
    actual: float | None
    progress: float | None
    expected: float
    status: str
    source: str

    @property
    def named(self) -> str:
        """The indicator with its unit, e.g. ``Residents in work (people)``."""
        return f"{self.indicator} ({self.unit})" if self.unit else self.indicator

    @property
    def progress_text(self) -> str:
        """Progress against what was expected by now, e.g. ``20% of 25%`` (empty when it
        has none)."""
        return "" if self.progress is None else f"{self.progress:.0%} of {self.expected:.0%}"

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class OutcomeToDate:
    """A valued outcome's observed quantities by year, and its value to date vs forecast."""

    node: str
    label: str
    indicator: str
    observed: dict[int, float]
    value_to_date: float
    forecast_to_date: float

    @property
    def observed_text(self) -> str:
        """The observed quantities by year, e.g. ``2025: 20, 2026: 15``."""
        return ", ".join(f"{y}: {q:,.6g}" for y, q in self.observed.items()) or "none yet"

    @property
    def difference(self) -> float:
        """Value to date less the forecast for the same years."""
        return self.value_to_date - self.forecast_to_date

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "node": self.node,
            "label": self.label,
            "indicator": self.indicator,
            "observed": {str(y): q for y, q in self.observed.items()},
            "value_to_date": self.value_to_date,
            "forecast_to_date": self.forecast_to_date,
            "difference": self.difference,
        }


@dataclass(frozen=True)
class Monitoring:
    """Every indicator by period, the counts by status, and value to date."""

    title: str
    periods: tuple[str, ...]
    rows: tuple[IndicatorPeriod, ...]
    outcomes: tuple[OutcomeToDate, ...]
    years: tuple[int, ...]
    currency: str
    sources: tuple[str, ...]
    providers: tuple[dict[str, str], ...] = field(default=())

    @property
    def counts(self) -> dict[str, int]:
        """How many indicator-periods have each status."""
        found: dict[str, int] = defaultdict(int)
        for row in self.rows:
            found[row.status] += 1
        return dict(found)

    @property
    def value_to_date(self) -> float:
        """The value to date of every valued outcome."""
        return sum(o.value_to_date for o in self.outcomes)

    @property
    def forecast_to_date(self) -> float:
        """The model's forecast for the same years."""
        return sum(o.forecast_to_date for o in self.outcomes)

    def latest(self) -> list[IndicatorPeriod]:
        """Each indicator's last reported period (or its first, when none is reported)."""
        by_indicator: dict[tuple[str, str], IndicatorPeriod] = {}
        for row in self.rows:
            key = (row.node, row.indicator)
            if row.actual is not None or key not in by_indicator:
                by_indicator[key] = row
        return list(by_indicator.values())

    def to_json(self) -> dict[str, Any]:
        """The contract of ``toc monitor --json``."""
        return {
            "title": self.title,
            "periods": list(self.periods),
            "rule": RULE,
            "counts": self.counts,
            "indicators": [r.as_dict() for r in self.rows],
            "value": {
                "currency": self.currency,
                "years": list(self.years),
                "value_to_date": self.value_to_date,
                "forecast_to_date": self.forecast_to_date,
                "difference": self.value_to_date - self.forecast_to_date,
                "outcomes": [o.as_dict() for o in self.outcomes],
            },
            "returns": list(self.sources),
            "providers": list(self.providers),
        }


def _merged(
    returns: Sequence[ProviderReturn],
) -> tuple[list[str], dict[tuple[str, str, str], ReturnRow]]:
    """The periods in order, and each indicator-period's row; a value given differently in
    two returns is an error naming both."""
    periods: list[str] = []
    rows: dict[tuple[str, str, str], tuple[ReturnRow, str]] = {}
    for given in returns:
        periods += [p for p in given.periods if p not in periods]
        for row in given.rows:
            key = (row.node, row.indicator, row.period)
            before = rows.get(key)
            if before is None or before[0].actual is None:
                rows[key] = (row, given.source)
            elif row.actual is not None and row.actual != before[0].actual:
                raise ModelFileError(
                    f"{row.indicator!r} of {row.node!r} in {row.period} is {row.actual:g} here "
                    f"(sheet Return, row {row.row}) but {before[0].actual:g} in {before[1]} (row "
                    f"{before[0].row}): correct one of the returns",
                    path=given.source,
                )
    first_seen = {p: i for i, p in enumerate(periods)}
    periods.sort(key=lambda p: (year_of(p), first_seen[p]))
    return periods, {k: r for k, (r, _) in rows.items()}


def _progress(actual: float | None, baseline: float | None, target: float | None) -> float | None:
    if actual is None or baseline is None or target is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def monitor(model: LogicModel, returns: Sequence[ProviderReturn]) -> Monitoring:
    """Each indicator against baseline and target by period, and value to date vs forecast.

    Raises
    ------
    toc.errors.TocError
        If no return is given, or two returns give one indicator-period different actuals.
    """
    if not returns:
        raise TocError("no return given: name the providers' filled-in return workbooks")
    periods, given = _merged(returns)
    n = len(periods)
    rows: list[IndicatorPeriod] = []
    for node in model.nodes:
        for indicator in node.indicators:
            for k, period in enumerate(periods, start=1):
                row = given.get((node.id, indicator.name, period))
                actual = row.actual if row is not None else None
                progress = _progress(actual, indicator.baseline, indicator.target)
                rows.append(
                    IndicatorPeriod(
                        node=node.id,
                        label=node.label,
                        indicator=indicator.name,
                        unit=indicator.unit,
                        period=period,
                        baseline=indicator.baseline,
                        target=indicator.target,
                        actual=actual,
                        progress=progress,
                        expected=k / n,
                        status=_status(
                            actual, indicator.baseline, indicator.target, progress, k / n
                        ),
                        source=row.data_source if row is not None else "",
                    )
                )
    observed = _observed(model, rows)
    outcomes, years = _to_date(model, observed, year_of(periods[0]))
    currency = model.valuation.currency if model.valuation is not None else "GBP"
    return Monitoring(
        title=model.title,
        periods=tuple(periods),
        rows=tuple(rows),
        outcomes=outcomes,
        years=years,
        currency=currency,
        sources=tuple(r.source for r in returns),
        providers=tuple(r.provider for r in returns),
    )


def _status(
    actual: float | None,
    baseline: float | None,
    target: float | None,
    progress: float | None,
    expected: float,
) -> str:
    if actual is not None and progress is None:  # say what is missing: "you need a baseline"
        if target is None or target == baseline:
            return "no target"
        return "no baseline"
    return status(progress=progress, expected=expected, reported=actual is not None)


def _counting(node: Node) -> Indicator | None:
    """The indicator that counts a valued outcome (its ``value.counted_by``), if named."""
    if node.value is None or node.value.counted_by is None or not node.stage.is_result:
        return None
    return next((i for i in node.indicators if i.name == node.value.counted_by), None)


def _observed(model: LogicModel, rows: Sequence[IndicatorPeriod]) -> dict[str, dict[int, float]]:
    """For each valued outcome, how far its first indicator rose in each calendar year."""
    found: dict[str, dict[int, float]] = {}
    for node in model.nodes:
        first = _counting(node)
        if first is None:
            continue
        level = first.baseline or 0.0
        by_year: dict[int, float] = {}
        for row in rows:  # in period order
            if row.node == node.id and row.indicator == first.name and row.actual is not None:
                year = year_of(row.period)
                by_year[year] = by_year.get(year, 0.0) + max(row.actual - level, 0.0)
                level = max(level, row.actual)
        found[node.id] = dict(sorted(by_year.items()))
    return found


def _to_date(
    model: LogicModel, observed: dict[str, dict[int, float]], first_year: int
) -> tuple[tuple[OutcomeToDate, ...], tuple[int, ...]]:
    """Value to date (the observed quantities valued as the model values them) and the
    forecast for as many years, both undiscounted."""
    if not observed:
        return (), ()
    last = max((max(y) for y in observed.values() if y), default=first_year)
    years = tuple(range(first_year, last + 1))
    forecast = {row.id: row for row in value_map(model, convention="none").outcomes}
    seen = {}
    if any(q > 0 for years_seen in observed.values() for q in years_seen.values()):
        looked_back = value_map(_as_observed(model, observed), convention="none")
        seen = {row.id: row for row in looked_back.outcomes}
    found = []
    for node in model.nodes:
        if node.id not in observed:
            continue
        row = forecast.get(node.id)
        ahead = sum(row.values[: len(years)]) if row is not None else 0.0
        done = seen.get(node.id)
        found.append(
            OutcomeToDate(
                node=node.id,
                label=node.label,
                indicator=(node.value.counted_by if node.value is not None else None) or "",
                observed=observed[node.id],
                value_to_date=sum(done.values) if done is not None else 0.0,
                forecast_to_date=ahead,
            )
        )
    return tuple(found), years


def _as_observed(model: LogicModel, observed: dict[str, dict[int, float]]) -> LogicModel:
    """The model in evaluative mode with the observed quantities, nothing compounded: each
    valued outcome keeps its proxy and its deadweight, attribution, displacement or
    additionality; what only forecasts (drop-off, duration, start, ranges) is set aside."""
    nodes = []
    for node in model.nodes:
        if node.value is not None and node.stage.is_result:
            seen = {y: q for y, q in observed.get(node.id, {}).items() if q > 0}
            value = node.value.model_copy(
                update={
                    "observed": seen,
                    "quantity": sum(seen.values()),
                    "drop_off": 0.0,
                    "duration": 1,
                    "start": 1,
                    "ranges": {},
                }
            )
            # nothing observed yet: no value to date (evaluative mode values only what was seen)
            node = node.model_copy(update={"value": value if seen else None})
        nodes.append(node)
    valuation = model.valuation
    settings: dict[str, Any] = {
        "mode": "evaluative",
        "convention": "none",
        "final_year": None,
        "compound_rates": {},
        "investment_by_year": None,
        "schedule": "flat",
    }
    updated = valuation.model_copy(update=settings) if valuation is not None else None
    return model.model_copy(update={"nodes": nodes, "valuation": updated})
