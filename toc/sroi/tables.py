"""The social value report as rich tables, in the order a value-map reader expects.

Examples
--------
>>> import io
>>> from rich.console import Console
>>> from toc.files import load_model
>>> from toc.sroi.report import value_report
>>> console = Console(width=120, record=True, file=io.StringIO())
>>> for table in report_tables(value_report(load_model("models/sroi-worked-example.yaml"))):
...     console.print(table)
>>> text = console.export_text()
>>> "Ratio" in text and "1.87 : 1" in text and "year 1 discounted once at 3.5%" in text
True
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from toc.sroi.report import ValueReport, ratio_text
from toc.sroi.valuemap import OutcomeRow, ValueMap

__all__ = ["money", "percent", "report_tables"]

_TORNADO_ROWS = 10


def money(amount: float | None) -> str:
    """An amount with thousands separators and pence.

    Examples
    --------
    >>> money(-9661.836), money(None)
    ('-9,661.84', '-')
    """
    return "-" if amount is None else f"{amount:,.2f}"


def percent(fraction: float | None) -> str:
    """A fraction as a percentage, to two decimals when it needs them.

    Examples
    --------
    >>> percent(0.25), percent(0.6618831), percent(None)
    ('25%', '66.19%', '-')
    """
    if fraction is None:
        return "-"
    text = f"{fraction * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def report_tables(report: ValueReport) -> Iterator[RenderableType]:
    """Every table of the report, headline first."""
    vm = report.value_map
    yield Text(f"{report.title}\nconvention: {vm.convention}", style="bold")
    yield _headline(vm)
    yield _value_map(vm)
    yield _by_year(vm)
    yield _tornado(report)
    yield _break_even(report)
    yield _by_activity(report)
    if report.monte_carlo is not None:
        yield _monte_carlo(report)
    if report.frameworks is not None:
        yield _frameworks(report)
    if report.findings:
        yield Text("\n".join(str(f) for f in report.findings))


def _headline(vm: ValueMap) -> Table:
    table = Table(title=f"Social return ({vm.settings.currency})", show_header=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    investment = money(vm.investment)
    if vm.investment != vm.investment_nominal:
        investment += f" (nominal {money(vm.investment_nominal)})"
    payback = "never" if vm.payback_months is None else f"{vm.payback_months:.1f} months"
    net = "-" if vm.net_ratio is None else f"{vm.net_ratio:.2f} : 1"
    rows = [
        ("Investment", investment),
        ("Present value", money(vm.present_value)),
        ("Net present value", money(vm.npv)),
        ("Ratio", ratio_text(vm.ratio)),
        ("Net ratio", net),
        ("Payback", payback),
    ]
    for row in rows:
        table.add_row(*row)
    return table


def _years(row: OutcomeRow) -> str:
    value = row.value
    if value.observed:
        return ", ".join(str(y) for y in sorted(value.observed))
    last = value.start + value.duration - 1
    return str(value.start) if last == value.start else f"{value.start}-{last}"


def _value_map(vm: ValueMap) -> Table:
    table = Table(title="Value map")
    for name in ("Outcome", "Method", "Quantity", "Proxy", "DW", "DS", "AT", "DO", "Years"):
        table.add_column(name, justify="left" if name in ("Outcome", "Method") else "right")
    table.add_column("First-year impact", justify="right")
    table.add_column("Present value", justify="right")
    for row in vm.outcomes:
        v = row.value
        table.add_row(
            row.label,
            row.method,
            f"{v.quantity:,g}",
            money(v.proxy),
            *(percent(x) for x in (v.deadweight, v.displacement, v.attribution, v.drop_off)),
            _years(row),
            money(row.first_year_impact),
            money(row.present_value),
        )
    table.add_section()
    table.add_row("Total", *[""] * 8, "", money(vm.present_value), style="bold")
    return table


def _by_year(vm: ValueMap) -> Table:
    table = Table(title="Value by year (before discounting)")
    for year in vm.years:
        table.add_column(str(year), justify="right")
    table.add_row(*(money(v) for v in vm.value_by_year))
    return table


def _setting(judgement: str, value: float) -> str:
    if judgement in ("quantity", "duration"):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if judgement == "proxy":
        return money(value)
    return percent(value)


def _tornado(report: ValueReport) -> Table:
    table = Table(title="Tornado: the ratio with one judgement moved (largest swing first)")
    for name in ("Outcome", "Judgement", "Base", "Down", "Ratio", "Up", "Ratio"):
        table.add_column(name, justify="left" if name in ("Outcome", "Judgement") else "right")
    for bar in report.tornado[:_TORNADO_ROWS]:
        table.add_row(
            bar.outcome or "(all)",
            bar.judgement,
            _setting(bar.judgement, bar.base),
            _setting(bar.judgement, bar.down),
            ratio_text(bar.ratio_down),
            _setting(bar.judgement, bar.up),
            ratio_text(bar.ratio_up),
        )
    return table


def _break_even(report: ValueReport) -> Table:
    table = Table(title="Break-even: where each judgement brings the ratio to 1 : 1")
    for name in ("Outcome", "Judgement", "Now", "Break-even", "Note"):
        table.add_column(name, justify="right" if name in ("Now", "Break-even") else "left")
    for point in report.break_even:
        found = point.break_even
        table.add_row(
            point.outcome or "(all)",
            point.judgement,
            _setting(point.judgement, point.base),
            "-" if found is None else _setting(point.judgement, found),
            point.note,
        )
    return table


def _by_activity(report: ValueReport) -> Table:
    result = report.by_activity
    table = Table(title="Value by activity (shared by influence)")
    per_cost = f"Value per 1 {report.value_map.settings.currency} of cost"
    for name in ("Activity", "Present value", "Gain", "Loss", "Cost", per_cost):
        table.add_column(name, justify="left" if name == "Activity" else "right")
    for a in result.activities:
        per = "-" if a.value_per_cost is None else f"{a.value_per_cost:,.2f}"
        table.add_row(
            a.label, money(a.present_value), money(a.gain), money(a.loss), money(a.cost), per
        )
    for outcome, amount in result.unattributed.items():
        table.add_row(f"(unattributed: {outcome})", money(amount), "", "", "", "")
    if result.notes:
        table.caption = "; ".join(result.notes)
    return table


def _monte_carlo(report: ValueReport) -> Table:
    mc = report.monte_carlo
    assert mc is not None
    table = Table(title=f"Monte Carlo: {mc.samples:,} samples (seed {mc.seed})", show_header=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("Varied", ", ".join(mc.varied) or "nothing: give value.ranges")
    table.add_row(
        "Ratio 5% / 50% / 95%",
        " / ".join(ratio_text(r) for r in (mc.ratio_p5, mc.ratio_p50, mc.ratio_p95)),
    )
    table.add_row("Chance the ratio is 1 : 1 or better", percent(mc.probability_above_one))
    return table


def _frameworks(report: ValueReport) -> Table:
    table = Table(title=f"Present value by {report.scheme} code")
    for name in ("Code", "Present value", "Outcomes"):
        table.add_column(name, justify="right" if name == "Present value" else "left")
    for total in report.frameworks or []:
        table.add_row(total.code, money(total.present_value), ", ".join(total.outcomes))
    return table
