"""The organisation map: every service, grouped by department, linked to the corporate outcomes.

A print-ready diagram of the portfolio (:mod:`toc.organisation.portfolio`), built with the
machinery of :mod:`toc.diagram`: its escaping, colours, legend style, title and print pages.

- **services** on the left, one box each, grouped in a frame per department: the
  department that owns most of the service's activities (the first of them on a tie;
  ``(none)`` when no activity names one), with its corporate score;
- **corporate outcomes** on the right in one column, in priority order (highest
  corporate priority first; ties in framework order), each with its code, its place, its
  share of the priorities and its lead department; an outcome no service reaches (a
  *gap*) has a dashed border and says so;
- **links** from a service to each outcome it contributes to, signed and weighted by the
  contribution: grey and solid when it supports, **red and dashed** when it undermines
  (so colour is never the only cue), line width growing with the contribution's size
  against the largest on the map, and the value printed;
- a legend inside the image, under the title.

Every piece of user text (titles, labels, department names) goes through
:func:`toc.diagram.labels.escape` into an HTML-like label, or through
:func:`toc.diagram.labels.plain` into a quoted string; node names are generated
(``service 1``, ``outcome 1``), never user text.  :func:`organisation_outline` is the
text alternative: each corporate outcome and the services that support or undermine it.

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.organisation.corporate import Framework
>>> fw = Framework(title="City", scheme="council",
...     departments=[{"id": "economy", "label": "Economy"}],
...     outcomes=[{"code": "O1", "label": "Work", "department": "economy", "priority": 3},
...               {"code": "O2", "label": "Health", "priority": 1}])
>>> m = LogicModel.model_validate({"title": "Jobs",
...     "departments": [{"id": "economy", "label": "Economy"}],
...     "nodes": [{"id": "a", "label": "A", "stage": "activity", "department": "economy"},
...               {"id": "o", "label": "O", "stage": "outcome", "frameworks": ["council:O1"]}],
...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
>>> org = organisation_map(fw, [m])
>>> dot = organisation_dot(org)
>>> "cluster_department_1" in dot and '"service 1" -> "outcome 1"' in dot
True
>>> print(organisation_outline(org).splitlines()[-1])
Gaps (corporate outcomes no service reaches): O2 Health.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import graphviz

from toc.analysis.departments import NO_DEPARTMENT
from toc.diagram.dot import sheet, type_sizes
from toc.diagram.labels import escape, html_label, lines, plain, title_label
from toc.diagram.paper import on_sheets
from toc.diagram.render import dot_to_bytes, max_diagram_boxes, with_text_alternative
from toc.diagram.style import (
    FONT,
    MUTED,
    NEGATIVE,
    POSITIVE,
    STAGE_STYLES,
    TEXT,
    TypeSizes,
    department_colours,
    text_colour_on,
)
from toc.errors import RenderError, UnsupportedFormatError
from toc.formats.modelfiles import load_model
from toc.model import Department, LogicModel, Stage
from toc.organisation.corporate import Framework, load_framework
from toc.organisation.portfolio import Portfolio, load_portfolio, model_paths, portfolio

__all__ = [
    "MAP_FORMATS",
    "OrganisationMap",
    "load_organisation_map",
    "map_format",
    "organisation_bytes",
    "organisation_dot",
    "organisation_map",
    "organisation_outline",
    "priority_order",
    "render_organisation_map",
    "service_home",
]

#: The formats of ``toc orgmap -o``: the diagram's, and ``txt`` for the text alternative.
MAP_FORMATS = ("svg", "png", "pdf", "dot", "txt")
_MAX_WIDTH = 7.0  # points: the line of the largest contribution on the map
_NO_DEPARTMENT_LABEL = "No department named"
_THICKER = (
    "thicker line = larger contribution; the value shown is the sum over the service's "
    "activities of their influence on the outcome"
)
_SOURCES = {
    "nodes": "each outcome's own priority",
    "agreed-order": "the agreed order",
    "stakeholders": "the stakeholder groups' ratings",
    "equal": "equal priorities",
}


@dataclass(frozen=True)
class OrganisationMap:
    """The portfolio, each service's home department, and the departments' names and colours."""

    portfolio: Portfolio
    homes: dict[str, str]  # service (as named in the portfolio) -> department id
    departments: list[Department]  # the framework's, then those only models declare

    def department_label(self, department: str) -> str:
        """A department's name, from its id."""
        if department == NO_DEPARTMENT:
            return _NO_DEPARTMENT_LABEL
        return {d.id: d.label for d in self.departments}.get(department, department)


