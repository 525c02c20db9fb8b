"""The report's social value sections, read from :func:`toc.sroi.appraisal.value_report`.

The figures are the ones ``toc value`` prints, through the same printing rules
(:mod:`toc.sroi.figures`: ratios to the model's decimals, half up; never ``-0``),
with the convention stated before any of them.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> from toc.sroi.appraisal import value_report
>>> model = load_model("models/sroi-worked-example.yaml")
>>> sections = value_sections(value_report(model), model)
>>> sections[0].blocks[0].text
'Convention: SROI value map (year 1 discounted once at 3.5%).'
>>> dict(sections[0].blocks[1].rows)["Ratio"]
'1.87 : 1'
"""

from __future__ import annotations

from toc.errors import ValuationError
from toc.model import LogicModel
from toc.report.pack import Block, Paragraph, Section, Table
from toc.sroi.appraisal import ValueReport, value_report
from toc.sroi.figures import money_text, number_text, percent_text, ratio_text
from toc.sroi.valuemap import ValueMap

__all__ = ["social_value", "value_sections"]

TORNADO_ROWS = 10  # as many bars as `toc value` prints


def social_value(model: LogicModel) -> list[Section]:
    """The value sections of a model with a valuation, or why its value map cannot be made.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "valuation": {}, "nodes": [
    ...     {"id": "o", "label": "O", "stage": "outcome", "value": {"quantity": 1, "proxy": 9}}]})
    >>> print(social_value(m)[0].blocks[0].text)
    The value map cannot be made: the model states no investment: set valuation.investment, or a cost on the input nodes.
    """
    try:
        report = value_report(model)
    except ValuationError as err:
        said = Paragraph(f"The value map cannot be made: {err}.")
        return [Section("Social value (SROI)", [said])]
    return value_sections(report, model)


def value_sections(report: ValueReport, model: LogicModel) -> list[Section]:
    """The value map with its convention, then sensitivity, break-even and who gains."""
    vm = report.value_map
    head: list[Block] = [Paragraph(f"Convention: {vm.convention}."), _headline(vm)]
    if vm.payback_note:
        head.append(Paragraph(vm.payback_note))
    head += [_value_map(vm), _by_year(vm)]
    sections = [Section("Social value (SROI)", head), _sensitivity(report)]
    if report.by_stakeholder:
        sections.append(_by_stakeholder(report, model))
    if report.findings:
        rows = [(f.severity, f.code, f.message) for f in report.findings]
        table = Table("What a reviewer would challenge", ("severity", "code", "finding"), rows)
        sections.append(Section("Honesty checks on the value claimed", [table], level=2))
    return sections


def _headline(vm: ValueMap) -> Table:
    currency, digits = vm.settings.currency, vm.settings.ratio_digits
    investment = money_text(vm.investment, currency, 2)
    if vm.investment != vm.investment_nominal:
        investment += f" (nominal {money_text(vm.investment_nominal, currency, 2)})"
    months = vm.payback_months
    rows = [
        ("Investment", investment),
        ("Present value", money_text(vm.present_value, currency, 2)),
        ("Net present value", money_text(vm.npv, currency, 2)),
        ("Ratio", ratio_text(vm.ratio, digits)),
        ("Net ratio", "-" if vm.net_ratio is None else ratio_text(vm.net_ratio, digits)),
        ("Payback", "none" if months is None else f"{number_text(months, 1)} months"),
    ]
    return Table("Social return", ("measure", "value"), rows, (False, True))


