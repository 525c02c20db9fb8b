"""An options appraisal as rich tables, for people (``toc compare`` without ``--json``).

Everything shown is read from the :class:`~toc.organisation.options.Options`;
nothing is computed here but the printed form of each figure.

Examples
--------
>>> from rich.console import Console
>>> from toc.model import LogicModel
>>> from toc.organisation.options import compare
>>> def service(title, weight):
...     return LogicModel.model_validate({"title": title,
...         "nodes": [{"id": "a", "label": "A", "stage": "activity"},
...                   {"id": "o", "label": "O", "stage": "outcome", "priority": 1}],
...         "links": [{"from": "a", "to": "o", "weight": weight}]})
>>> console = Console(width=100, record=True, color_system=None)
>>> for part in options_renderables(compare([service("Now", 0.5), service("Next", 0.7)])):
...     console.print(part)
2 options of one service, scored on their own priorities (each model's driver total); the baseline is Now
...
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from toc.organisation.options import Change, Option, Options
from toc.sroi.figures import money_text, number_text, ratio_text
from toc.terminal.richtext import shown

__all__ = ["options_renderables"]


def _heading(result: Options) -> Text:
    count = len(result.options)
    basis = (
        f"scored against {result.framework} (corporate priorities)"
        if result.framework is not None
        else "scored on their own priorities (each model's driver total)"
    )
    return shown(f"{count} options of one service, {basis}; the baseline is {result.baseline}")


def _number(value: float | None, digits: int = 3) -> str:
    return "" if value is None else number_text(value, digits)


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _ratio(option: Option) -> str:
    return "none" if option.ratio is None else ratio_text(option.ratio)


def _cost(option: Option) -> str:
    return "none" if option.cost is None else money_text(option.cost, option.currency)


def _ranking(result: Options) -> Table:
    """One column per option, best first, one row per measure: fits 80 columns for 4 options."""
    table = Table(title="Options, best first", title_justify="left")
    table.add_column("", no_wrap=True)
    for rank, o in enumerate(result.options, 1):
        name = f"{rank}. {o.model}" + (" (baseline)" if o.baseline else "")
        table.add_column(shown(name), justify="right", ratio=1)
    rows: list[tuple[str, list[str]]] = [
        ("corporate score", [_number(o.score) for o in result.options]),
        ("present value", [money_text(o.present_value, o.currency) for o in result.options]),
        ("NPV", [money_text(o.npv, o.currency) for o in result.options]),
        ("SROI ratio", [_ratio(o) for o in result.options]),
        ("cost", [_cost(o) for o in result.options]),
        ("score per £100k", [_number(o.score_per_100k) for o in result.options]),
    ]
    if result.samples:
        rows.append(("P(ranks first)", [_share(o.p_first) for o in result.options]))
    for name, cells in rows:
        table.add_row(name, *cells)
    if result.samples:
        table.caption = (
            f"P(ranks first): share of {result.samples:,} samples of the link weights (within "
            f"their ranges, seed {result.seed}) in which the option scores highest"
        )
    return table


def _amount(change: Change, option: Option) -> str:
    if change.kind == "stakeholder":
        return money_text(change.change, option.currency)
    return f"{number_text(change.change, 3)} score"


def _who(result: Options) -> Table | None:
    rows = [(o, c) for o in result.options if not o.baseline for c in o.changes]
    if not rows:
        return None
    table = Table(
        title=shown(f"Who gains and who loses against {result.baseline}"), title_justify="left"
    )
    table.add_column("option", ratio=1)
    table.add_column("who", ratio=2)
    table.add_column("change", justify="right", no_wrap=True)
    for option, change in rows:
        what = f"{change.label or change.name} ({change.kind})"
        style = "red" if change.change < 0 else ""
        table.add_row(shown(option.model), shown(what), Text(_amount(change, option), style=style))
    table.caption = (
        "department: the score its activities earn; stakeholder: the present value "
        "of the outcomes the group experiences"
    )
    return table


def options_renderables(result: Options) -> list[RenderableType]:
    """The heading and tables to print, in reading order."""
    parts: list[RenderableType | None] = [_heading(result), _ranking(result), _who(result)]
    return [part for part in parts if part is not None]