def service_home(model: LogicModel) -> str:
    """The department owning most of the model's activities (first on a tie), or ``(none)``.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "departments": [
    ...     {"id": "housing", "label": "Housing"}, {"id": "economy", "label": "Economy"}], "nodes": [
    ...     {"id": "a", "label": "A", "stage": "activity", "department": "housing"},
    ...     {"id": "b", "label": "B", "stage": "activity", "department": "economy"},
    ...     {"id": "c", "label": "C", "stage": "activity", "department": "economy"}]})
    >>> service_home(m), service_home(LogicModel(title="empty"))
    ('economy', '(none)')
    """
    owners = Counter(n.department for n in model.nodes if n.stage is Stage.ACTIVITY)
    named = [(count, owner) for owner, count in owners.items() if owner is not None]
    if not named:
        return NO_DEPARTMENT
    most = max(count for count, _ in named)
    return next(owner for count, owner in named if count == most)


def _departments(framework: Framework, models: Iterable[LogicModel]) -> list[Department]:
    found = {d.id: d for d in framework.departments}
    for model in models:
        for d in model.departments:
            if d.id not in found:
                found[d.id] = d
            elif found[d.id].colour is None and d.colour is not None:
                found[d.id] = found[d.id].model_copy(update={"colour": d.colour})
    return list(found.values())


def organisation_map(
    framework: Framework, models: Sequence[LogicModel], *, sources: Sequence[str] = ()
) -> OrganisationMap:
    """The organisation map of ``models`` (in memory) against ``framework``."""
    measured = portfolio(framework, models, sources=sources)
    homes = {
        f.title: service_home(m) for f, m in zip(measured.figures, models, strict=True)
    }  # the portfolio keeps the models' order
    return OrganisationMap(measured, homes, _departments(framework, models))


def load_organisation_map(
    framework: str | os.PathLike[str] | Framework, paths: Iterable[str | os.PathLike[str]]
) -> OrganisationMap:
    """Load a framework and the models at ``paths`` (files or folders) and map them.

    Raises
    ------
    toc.errors.TocError
        As :func:`toc.organisation.portfolio.load_portfolio`: the first file that fails
        to load, named with its line and the fix.
    """
    chosen = framework if isinstance(framework, Framework) else load_framework(framework)
    skip = None if isinstance(framework, Framework) else framework
    files = model_paths(paths, skip=skip)
    measured = load_portfolio(chosen, files)
    models = [load_model(Path(f.source)) for f in measured.figures]
    homes = {f.title: service_home(m) for f, m in zip(measured.figures, models, strict=True)}
    return OrganisationMap(measured, homes, _departments(chosen, models))


def priority_order(p: Portfolio) -> list[str]:
    """The codes, highest corporate priority first; ties (and zero) in the agreed order, then
    in framework order.

    Examples
    --------
    >>> fw = Framework(title="t", scheme="council", agreed_order=["O2", "O1"],
    ...     outcomes=[{"code": "O1", "label": "A"}, {"code": "O2", "label": "B"}])
    >>> priority_order(portfolio(fw, []))
    ['O2', 'O1']
    """
    place = {code: i for i, code in enumerate(p.framework.codes())}
    agreed = {code: i for i, code in enumerate(p.framework.agreed_order)}
    weight = {o.code: o.priority for o in p.outcomes}
    return sorted(place, key=lambda c: (-weight[c], agreed.get(c, len(agreed)), place[c]))