def _value_map(vm: ValueMap) -> Table:
    methods = any(row.method != "filters" for row in vm.outcomes)
    header = (
        "outcome",
        *(("method",) if methods else ()),
        "quantity",
        "proxy",
        "DW",
        "DS",
        "AT",
        "DO",
        "years",
        "impact year 1",
        "present value",
    )
    rows = []
    for row in vm.outcomes:
        v = row.value
        filters = (v.deadweight, v.displacement, v.attribution, v.drop_off)
        rows.append((
            row.label, *((row.method,) if methods else ()), f"{v.quantity:,g}",
            number_text(v.proxy, 2).removesuffix(".00"), *(percent_text(x) for x in filters),
            row.years_text(), number_text(row.first_year_impact), number_text(row.present_value),
        ))  # fmt: skip
    rows.append(("Total", *[""] * (len(header) - 2), number_text(vm.present_value)))
    caption = "Value map (DW deadweight, DS displacement, AT attribution, DO drop-off)"
    return Table(caption, header, rows, (False,) * (1 + methods) + (True,) * 9)


def _by_year(vm: ValueMap) -> Table:
    evaluative = vm.settings.mode == "evaluative"
    digits = vm.settings.ratio_digits
    header = ("year", "as observed" if evaluative else "undiscounted", "factor",
              "compounded" if evaluative else "discounted", "ratio (: 1)")  # fmt: skip
    rows = [
        (str(r.year), number_text(r.value), f"{r.factor:.4f}", number_text(r.present_value),
         "-" if r.ratio is None else number_text(r.ratio, digits))
        for r in vm.by_year
    ]  # fmt: skip
    return Table("Value by year", header, rows, (True,) * 5)


def _setting(judgement: str, value: float) -> str:
    if judgement in ("quantity", "duration"):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if judgement == "proxy":
        return number_text(value, 2)
    return percent_text(value)


def _sensitivity(report: ValueReport) -> Section:
    names = {row.id: row.label for row in report.value_map.outcomes}
    tables = [_tornado(report, names), _break_even(report, names)]
    blocks: list[Block] = [t for t in tables if t is not None]
    others = sum(p.break_even is None for p in report.break_even)
    if others:
        said = f"{others} more judgements cannot bring the ratio to 1 : 1 on their own."
        blocks.append(Paragraph(said))
    if not blocks:
        blocks.append(Paragraph("There is no ratio to test: the model states no investment."))
    return Section("Sensitivity and break-even", blocks, level=2)


def _tornado(report: ValueReport, names: dict[str, str]) -> Table | None:
    digits = report.value_map.settings.ratio_digits
    rows = [
        (names.get(bar.outcome or "", "(all)"), bar.judgement, _setting(bar.judgement, bar.base),
         _setting(bar.judgement, bar.down), ratio_text(bar.ratio_down, digits),
         _setting(bar.judgement, bar.up), ratio_text(bar.ratio_up, digits))
        for bar in report.tornado[:TORNADO_ROWS]
    ]  # fmt: skip
    if not rows:
        return None
    header = ("outcome", "judgement", "now", "down", "ratio", "up", "ratio")
    caption = "Tornado: the ratio with one judgement moved, largest swing first"
    return Table(caption, header, rows, (False, False) + (True,) * 5)


def _break_even(report: ValueReport, names: dict[str, str]) -> Table | None:
    rows = [
        (names.get(p.outcome or "", "(all)"), p.judgement, _setting(p.judgement, p.base),
         _setting(p.judgement, p.break_even), p.note)
        for p in report.break_even
        if p.break_even is not None
    ]  # fmt: skip
    if not rows:
        return None
    header = ("outcome", "judgement", "now", "break-even", "note")
    caption = "Break-even: where one judgement alone brings the ratio to 1 : 1"
    return Table(caption, header, rows, (False, False, True, True, False))


def _by_stakeholder(report: ValueReport, model: LogicModel) -> Section:
    currency = report.value_map.settings.currency
    groups = {g.id: g.label for g in model.stakeholders}
    rows = [
        (
            groups.get(row.stakeholder or "", row.stakeholder or "(none named)"),
            money_text(row.present_value, currency, 2),
            percent_text(row.share),
        )
        for row in report.by_stakeholder
    ]
    table = Table(
        "Value by stakeholder group",
        ("stakeholder group", "present value", "share"),
        rows,
        (False, True, True),
    )
    return Section("Who gains", [table], level=2)
