"""Monitoring as rich tables, for people (``toc monitor`` without ``--json``).

Everything shown is read from the :class:`~toc.monitoring.progress.Monitoring`;
nothing is computed here.  Each indicator's latest reported period is shown, with its
status by the rule stated under the table.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from toc.monitoring.progress import RULE, Monitoring
from toc.terminal.richtext import shown

__all__ = ["monitoring_renderables"]

_STYLE = {"on track": "green", "behind": "yellow", "off track": "bold red"}


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.6g}"


def _indicators(m: Monitoring) -> Table:
    table = Table(title="Indicators (each at its latest reported period)", title_justify="left")
    for name in ("box", "indicator", "period", "baseline", "target", "actual", "progress"):
        table.add_column(name, justify="right" if name not in ("box", "indicator") else "left")
    table.add_column("status")
    for row in m.latest():
        progress = row.progress_text
        table.add_row(
            shown(row.label),
            shown(row.named),
            shown(row.period),
            _number(row.baseline),
            _number(row.target),
            _number(row.actual),
            progress,
            Text(row.status, style=_STYLE.get(row.status, "")),  # one of four fixed words
        )
    table.caption = shown(f"Rule: {RULE}.")
    return table


def _value(m: Monitoring) -> Table:
    years = f"{m.years[0]}-{m.years[-1]}" if len(m.years) > 1 else str(m.years[0])
    table = Table(
        title=f"Value to date, {years}, undiscounted ({m.currency})", title_justify="left"
    )
    for name in ("outcome", "counted by", "observed", "value to date", "forecast", "difference"):
        table.add_column(name, justify="left" if name in ("outcome", "counted by") else "right")
    for o in m.outcomes:
        observed = o.observed_text
        table.add_row(
            shown(o.label),
            shown(o.indicator),
            shown(observed),
            f"{o.value_to_date:,.0f}",
            f"{o.forecast_to_date:,.0f}",
            f"{o.difference:+,.0f}",
        )
    table.add_row(
        "total", "", "", f"{m.value_to_date:,.0f}", f"{m.forecast_to_date:,.0f}",
        f"{m.value_to_date - m.forecast_to_date:+,.0f}",
    )  # fmt: skip
    return table


def monitoring_renderables(m: Monitoring) -> list[RenderableType]:
    """The heading, the indicators table and, when an outcome is valued, value to date."""
    counts = ", ".join(f"{n} {s}" for s, n in sorted(m.counts.items()))
    parts: list[RenderableType] = [
        shown(
            f"{m.title}: {len(m.sources)} return(s), periods {', '.join(m.periods)}; "
            f"indicator-periods: {counts}"
        ),
        _indicators(m),
    ]
    if m.outcomes:
        parts.append(_value(m))
    return parts