def _department_order(org: OrganisationMap) -> list[str]:
    used = set(org.homes.values())
    order = [d.id for d in org.departments if d.id in used]
    order += sorted(used - set(order) - {NO_DEPARTMENT})
    return order + ([NO_DEPARTMENT] if NO_DEPARTMENT in used else [])


def _colours(org: OrganisationMap) -> dict[str, str]:
    colours = department_colours(LogicModel(title="map", departments=org.departments))
    colours[NO_DEPARTMENT] = "#D9D9D9"
    return colours


def _contribution_text(value: float) -> str:
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text


def _score_text(value: float) -> str:
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def organisation_dot(
    org: OrganisationMap, *, page: str | None = None, for_paper: bool = False
) -> str:
    """The Graphviz DOT source of the organisation map (see the module docstring).

    ``page`` (``"a4"`` or ``"a3"``) fits a landscape page; ``for_paper`` sets the type
    for print and leaves the placing on sheets to :mod:`toc.diagram.paper`.

    Raises
    ------
    toc.errors.TocError
        For an unknown page, or more boxes than a readable diagram holds.
    """
    p = org.portfolio
    boxes = len(p.figures) + len(p.outcomes)
    if boxes > max_diagram_boxes():
        raise RenderError(
            f"the organisation map would have {boxes:,} boxes, more than the "
            f"{max_diagram_boxes():,} a readable diagram can hold: map fewer services (name "
            "the files or a folder of one department's), or raise TOC_MAX_DIAGRAM_BOXES"
        )
    sizes = type_sizes(for_paper=for_paper)
    graph = graphviz.Digraph(name="organisation", strict=False)
    colours = _colours(org)
    subtitle = (
        f"{len(p.figures)} service{'s' * (len(p.figures) != 1)} by department (left) and "
        f"the {len(p.outcomes)} corporate outcomes in priority order (right); priorities from "
        f"{_SOURCES.get(p.priorities.source, p.priorities.source)}"
    )
    used = _department_order(org)
    graph.attr(
        rankdir="LR", newrank="true", nodesep="0.18", ranksep="2.6", fontname=FONT,
        fontcolor=TEXT, labelloc="t", labeljust="l", bgcolor="white", pad="0.2",
        label=title_label(
            f"{p.framework.title}: the organisation map", subtitle,
            _legend(org, used, colours, sizes), sizes,
        ),
    )  # fmt: skip
    graph.attr("node", shape="box", style="rounded,filled", fontname=FONT,
               fontsize=str(sizes.box), fontcolor=TEXT, margin="0.10,0.05")  # fmt: skip
    graph.attr("edge", fontname=FONT, fontsize=str(sizes.weight), arrowsize="0.7")
    if page is not None and not for_paper:
        chosen = sheet(page)
        graph.attr(size=chosen.drawing_size, ratio="compress", margin=f"{chosen.margin:.2f}")
    elif page is not None:
        sheet(page)  # an unknown page is an error whatever the format
    names = {f.title: f"service {i}" for i, f in enumerate(p.figures, 1)}
    scores = {s.model: s.score for s in p.services}
    _services(graph, org, used, names, scores, colours, sizes)
    outcomes = _outcomes(graph, org, colours, sizes)
    _links(graph, p, names, outcomes)
    source: str = graph.source
    return source


