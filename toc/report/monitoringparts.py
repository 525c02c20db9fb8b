"""The report pack's monitoring section: providers' returns read against the model.

Only when returns are given (``toc report ... --returns RETURN.xlsx``).  Every figure
comes from :class:`toc.monitoring.Monitoring`, as ``toc monitor`` prints it.
"""

from __future__ import annotations

from toc.monitoring import RULE, Monitoring
from toc.report.pack import Paragraph, Section, Table

__all__ = ["monitoring_section"]


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:,.6g}"


def _indicators(report: Monitoring) -> Table:
    rows = [
        (
            r.status,
            r.label,
            r.named,
            r.period,
            _figure(r.baseline),
            _figure(r.target),
            _figure(r.actual),
            r.progress_text,
        )
        for r in report.latest()
    ]
    header = ("status", "box", "indicator", "period", "baseline", "target", "actual", "progress")
    return Table(
        "Indicators at their latest reported period", header, rows, (False,) * 4 + (True,) * 4
    )


def _value(report: Monitoring) -> Table:
    rows = [
        (
            o.label,
            o.indicator,
            o.observed_text,
            f"{o.value_to_date:,.0f}",
            f"{o.forecast_to_date:,.0f}",
            f"{o.difference:+,.0f}",
        )
        for o in report.outcomes
    ]
    rows.append(
        (
            "total",
            "",
            "",
            f"{report.value_to_date:,.0f}",
            f"{report.forecast_to_date:,.0f}",
            f"{report.value_to_date - report.forecast_to_date:+,.0f}",
        )
    )
    years = ", ".join(str(y) for y in report.years)
    header = ("outcome", "counted by", "observed", "value to date", "forecast", "difference")
    return Table(
        f"Value to date against the forecast ({years}; undiscounted, {report.currency})",
        header,
        rows,
        (False,) * 3 + (True,) * 3,
    )


def monitoring_section(report: Monitoring) -> Section:
    """What the providers' returns say: each indicator's status, and value to date."""
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts.items()))
    blocks: list[Paragraph | Table] = [
        Paragraph(
            f"From {len(report.sources)} provider return(s) for the periods "
            f"{', '.join(report.periods)}. Indicator-periods: {counts}."
        ),
        Paragraph(f"The rule: {RULE}."),
        _indicators(report),
    ]
    if report.outcomes:
        blocks += [
            Paragraph(
                "An outcome given a value is counted by the indicator its value names: how far "
                "that indicator rose in a year is the year's observed quantity, valued as the "
                "model values the outcome, against the model's own forecast for as many years."
            ),
            _value(report),
        ]
    return Section("Monitoring", blocks)
