"""The portfolio as rich tables, for people (``toc portfolio`` without ``--json``).

Everything shown is read from the :class:`~toc.organisation.portfolio.Portfolio`
(and the :class:`~toc.organisation.redesign.Redesign`, when asked for); nothing
is computed here.  Long lists are cut to :data:`SHOWN` rows, saying how many more.

Examples
--------
>>> from rich.console import Console
>>> from toc.model import LogicModel
>>> from toc.organisation import Framework, portfolio
>>> fw = Framework(title="City", scheme="council",
...     outcomes=[{"code": "O1", "label": "Work"}, {"code": "O2", "label": "Health"}])
>>> m = LogicModel.model_validate({"title": "Jobs",
...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
...               {"id": "o", "label": "O", "stage": "outcome", "frameworks": ["council:O1"]}],
...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
>>> console = Console(width=100, record=True)
>>> for part in portfolio_renderables(portfolio(fw, [m])):
...     console.print(part)
City: 1 service mapped to 2 corporate outcomes (scheme council); priorities from equal...
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from toc.organisation.portfolio import Portfolio
from toc.organisation.redesign import Redesign
from toc.terminal.richtext import shown

__all__ = ["SHOWN", "portfolio_renderables"]

#: Rows shown in a long table; ``--json`` has them all.
SHOWN = 20


def _number(value: float | None, places: int = 3) -> str:
    return "" if value is None else f"{value:,.{places}f}"


def _more(table: Table, count: int) -> None:
    if count > SHOWN:
        table.caption = f"... and {count - SHOWN} more (all of them in --json)"


def _heading(p: Portfolio) -> Text:
    count = len(p.figures)
    return shown(
        f"{p.framework.title}: {count} service{'' if count == 1 else 's'} mapped to "
        f"{len(p.outcomes)} corporate outcomes (scheme {p.framework.scheme}); "
        f"priorities from {p.priorities.source}"
        + ("; every priority is 0, so nothing scores" if not p.priorities.weights else "")
    )


def _outcomes(p: Portfolio) -> Table:
    lead = {o.code: o.department or "" for o in p.framework.outcomes}
    table = Table(title="Corporate outcomes: support from every service", title_justify="left")
    for name in ("code", "outcome", "lead", "priority", "support", "services"):
        table.add_column(
            name, justify="right" if name in ("priority", "support", "services") else "left"
        )
    for o in p.outcomes:
        table.add_row(
            shown(o.code),
            shown(o.label),
            shown(lead[o.code]),
            _number(o.priority),
            _number(o.support) if o.contributors else "gap",
            str(len(o.contributors)),
        )
    return table


def _services(p: Portfolio) -> Table:
    table = Table(title="Services by corporate score", title_justify="left")
    for name in ("#", "service", "score", "cost", "score per 100k"):
        table.add_column(name, justify="left" if name == "service" else "right")
    for rank, s in enumerate(p.services[:SHOWN], 1):
        per = s.score / s.cost * 100_000 if s.cost else None
        table.add_row(str(rank), shown(s.model), _number(s.score), _number(s.cost, 0), _number(per))
    _more(table, len(p.services))
    return table


def _matrix(p: Portfolio) -> Table:
    codes = [o.code for o in p.outcomes]
    table = Table(
        title="Contribution of each service to each corporate outcome", title_justify="left"
    )
    table.add_column("service", min_width=12, max_width=28, overflow="ellipsis", no_wrap=True)
    for code in codes:
        table.add_column(shown(code), justify="right", no_wrap=True, min_width=max(5, len(code)))
    for s in p.services[:SHOWN]:
        row = p.matrix[s.model]
        table.add_row(shown(s.model), *(_number(row[c], 2) if row[c] else "" for c in codes))
    _more(table, len(p.services))
    return table


def _lines(p: Portfolio) -> Text:
    gaps = ", ".join(p.gaps) if p.gaps else "none"
    lines = [f"Gaps (corporate outcomes no service reaches): {gaps}."]
    if p.harms:
        lines.append(f"Harms ({len(p.harms)} negative contributions):")
        for h in sorted(p.harms, key=lambda h: h.contribution)[:SHOWN]:
            lines.append(f"  {h.model} pulls {h.code} down: {h.contribution:,.3f}")
        if len(p.harms) > SHOWN:
            lines.append(f"  ... and {len(p.harms) - SHOWN} more (all of them in --json)")
    else:
        lines.append("Harms: no service pulls a corporate outcome down.")
    return shown("\n".join(lines))


def _departments(p: Portfolio) -> Table | None:
    matrix = p.departments
    if not matrix:
        return None
    held = {c for row in matrix.values() for c in row}
    ordered = [d.id for d in p.framework.departments]
    columns = [c for c in ordered if c in held] + sorted(held - set(ordered))
    table = Table(
        title="Whose activities drive whose corporate outcomes (priority-weighted)",
        title_justify="left",
    )
    table.add_column("activities of \\ outcomes led by")
    for name in columns:
        table.add_column(shown(name), justify="right")
    for name, row in matrix.items():
        table.add_row(shown(name), *(_number(row.get(c)) for c in columns))
    return table


def _value(p: Portfolio) -> Table | None:
    if not p.value:
        return None
    table = Table(title="Present value by corporate outcome", title_justify="left")
    for name in ("code", "present value", "services", "claimed", "check"):
        table.add_column(name, justify="left" if name in ("code", "check") else "right")
    for v in p.value:
        check = "over-claimed: raise the attributions" if v.over_claimed else ""
        table.add_row(
            shown(v.code),
            _number(v.present_value, 2),
            str(len(v.by_model)),
            f"{v.claimed:.0%}" if v.claims else "",
            check,
        )
    return table


def _redesign(r: Redesign) -> Table:
    what = r.service if r.node is None else f"{r.service}: {r.node}"
    verb = "without" if r.factor == 0 else f"scaled by {r.factor:g}:"
    table = Table(title=shown(f"What if: {verb} {what}"), title_justify="left")
    for name in ("code", "outcome", "priority", "before", "after", "change"):
        table.add_column(name, justify="left" if name in ("code", "outcome") else "right")
    for o in r.outcomes:
        table.add_row(
            shown(o.code),
            shown(o.label),
            _number(o.priority),
            _number(o.before),
            _number(o.after),
            _number(o.change),
        )
    table.add_row("", "total (weighted)", "", _number(r.total_before), _number(r.total_after),
                  _number(r.total_after - r.total_before))  # fmt: skip
    felt = [f"{d} {c.change:+,.3f}" for d, c in r.departments.items() if c.change != 0]
    table.caption = "Departments that feel it (lead department, priority-weighted): " + (
        ", ".join(felt) if felt else "none"
    )
    return table


def portfolio_renderables(p: Portfolio, what_if: Redesign | None = None) -> list[RenderableType]:
    """The tables and lines to print, in reading order."""
    parts: list[RenderableType | None] = [
        _heading(p),
        _outcomes(p),
        _services(p),
        _matrix(p),
        _lines(p),
        _departments(p),
        _value(p),
        _redesign(what_if) if what_if is not None else None,
    ]
    return [part for part in parts if part is not None]