def _services(
    graph: graphviz.Digraph,
    org: OrganisationMap,
    used: list[str],
    names: dict[str, str],
    scores: dict[str, float],
    colours: dict[str, str],
    sizes: TypeSizes,
) -> None:
    style = STAGE_STYLES[Stage.ACTIVITY]
    for number, department in enumerate(used, 1):
        colour = colours.get(department, "#D9D9D9")
        label = org.department_label(department)
        with graph.subgraph(name=f"cluster_department_{number}") as cluster:
            tag = f'<FONT POINT-SIZE="{sizes.heading}"><B>{escape(label.upper())}</B></FONT>'
            cluster.attr(
                label=html_label(tag), style="rounded,filled", fillcolor="#F7F7F7",
                color=colour, penwidth="2.5", labeljust="l", fontname=FONT, margin="12",
            )  # fmt: skip
            for figures in org.portfolio.figures:
                if org.homes[figures.title] != department:
                    continue
                score = f'<FONT POINT-SIZE="{sizes.tag}" COLOR="{MUTED}">score {_score_text(scores[figures.title])}</FONT>'
                cluster.node(
                    names[figures.title],
                    label=html_label(f"{lines(figures.title, 28)}{score}"),
                    fillcolor=style.fill, color=colour, penwidth="1.5",
                    tooltip=plain(f"{figures.title} ({figures.source})"),
                )  # fmt: skip


def _outcomes(
    graph: graphviz.Digraph, org: OrganisationMap, colours: dict[str, str], sizes: TypeSizes
) -> dict[str, str]:
    p = org.portfolio
    style = STAGE_STYLES[Stage.OUTCOME]
    support = {o.code: o for o in p.outcomes}
    outcomes = p.framework.outcome_map()
    order = priority_order(p)
    names = {code: f"outcome {i}" for i, code in enumerate(p.framework.codes(), 1)}
    with graph.subgraph() as column:
        column.attr(rank="same")
        heading = f"<B>{escape('CORPORATE OUTCOMES, IN PRIORITY ORDER')}</B>"
        column.node("heading outcomes", label=html_label(heading), shape="plaintext",
                    style="", fontsize=str(sizes.heading))  # fmt: skip
        for place, code in enumerate(order, 1):
            outcome, measured = outcomes[code], support[code]
            gap = code in p.gaps
            lead = outcome.department or NO_DEPARTMENT
            colour = colours.get(lead, "#D9D9D9")
            tag = escape(org.department_label(lead) if outcome.department else "no lead department")
            head = (
                f'<TR><TD ALIGN="LEFT"><B>{place}. {escape(code)}</B></TD>'
                f'<TD ALIGN="RIGHT"><FONT POINT-SIZE="{sizes.tag}">'
                f"{escape(f'priority {measured.priority:.0%}')}</FONT></TD></TR>"
            )
            body = f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT">{lines(outcome.label, 30)}</TD></TR>'
            lead_row = (
                f'<TR><TD COLSPAN="2" ALIGN="LEFT" BGCOLOR="{colour}" STYLE="rounded">'
                f'<FONT POINT-SIZE="{sizes.tag}" COLOR="{text_colour_on(colour)}">lead: {tag}'
                "</FONT></TD></TR>"
            )
            gap_row = (
                f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="{sizes.tag}" '
                f'COLOR="{NEGATIVE}"><B>GAP: no service reaches it</B></FONT></TD></TR>'
                if gap
                else ""
            )
            table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
            column.node(
                names[code],
                label=html_label(f"{table}{head}{body}{lead_row}{gap_row}</TABLE>"),
                fillcolor="white" if gap else style.fill,
                color=NEGATIVE if gap else style.border,
                style="rounded,filled,dashed" if gap else "rounded,filled",
                penwidth="2" if gap else "1.2",
                tooltip=plain(outcome.description or outcome.label),
            )  # fmt: skip
        # Invisible edges within the column fix its order: the heading, then priority order.
        chain = ["heading outcomes", *(names[c] for c in order)]
        for tail, head_name in pairwise(chain):
            column.edge(tail, head_name, style="invis")
    return names


