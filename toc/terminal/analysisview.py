"""The analysis as rich tables, for people (``toc analyse`` without ``--json``).

Everything shown is read from the :class:`~toc.analysis.results.Analysis` that
:func:`toc.analysis.results.analysis` returns; nothing is computed here.

Examples
--------
>>> from rich.console import Console
>>> from toc.model import LogicModel
>>> from toc.analysis.results import analysis
>>> m = LogicModel.model_validate({"title": "t",
...     "nodes": [{"id": "a", "label": "Mentoring", "stage": "activity"},
...               {"id": "o", "label": "In work", "stage": "outcome", "priority": 1}],
...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
>>> console = Console(width=100, record=True)
>>> for part in report_renderables(analysis(m)):
...     console.print(part)
Priorities from nodes...
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from toc.analysis.results import Analysis
from toc.terminal.richtext import shown

__all__ = ["report_renderables"]


def _number(value: float | None, places: int = 3) -> str:
    return "" if value is None else f"{value:,.{places}f}"


def _priorities(report: Analysis) -> Text:
    top = list(report.priorities.items())[:8]
    weights = ", ".join(f"{o} {w:.0%}" for o, w in top)
    more = len(report.priorities) - len(top)
    ignored = report.priority_sources_ignored
    return shown(
        f"Priorities from {report.priority_source}: {weights}"
        + (f" (+{more} more)" if more > 0 else "")
        + (f"; the model also holds {', '.join(ignored)}, not used here" if ignored else "")
        + ("; every priority is 0, so nothing scores" if not report.priorities else "")
    )


def _drivers(report: Analysis) -> Table:
    table = Table(title="Drivers: activities by priority-weighted influence", title_justify="left")
    for name in ("#", "activity", "score", "gain", "loss", "cost", "score per 100k"):
        table.add_column(name, justify="left" if name == "activity" else "right")
    for rank, d in enumerate(report.drivers, 1):
        table.add_row(
            str(rank),
            shown(f"{d.label} ({d.id})"),
            _number(d.score),
            _number(d.gain),
            _number(d.loss),
            _number(d.cost, 0),
            _number(d.score_per_100k),
        )
    return table


def _pathways(report: Analysis, drivers: int = 3) -> Table:
    table = Table(title="Why: the pathways that contribute most", title_justify="left")
    table.add_column("pathway: weights multiplied, times the priority reached", ratio=1)
    table.add_column("contribution", justify="right", no_wrap=True)
    for d in report.drivers[:drivers]:
        for p in report.pathways.get(d.id, []):
            table.add_row(shown(p.text.rsplit(" = ", 1)[0]), _number(p.contribution))
    return table


def _lines(report: Analysis) -> Text:
    trade, gaps = report.trade_offs, report.gaps
    lines = [
        f"Trade-offs: {len(trade.mixed)} activities with material gains and losses; "
        f"{len(trade.opposed)} pairs of priorities pulled apart; "
        f"{trade.cross_department_links_count} negative links across departments.",
        "Gaps: "
        + ", ".join(
            [
                f"{len(gaps.weak_outcomes)} priority outcomes weakly or not supported",
                f"{len(gaps.idle_activities)} activities reaching no priority",
                f"{len(gaps.redundant_metrics)} redundant metrics",
            ]
        )
        + ".",
    ]
    for s in gaps.weak_outcomes[:5]:
        lines.append(f"  {s.id}: support {s.support:.3f} ({s.status})")
    if gaps.idle_activities:
        lines.append("  decommissioning candidates: " + ", ".join(gaps.idle_activities[:10]))
    return shown("\n".join(lines))


def _departments(report: Analysis) -> Table | None:
    matrix = report.departments.contribution
    if len(matrix) < 2:
        return None
    columns = sorted({d for row in matrix.values() for d in row})
    table = Table(title="Whose activities drive whose priority outcomes", title_justify="left")
    table.add_column("activities of")
    for name in columns:
        table.add_column(shown(name), justify="right")
    for name, row in matrix.items():
        table.add_row(shown(name), *(_number(row.get(c)) for c in columns))
    return table


def _what_if(report: Analysis) -> Table | None:
    w = report.what_if
    if w is None:
        return None
    changed = ", ".join(f"{k} x{v:g}" for k, v in w.scaled.items())
    table = Table(title=shown(f"What if: {changed}"), title_justify="left")
    for name in ("priority outcome", "priority", "before", "after", "change"):
        table.add_column(name, justify="left" if name == "priority outcome" else "right")
    for o in w.outcomes:
        table.add_row(
            shown(o.id),
            _number(o.priority),
            _number(o.before),
            _number(o.after),
            _number(o.change),
        )
    table.add_row(
        "total (weighted)",
        "",
        _number(w.total_before),
        _number(w.total_after),
        _number(w.total_after - w.total_before),
    )
    return table


def _sensitivity(report: Analysis) -> Table | None:
    s = report.sensitivity
    if s is None:
        return None
    table = Table(title=f"Sensitivity: {s.samples} samples (seed {s.seed})", title_justify="left")
    ranked = s.ranks_anything
    names = (
        "activity",
        "score",
        "5%",
        "median",
        "95%",
        *((f"P(top {s.top_k})",) if ranked else ()),
    )
    for name in names:
        table.add_column(name, justify="left" if name == "activity" else "right")
    if not ranked:
        table.caption = (
            f"No P(top {s.top_k}): the model has {s.activities} activities, so every one is "
            f"in the top {s.top_k} in every sample; ask for a smaller --top-k"
        )
    for r in s.rows:
        table.add_row(
            shown(r.id),
            _number(r.score),
            _number(r.low),
            _number(r.median),
            _number(r.high),
            *((f"{r.in_top_k:.0%}",) if r.in_top_k is not None else ()),
        )
    return table


def report_renderables(report: Analysis) -> list[RenderableType]:
    """The tables and lines to print, in reading order."""
    parts: list[RenderableType | None] = [
        _priorities(report),
        _drivers(report),
        _pathways(report),
        _lines(report),
        _departments(report),
        _what_if(report),
        _sensitivity(report),
    ]
    return [p for p in parts if p is not None]
