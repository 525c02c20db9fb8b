"""The social value report as rich tables, in the order a value-map reader expects.

Examples
--------
>>> import io
>>> from rich.console import Console
>>> from toc.formats.modelfiles import load_model
>>> from toc.sroi.appraisal import value_report
>>> console = Console(width=120, record=True, file=io.StringIO())
>>> for table in report_tables(value_report(load_model("models/sroi-worked-example.yaml"))):
...     console.print(table)
>>> text = console.export_text()
>>> "Ratio" in text and "1.87 : 1" in text and "year 1 discounted once at 3.5%" in text
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from toc.sroi.appraisal import ValueReport
from toc.sroi.figures import number_text, percent_text, ratio_text
from toc.sroi.valuemap import ValueMap
from toc.terminal.literal import terminal_text
from toc.terminal.richtext import add_row, shown

__all__ = ["money", "percent", "report_tables"]

_TORNADO_ROWS = 10


def money(amount: float | None) -> str:
    """An amount with thousands separators and pence, never ``-0.00``.

    Examples
    --------
    >>> money(-9661.836), money(None), money(-0.001)
    ('-9,661.84', '-', '0.00')
    """
    return "-" if amount is None else number_text(amount, 2)


def _whole(amount: float | None) -> str:
    return "-" if amount is None else number_text(amount)


def percent(fraction: float | None) -> str:
    """A fraction as a percentage, to two decimals when it needs them.

    Examples
    --------
    >>> percent(0.25), percent(0.6618831), percent(None)
    ('25%', '66.19%', '-')
    """
    return percent_text(fraction)


def _table(*columns: str, wrap: tuple[str, ...] = (), **options: Any) -> Table:
    """A plain table, narrow enough for 80 columns.

    Columns named in ``wrap`` are text that may wrap; the rest never wrap,
    and the first column and any wrapping ones are left-aligned, numbers right.
    """
    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False, **options)
    for index, name in enumerate(columns):
        text = index == 0 or name in wrap
        table.add_column(name, justify="left" if text else "right", no_wrap=name not in wrap)
    return table


def report_tables(report: ValueReport) -> Iterator[RenderableType]:
    """Every table of the report, headline first."""
    vm = report.value_map
    yield Text(terminal_text(f"{report.title}\nconvention: {vm.convention}"), style="bold")
    yield _headline(vm)
    yield _value_map(vm)
    yield _by_year(vm)
    if report.tornado:
        yield _tornado(report)
    if report.break_even:
        yield _break_even(report)
    yield _by_activity(report)
    if report.by_stakeholder:
        yield _by_stakeholder(report)
    if report.by_input:
        yield _by_input(report)
    if report.monte_carlo is not None:
        yield _monte_carlo(report)
    if report.frameworks is not None:
        yield _frameworks(report)
    if report.findings:
        yield shown("\n".join(str(f) for f in report.findings))


def _headline(vm: ValueMap) -> Table:
    table = _table(
        "measure",
        "value",
        title=shown(f"Social return ({vm.settings.currency})"),
        show_header=False,
    )
    investment = money(vm.investment)
    if vm.investment != vm.investment_nominal:
        investment += f" (nominal {money(vm.investment_nominal)})"
    months = vm.payback_months
    payback = "none (see below)" if months is None else f"{number_text(months, 1)} months"
    digits = vm.settings.ratio_digits
    net = "-" if vm.net_ratio is None else ratio_text(vm.net_ratio, digits)
    rows = [
        ("Investment", investment),
        ("Present value", money(vm.present_value)),
        ("Net present value", money(vm.npv)),
        ("Ratio", ratio_text(vm.ratio, digits)),
        ("Net ratio", net),
        ("Payback", payback),
    ]
    for row in rows:
        add_row(table, *row)
    if vm.payback_note:
        table.caption = vm.payback_note
    return table


def _value_map(vm: ValueMap) -> Table:
    methods = any(row.method != "filters" for row in vm.outcomes)
    names = ["Outcome", *(["Method"] if methods else []), "Q", "Proxy", "DW", "DS", "AT", "DO"]
    caption = "DW deadweight, DS displacement, AT attribution, DO drop-off, PV present value"
    table = _table(
        *names, "Years", "Impact y1", "PV", title="Value map", caption=caption, wrap=("Method",)
    )
    for row in vm.outcomes:
        v = row.value
        add_row(
            table,
            row.id,
            *([row.method] if methods else []),
            f"{v.quantity:,g}",
            number_text(v.proxy, 2).removesuffix(".00"),
            *(percent(x) for x in (v.deadweight, v.displacement, v.attribution, v.drop_off)),
            row.years_text(),
            _whole(row.first_year_impact),
            _whole(row.present_value),
        )
    table.add_section()
    add_row(table, "Total", *[""] * (len(names) + 1), _whole(vm.present_value), style="bold")
    return table


def _by_year(vm: ValueMap) -> Table:
    """Each year's value, its factor, its present value and its part of the ratio.

    The row names fit the width of "Undiscounted", so the table keeps its shape.
    """
    table = _table("Year", *(str(year) for year in vm.years), title="Value by year")
    evaluative = vm.settings.mode == "evaluative"
    rows = vm.by_year
    add_row(
        table, "As observed" if evaluative else "Undiscounted", *(_whole(r.value) for r in rows)
    )
    add_row(table, "Factor", *(f"{r.factor:.4f}" for r in rows))
    add_row(
        table,
        "Compounded" if evaluative else "Discounted",
        *(_whole(r.present_value) for r in rows),
    )
    digits = vm.settings.ratio_digits
    add_row(table, "Ratio (: 1)", *(_ratio(r.ratio, digits) for r in rows))
    kind = f"compounded to {vm.settings.final_year}" if evaluative else "discount"
    table.caption = f"factor: {kind}, 4 decimals"
    return table


def _ratio(ratio: float | None, digits: int) -> str:
    return "-" if ratio is None else number_text(ratio, digits)


def _setting(judgement: str, value: float) -> str:
    if judgement in ("quantity", "duration"):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if judgement == "proxy":
        return money(value)
    return percent(value)


def _tornado(report: ValueReport) -> Table:
    title = "Tornado: the ratio with one judgement moved, largest swing first"
    table = _table("Outcome", "Judgement", "Base", "Down", "Ratio", "Up", "Ratio", title=title)
    table.columns[1].justify = "left"
    digits = report.value_map.settings.ratio_digits
    for bar in report.tornado[:_TORNADO_ROWS]:
        add_row(
            table,
            bar.outcome or "(all)",
            bar.judgement,
            _setting(bar.judgement, bar.base),
            _setting(bar.judgement, bar.down),
            ratio_text(bar.ratio_down, digits),
            _setting(bar.judgement, bar.up),
            ratio_text(bar.ratio_up, digits),
        )
    return table


def _break_even(report: ValueReport) -> Table:
    title = "Break-even: where one judgement alone brings the ratio to 1 : 1"
    table = _table("Outcome", "Judgement", "Now", "Break-even", "Note", title=title, wrap=("Note",))
    table.columns[1].justify = "left"
    reached = [point for point in report.break_even if point.break_even is not None]
    for point in reached:
        found = point.break_even
        add_row(
            table,
            point.outcome or "(all)",
            point.judgement,
            _setting(point.judgement, point.base),
            "-" if found is None else _setting(point.judgement, found),
            point.note,
        )
    others = len(report.break_even) - len(reached)
    if others:
        table.caption = f"{others} more cannot bring it to 1 : 1 on their own (see --json)"
    return table


def _by_activity(report: ValueReport) -> Table:
    result = report.by_activity
    harmful = any(a.harm for a in result.activities)
    currency = report.value_map.settings.currency
    money_columns = ("PV", "Gain", "Loss", *(("Harm", "Net") if harmful else ()), "Cost")
    per_cost = f"{'Net' if harmful else 'PV'} per {currency}"
    title = "Value by activity, shared by influence"
    table = _table("Activity", *money_columns, per_cost, title=title)
    for a in result.activities:
        per = "-" if a.value_per_cost is None else number_text(a.value_per_cost, 2)
        harm = (a.harm, a.net_value) if harmful else ()
        amounts = (a.present_value, a.gain, a.loss, *harm, a.cost)
        add_row(table, a.id, *(_whole(x) for x in amounts), per)
    for outcome, amount in result.unattributed.items():
        add_row(table, f"(unattributed: {outcome})", money(amount), *[""] * len(money_columns))
    if result.notes:
        table.caption = "; ".join(result.notes)
    return table


def _by_stakeholder(report: ValueReport) -> Table:
    title = "Value by stakeholder group"
    table = _table("Stakeholder", "Present value", "Share", title=title)
    for row in report.by_stakeholder:
        add_row(
            table, row.stakeholder or "(none named)", money(row.present_value), percent(row.share)
        )
    return table


def _by_input(report: ValueReport) -> Table:
    table = _table("Input", "Cost", "PV / cost", title="Return on each input")
    digits = report.value_map.settings.ratio_digits
    for row in report.by_input:
        add_row(table, row.id, money(row.investment), ratio_text(row.ratio, digits))
    return table


def _monte_carlo(report: ValueReport) -> Table:
    mc = report.monte_carlo
    assert mc is not None
    title = f"Monte Carlo: {mc.samples:,} samples (seed {mc.seed})"
    table = _table("measure", "value", title=title, show_header=False, wrap=("value",))
    add_row(table, "Varied", ", ".join(mc.varied) or "nothing: give value.ranges")
    ratios = (mc.ratio_p5, mc.ratio_p50, mc.ratio_p95)
    digits = report.value_map.settings.ratio_digits
    spread = " / ".join(ratio_text(r, digits) for r in ratios)
    spread = ratio_text(None) if mc.ratio_p5 is None else spread
    add_row(table, "Ratio 5% / 50% / 95%", spread)
    add_row(
        table,
        "Present value 5% / 50% / 95%",
        " / ".join(
            money(v) for v in (mc.present_value_p5, mc.present_value_p50, mc.present_value_p95)
        ),
    )
    add_row(table, "Chance the ratio is 1 : 1 or better", percent(mc.probability_above_one))
    return table


def _frameworks(report: ValueReport) -> Table:
    title = f"Present value by {report.scheme} code"
    table = _table("Code", "Present value", "Outcomes", title=title, wrap=("Outcomes",))
    for total in report.frameworks or []:
        add_row(table, total.code, money(total.present_value), ", ".join(total.outcomes))
    return table
