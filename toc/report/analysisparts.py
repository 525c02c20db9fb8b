"""The report's analysis sections, read from :func:`toc.analysis.results.analysis`.

Nothing is computed here: every figure is the one ``toc analyse`` prints (three
decimals), with box, department and group ids shown as their labels.

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.analysis.results import analysis
>>> m = LogicModel.model_validate({"title": "t",
...     "nodes": [{"id": "a", "label": "Mentoring", "stage": "activity"},
...               {"id": "o", "label": "In work", "stage": "outcome", "priority": 1}],
...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
>>> drivers(analysis(m)).blocks[1].rows
[('1', 'Mentoring', '0.500', '0.500', '0.000', '', '')]
"""

from __future__ import annotations

from toc.analysis.results import Analysis
from toc.model import LogicModel
from toc.report.pack import Block, Paragraph, Section, Table
from toc.sroi.figures import number_text

__all__ = ["drivers", "gaps", "priorities", "trade_offs"]

PATHWAY_DRIVERS = 3  # drivers whose pathways are shown, as in `toc analyse`


def _number(value: float | None, places: int = 3) -> str:
    return "" if value is None else number_text(value, places)


def _share(value: float) -> str:
    return f"{number_text(value * 100, 1)}%"


def priorities(report: Analysis, model: LogicModel) -> list[Section]:
    """The priorities in use and their source, then where the stakeholder groups disagree."""
    ignored = report.priority_sources_ignored
    source = (
        f"Priorities come from {report.priority_source}"
        + (f"; the model also holds {', '.join(ignored)}, not used here" if ignored else "")
        + "."
    )
    blocks: list[Block] = [Paragraph(source)]
    if report.priorities:
        rows = [(report.label(o), _share(w)) for o, w in report.priorities.items()]
        blocks.append(Table("Priorities in use", ("outcome", "weight"), rows, (False, True)))
    else:
        blocks.append(Paragraph("Every priority is 0, so no activity scores."))
    if model.agreed_order:
        order = "; ".join(f"{i}. {report.label(o)}" for i, o in enumerate(model.agreed_order, 1))
        blocks.append(Paragraph(f"The agreed order: {order}."))
    return [Section("Priorities", blocks), _disagreement(report, model)]


def _disagreement(report: Analysis, model: LogicModel) -> Section:
    title = "Where stakeholder groups disagree"
    spread = report.disagreement
    if not spread.outcomes:
        said = "Fewer than two stakeholder groups have rated the outcomes, so none can disagree."
        return Section(title, [Paragraph(said)], level=2)
    names = {g.id: g.label for g in model.stakeholders}
    groups = list(spread.outcomes[0].shares)
    rows = [
        (report.label(s.outcome), *(_share(s.shares[g]) for g in groups), _share(s.spread))
        for s in spread.outcomes
    ]
    header = ("outcome", *(names.get(g, g) for g in groups), "spread")
    splits = ", ".join(report.label(o) for o in spread.splits) or "none"
    said = (
        "Each group's points as shares of its own total; the spread is the largest share "
        f"minus the smallest. Outcomes that split the groups (spread of "
        f"{_share(spread.split_at)} or more): {splits}."
    )
    table = Table(
        "Each group's share of its points, by outcome",
        header,
        rows,
        (False,) + (True,) * (len(groups) + 1),
    )
    return Section(title, [Paragraph(said), table], level=2)


def drivers(report: Analysis) -> Section:
    """The driver ranking, then the pathways that explain the first few."""
    said = (
        "Each activity's score is the priority-weighted sum of its influence on the outcomes "
        "(the products of link weights along every path); gain adds up the paths that help, "
        "loss those that harm."
    )
    rows = [
        (str(rank), d.label, *(_number(x) for x in (d.score, d.gain, d.loss)),
         _number(d.cost, 0), _number(d.score_per_100k))
        for rank, d in enumerate(report.drivers, 1)
    ]  # fmt: skip
    header = ("#", "activity", "score", "gain", "loss", "cost", "score per 100k")
    table = Table(
        "Activities by priority-weighted influence", header, rows, (True, False) + (True,) * 5
    )
    paths = [
        (report.label(d.id), p.text.rsplit(" = ", 1)[0], _number(p.contribution))
        for d in report.drivers[:PATHWAY_DRIVERS]
        for p in report.pathways.get(d.id, [])
    ]
    blocks: list[Block] = [Paragraph(said), table]
    if paths:
        named = (
            "activity",
            "pathway: weights multiplied, times the priority reached",
            "contribution",
        )
        blocks.append(
            Table("The pathways that contribute most", named, paths, (False, False, True))
        )
    return Section("What drives the priority outcomes", blocks)


def trade_offs(report: Analysis, model: LogicModel) -> Section:
    """Activities that help and harm, priorities pulled apart, harm across departments."""
    tables = [_mixed(report), _opposed(report), _harms(report, model)]
    blocks: list[Block] = [t for t in tables if t is not None]
    if not blocks:
        said = (
            "No activity both helps and harms materially, no activity pulls two priorities "
            "apart, and no department's activity pushes down another's priority."
        )
        blocks.append(Paragraph(said))
    return Section("Trade-offs", blocks, level=2)


def _mixed(report: Analysis) -> Table | None:
    found = report.trade_offs.mixed
    rows = [(d.label, _number(d.gain), _number(d.loss)) for d in found]
    caption = "Activities with material gains and losses"
    return Table(caption, ("activity", "gain", "loss"), rows, (False, True, True)) if rows else None


def _opposed(report: Analysis) -> Table | None:
    label = report.label
    rows = [
        (label(p.activity), label(p.helps), _number(p.help), label(p.harms), _number(p.harm))
        for p in report.trade_offs.opposed
    ]
    if not rows:
        return None
    header = ("activity", "helps", "by", "harms", "by")
    numeric = (False, False, True, False, True)
    return Table("Priority outcomes one activity pulls apart", header, rows, numeric)


def _harms(report: Analysis, model: LogicModel) -> Table | None:
    owners = {d.id: d.label for d in model.departments}
    rows = [
        (report.label(h.activity), owners.get(h.activity_department, h.activity_department),
         report.label(h.outcome), owners.get(h.outcome_department, h.outcome_department),
         _number(h.influence))
        for h in report.trade_offs.cross_department_harms
    ]  # fmt: skip
    if not rows:
        return None
    header = ("activity", "its department", "pushes down", "that outcome's department", "influence")
    caption = "One department's activity against another's priority"
    return Table(caption, header, rows, (False,) * 4 + (True,))


def gaps(report: Analysis) -> Section:
    """Priorities weakly reached, activities reaching none or doing net harm, unmeasured ones."""
    found = report.gaps
    label = report.label
    rows = [
        ("priority outcomes weakly or not supported",
         "; ".join(f"{label(s.id)} (support {_number(s.support)}, {s.status})" for s in found.weak_outcomes)),
        ("activities reaching no priority (decommissioning candidates)", "; ".join(map(label, found.idle_activities))),
        ("activities doing net harm", "; ".join(map(label, found.net_harm_activities))),
        ("priority outcomes with no indicator of their own", "; ".join(map(label, found.unmeasured_priorities))),
        ("of those, measured by outputs only", "; ".join(map(label, found.measured_by_outputs_only))),
        ("redundant metrics (measure nothing a priority depends on)",
         "; ".join(f"{m.indicator} on {label(m.node)}" for m in found.redundant_metrics)),
    ]  # fmt: skip
    table = Table("Gaps", ("gap", "where"), [(gap, where or "none") for gap, where in rows])
    return Section("Gaps", [table], level=2)