def _links(
    graph: graphviz.Digraph, p: Portfolio, names: dict[str, str], outcomes: dict[str, str]
) -> None:
    largest = max(
        (abs(v) for row in p.matrix.values() for v in row.values()), default=0.0
    ) or 1.0  # fmt: skip
    order = priority_order(p)
    for figures in p.figures:
        row = p.matrix[figures.title]
        for code in order:
            value = row[code]
            if value == 0.0:
                continue
            colour = NEGATIVE if value < 0 else POSITIVE
            graph.edge(
                names[figures.title], outcomes[code], color=colour, fontcolor=colour,
                style="dashed" if value < 0 else "solid",
                penwidth=f"{1 + (_MAX_WIDTH - 1) * abs(value) / largest:.2f}",
                label=_value_label(value),
                tooltip=plain(f"{figures.title} → {code}: {_contribution_text(value)}"),
            )  # fmt: skip


def _value_label(value: float) -> str:
    """The printed contribution on a white ground, so that lines crossing it never hide it."""
    cell = '<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1" BGCOLOR="white">'
    return html_label(f"{cell}<TR><TD>{escape(_contribution_text(value))}</TD></TR></TABLE>")


def _legend(
    org: OrganisationMap, used: list[str], colours: dict[str, str], sizes: TypeSizes
) -> str:
    def text(words: str, colour: str = TEXT, bold: bool = False) -> str:
        body = f"<B>{escape(words)}</B>" if bold else escape(words)
        return f'<TD ALIGN="LEFT"><FONT COLOR="{colour}">{body}</FONT></TD>'

    def row(cells: list[str]) -> str:
        table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3">'
        return f'<TR><TD ALIGN="LEFT">{table}<TR>{"".join(cells)}</TR></TABLE></TD></TR>'

    links = [
        text("Links:", bold=True),
        text("━━▶ supports (+)", POSITIVE),
        text("╍╍▶ undermines (−)", NEGATIVE),
        text(_THICKER),
    ]
    boxes = [
        text("Boxes:", bold=True),
        text(
            "n. code = place in priority order; priority = share of the corporate priorities; "
            "score = the service's corporate score (priority-weighted contributions)"
        ),
        text("dashed red border = a gap", NEGATIVE),
    ]
    departments = [text("Departments:", bold=True)]
    for department in used:
        colour = colours.get(department, "#D9D9D9")
        name = escape(org.department_label(department))
        departments.append(
            f'<TD BGCOLOR="{colour}" COLOR="{colour}" BORDER="1" STYLE="rounded">'
            f'<FONT COLOR="{text_colour_on(colour)}">{name}</FONT></TD>'
        )
    body = row(links) + row(boxes) + row(departments)
    table = '<TABLE BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
    return f'<FONT FACE="{FONT}" POINT-SIZE="{sizes.legend}">{table}{body}</TABLE></FONT>'


