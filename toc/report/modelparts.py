"""The report's sections read straight from the model: purpose, assumptions, indicators, checks.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "Mentoring", "stage": "activity"},
...     {"id": "o", "label": "In work", "stage": "outcome"}],
...   "links": [{"from": "a", "to": "o", "weight": -0.5, "assumption": "x"}]})
>>> assumptions(m).blocks[1].rows
[('1', 'Mentoring', 'In work', '-0.5 (moderately undermines)', 'x', 'not graded')]
"""

from __future__ import annotations

from toc.analysis.checks import findings
from toc.diagram.labels import weight_text
from toc.diagram.outline import strength
from toc.model import LogicModel
from toc.report.pack import Figure, Paragraph, Preformatted, Section, Table

__all__ = ["assumptions", "checks", "diagram_section", "purpose", "results_framework"]


def purpose(model: LogicModel) -> Section:
    """Who the model belongs to, what it is for, and what it holds."""
    blocks = [Paragraph(text) for text in (model.organisation, model.description) if text]
    if not model.description:
        blocks.append(Paragraph("The model has no description: add one under Model details."))
    count = f"{len(model.nodes)} boxes and {len(model.links)} links"
    owners = ", ".join(d.label for d in model.departments)
    groups = ", ".join(g.label for g in model.stakeholders)
    blocks.append(
        Paragraph(
            f"The model holds {count}"
            + (f"; departments: {owners}" if owners else "")
            + (f"; stakeholder groups: {groups}" if groups else "")
            + "."
        )
    )
    return Section("Organisation and purpose", blocks)


def diagram_section(figure: Figure, outline: str) -> list[Section]:
    """The diagram and, under it, its full text alternative."""
    blocks: list[Paragraph | Figure] = [figure]
    if figure.missing:
        blocks.append(Paragraph(figure.missing))
    return [
        Section("The diagram", list(blocks)),
        Section("Text alternative to the diagram", [Preformatted(_untitled(outline))], level=2),
    ]


def _untitled(outline: str) -> str:
    """The outline without its title and the rule under it: the report's title says it."""
    return "\n".join(outline.splitlines()[2:])


def assumptions(model: LogicModel) -> Section:
    """The assumptions register: every link, why it is believed, and how well evidenced."""
    names = {n.id: n.label for n in model.nodes}
    rows = [
        (
            str(number),
            names[link.from_],
            names[link.to],
            f"{weight_text(link.weight)} ({strength(link.weight)})",
            link.assumption or "(none stated)",
            link.evidence.value if link.evidence is not None else "not graded",
        )
        for number, link in enumerate(model.links, 1)
    ]
    stated = sum(bool(link.assumption) for link in model.links)
    graded = sum(link.evidence is not None for link in model.links)
    summary = (
        f"{stated} of {len(model.links)} links state an assumption and {graded} have an "
        "evidence grade (strong, moderate or weak)."
    )
    header = ("#", "from", "to", "weight", "assumption", "evidence")
    table = Table("Assumptions register: every link", header, rows, (True,))
    return Section("Assumptions register", [Paragraph(summary), table])


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:,g}"


def results_framework(model: LogicModel) -> Section:
    """Every indicator with its box, unit, baseline, target and actual."""
    rows = [
        (
            node.label,
            node.stage.value,
            indicator.name,
            indicator.unit,
            _figure(indicator.baseline),
            _figure(indicator.target),
            _figure(indicator.actual),
            indicator.source,
        )
        for node in model.nodes
        for indicator in node.indicators
    ]
    if not rows:
        return Section("Results framework", [Paragraph("No box has an indicator yet.")])
    header = ("box", "stage", "indicator", "unit", "baseline", "target", "actual", "source")
    numeric = (False,) * 4 + (True,) * 3
    return Section(
        "Results framework",
        [Table("Results framework: indicators by box", header, rows, numeric)],
    )


def checks(model: LogicModel) -> Section:
    """What ``toc check`` points out, warnings first."""
    found = findings(model)
    if not found:
        return Section("Checks", [Paragraph("toc check finds nothing to point out.")])
    rows = [(f.severity, f.code, f.message) for f in found]
    table = Table("What toc check points out", ("severity", "code", "finding"), rows)
    return Section("Checks", [table])