def organisation_outline(org: OrganisationMap) -> str:
    """The organisation map as plain text: the accessible alternative to the diagram.

    Each corporate outcome in priority order with the services that support it and
    those that undermine it (largest first), then the services by department, then
    the gaps.
    """
    p = org.portfolio
    title = f"{p.framework.title}: the organisation map"
    count = len(p.figures)
    out = [
        title,
        "=" * len(title),
        f"{count} service{'s' * (count != 1)} mapped to {len(p.outcomes)} corporate outcomes, "
        f"listed in priority order (priorities from "
        f"{_SOURCES.get(p.priorities.source, p.priorities.source)}). A service's "
        "contribution to an outcome is the sum over its activities of their influence on the "
        "boxes tagged with the outcome's code: positive supports it, negative undermines it.",
        "",
        "Corporate outcomes, in priority order",
    ]
    outcomes = p.framework.outcome_map()
    support = {o.code: o for o in p.outcomes}
    for place, code in enumerate(priority_order(p), 1):
        outcome, measured = outcomes[code], support[code]
        lead = org.department_label(outcome.department) if outcome.department else "none"
        out.append(
            f"{place}. {code} {outcome.label} (lead: {lead}; priority {measured.priority:.0%}; "
            f"support {_contribution_text(measured.support)})"
        )
        if code in p.gaps:
            out.append("   - a gap: no service reaches it")
            continue
        ranked = sorted(measured.contributors.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        helping = [f"{s} ({_contribution_text(v)})" for s, v in ranked if v > 0]
        harming = [f"{s} ({_contribution_text(v)})" for s, v in ranked if v < 0]
        cancelled = [s for s, v in ranked if v == 0]
        if helping:
            out.append("   - supported by: " + "; ".join(helping))
        if harming:
            out.append("   - undermined by: " + "; ".join(harming))
        if cancelled:
            out.append("   - reached, on balance no effect: " + "; ".join(cancelled))
    out += ["", "Services by department"]
    scores = {s.model: s.score for s in p.services}
    for department in _department_order(org):
        members = [f.title for f in p.figures if org.homes[f.title] == department]
        listed = "; ".join(f"{m} (score {_score_text(scores[m])})" for m in members)
        out.append(f"- {org.department_label(department)}: {listed}")
    gaps = "; ".join(f"{c} {outcomes[c].label}" for c in p.gaps) or "none"
    out += ["", f"Gaps (corporate outcomes no service reaches): {gaps}."]
    return "\n".join(out)


def map_format(path: Path) -> str:
    """The format a path's suffix names, for ``toc orgmap -o``.

    Examples
    --------
    >>> map_format(Path("map.TXT")), map_format(Path("map.pdf"))
    ('txt', 'pdf')
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in MAP_FORMATS:
        raise UnsupportedFormatError(
            f"{path.suffix or 'no suffix'!r} is not a format of the organisation map: use "
            ".svg, .png, .pdf, .dot or .txt (the text alternative)",
            path=str(path),
        )
    return fmt


def organisation_bytes(org: OrganisationMap, fmt: str, *, page: str | None = None) -> bytes:
    """The organisation map as the bytes of an SVG, PNG, PDF, DOT or text file.

    An SVG carries the outline as its ``<desc>``; a PDF for a ``page`` is placed on true
    A4 or A3 landscape sheets, text never below 7 pt (:mod:`toc.diagram.paper`).
    """
    if fmt == "txt":
        return (organisation_outline(org) + "\n").encode("utf-8")
    paper = fmt == "pdf" and page is not None
    dot = organisation_dot(org, page=page, for_paper=paper)
    if fmt == "dot":
        return dot.encode("utf-8")
    payload = dot_to_bytes(dot, fmt)
    if paper and page is not None:
        payload = on_sheets(payload, sheet(page), smallest_pt=type_sizes(for_paper=True).smallest)
    if fmt == "svg":
        title = f"{org.portfolio.framework.title}: the organisation map"
        payload = with_text_alternative(payload, title, organisation_outline(org))
    return payload


def render_organisation_map(
    org: OrganisationMap, path: str | os.PathLike[str], *, page: str | None = None
) -> None:
    """Write the organisation map to ``path``, in the format its suffix names.

    Examples
    --------
    >>> import tempfile
    >>> fw = Framework(title="t", scheme="council", outcomes=[{"code": "O1", "label": "A"}])
    >>> out = Path(tempfile.mkdtemp()) / "map.gif"
    >>> render_organisation_map(organisation_map(fw, []), out)
    Traceback (most recent call last):
    ...
    toc.errors.UnsupportedFormatError: ...: '.gif' is not a format of the organisation map: use .svg, .png, .pdf, .dot or .txt (the text alternative)
    """
    path = Path(path)
    payload = organisation_bytes(org, map_format(path), page=page)
    try:
        path.write_bytes(payload)
    except OSError as err:
        raise RenderError(f"cannot write the map: {err.strerror}", path=str(path)) from err
