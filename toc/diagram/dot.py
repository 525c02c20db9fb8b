"""The DOT source of a diagram: one column per stage, left to right, with a legend.

Each column is a ``rank=same`` group headed by a heading node; a chain of
invisible edges between the headings keeps the columns in stage order even
where no link joins two neighbouring stages, and the headings in one row.
Outcomes with a horizon get a sub-column each (short, medium, long term).
The same model always gives the same DOT bytes.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "Youth employment", "nodes": [
...     {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
...     {"id": "jobs", "label": "Young people in work", "stage": "outcome", "priority": 3}],
...   "links": [{"from": "mentoring", "to": "jobs", "weight": 0.6}]})
>>> dot = to_dot(m)
>>> dot.startswith("digraph")
True
>>> "mentoring -> jobs" in dot
True
"""

from __future__ import annotations

from itertools import pairwise

import graphviz

from toc.diagram.focus import narrowed, priority_marks
from toc.diagram.labels import (
    escape,
    legend_label,
    node_label,
    plain,
    title_label,
    weight_text,
)
from toc.diagram.style import (
    FONT,
    HORIZON_HEADINGS,
    LARGE_TYPE,
    NEGATIVE,
    NORMAL_TYPE,
    PAGES,
    POSITIVE,
    PRINT_TYPE,
    STAGE_STYLES,
    TEXT,
    Page,
    TypeSizes,
    department_colours,
    edge_width,
)
from toc.errors import TocError
from toc.model import STAGES, Horizon, Link, LogicModel, Node, Stage

__all__ = ["sheet", "to_dot", "type_sizes"]

Column = tuple[str, str, list[Node]]  # key, heading, nodes
_HORIZONS: tuple[Horizon | None, ...] = (None, Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG)


def to_dot(
    model: LogicModel,
    *,
    page: str | None = None,
    focus: str | None = None,
    large_text: bool = False,
    for_paper: bool = False,
    department: str | None = None,
    top: int | None = None,
) -> str:
    """The Graphviz DOT source of the model's diagram.

    Parameters
    ----------
    model
        The logic model to draw.
    page
        ``"a4"`` or ``"a3"`` to fit a landscape print page; ``None`` for no limit.
    focus
        The id of an activity or input: draw only its pathways to priority outcomes.
    department, top
        Draw only one department's boxes (and their neighbours), or only the pathways of
        the ``top`` driving activities (:func:`~toc.diagram.focus.narrowed`).
    large_text
        Larger type, for a projector in a workshop.
    for_paper
        Type sized for print (:data:`~toc.diagram.style.PRINT_TYPE`) and no size limit:
        :mod:`toc.diagram.paper` places the drawing on ``page`` sheets afterwards.

    Raises
    ------
    toc.errors.TocError
        For an unknown page or focus id.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t", "nodes": [
    ...     {"id": "a", "label": "Mentoring", "stage": "activity"}]})
    >>> 'size="10.89,7.47!"' in to_dot(m, page="a4")
    True
    >>> to_dot(m, page="letter")
    Traceback (most recent call last):
    ...
    toc.errors.TocError: unknown page 'letter': use one of 'a4', 'a3', or no page
    """
    marks = priority_marks(model)  # the priorities in use, before any focus narrows the model
    shown = narrowed(model, focus=focus, department=department, top=top)
    graph = graphviz.Digraph(name="toc", strict=False)
    sizes = type_sizes(large_text=large_text, for_paper=for_paper)
    subtitle = _subtitle(model, focus, department, top)
    _graph_attrs(graph, shown, None if for_paper else page, sizes, subtitle)
    columns = _columns(shown)
    _draw_columns(graph, shown, columns, sizes, marks)
    _draw_headings_in_line(graph, columns)
    column_of = {node.id: key for key, _, nodes in columns for node in nodes}
    for link in shown.links:
        _draw_link(graph, link, flat=column_of[link.from_] == column_of[link.to])
    source: str = graph.source
    return source


def _subtitle(model: LogicModel, focus: str | None, department: str | None, top: int | None) -> str:
    parts = [model.organisation] if model.organisation else []
    if department is not None:
        label = {d.id: d.label for d in model.departments}.get(department, department)
        parts.append(f"Department: {label} and the boxes one link away")
    if top is not None:
        parts.append(f"The pathways of the {top} activities that drive the priorities most")
    if focus is not None:
        label = model.node_map()[focus].label
        parts.append(f"Focus: pathways from “{label}” to priority outcomes")
    return " · ".join(parts)


def _graph_attrs(
    graph: graphviz.Digraph, model: LogicModel, page: str | None, sizes: TypeSizes, subtitle: str
) -> None:
    used = {n.department for n in model.nodes}
    colours = department_colours(model)
    depts = [(d, colours[d.id]) for d in model.departments if d.id in used]
    graph.attr(
        rankdir="LR", newrank="true", nodesep="0.22", ranksep="0.55", fontname=FONT,
        fontcolor=TEXT, labelloc="t", labeljust="l", bgcolor="white", pad="0.2",
        label=title_label(model.title, subtitle, legend_label(depts, sizes=sizes), sizes),
    )  # fmt: skip
    graph.attr("node", shape="box", style="rounded,filled", fontname=FONT, fontsize=str(sizes.box),
               fontcolor=TEXT, margin="0.10,0.05")  # fmt: skip
    graph.attr("edge", fontname=FONT, fontsize=str(sizes.weight), arrowsize="0.7")
    if page is not None:
        _page_attrs(graph, page)


def type_sizes(*, large_text: bool = False, for_paper: bool = False) -> TypeSizes:
    """The type sizes for a screen, a projector (``large_text``) or paper.

    Examples
    --------
    >>> type_sizes().tag, type_sizes(for_paper=True).tag, type_sizes(large_text=True).tag
    (8, 10, 11)
    """
    if large_text:
        return LARGE_TYPE
    return PRINT_TYPE if for_paper else NORMAL_TYPE


def sheet(page: str) -> Page:
    """The print sheet a page name names.

    Examples
    --------
    >>> sheet("a3").name
    'A3 landscape'
    """
    if page not in PAGES:
        choices = ", ".join(repr(p) for p in PAGES)
        raise TocError(f"unknown page {page!r}: use one of {choices}, or no page")
    return PAGES[page]


def _page_attrs(graph: graphviz.Digraph, page: str) -> None:
    chosen = sheet(page)
    graph.attr(size=chosen.drawing_size, ratio="compress", margin=f"{chosen.margin:.2f}")


def _columns(model: LogicModel) -> list[Column]:
    columns: list[Column] = []
    for stage in STAGES:
        nodes = [n for n in model.nodes if n.stage is stage]
        if stage is Stage.OUTCOME and any(n.horizon for n in nodes):
            columns += _horizon_columns(nodes)
        elif nodes:
            columns.append((stage.value, STAGE_STYLES[stage].heading, nodes))
    return columns


def _horizon_columns(nodes: list[Node]) -> list[Column]:
    columns: list[Column] = []
    for horizon in _HORIZONS:
        members = [n for n in nodes if n.horizon is horizon]
        key = f"outcome {horizon.value if horizon else 'any'}"
        if members:
            term = HORIZON_HEADINGS[horizon].lower() if horizon else "term not set"
            columns.append((key, f"Outcomes: {term}", members))
    return columns


def _draw_columns(
    graph: graphviz.Digraph,
    model: LogicModel,
    columns: list[Column],
    sizes: TypeSizes,
    marks: dict[str, str],
) -> None:
    colours = department_colours(model)
    departments = {d.id: d for d in model.departments}
    for key, heading, nodes in columns:
        with graph.subgraph() as column:
            column.attr(rank="same")
            column.node(f"heading {key}", label=f"<<B>{escape(heading.upper())}</B>>",
                        shape="plaintext", style="", fontsize=str(sizes.heading))  # fmt: skip
            for node in nodes:
                dept = departments.get(node.department or "")
                colour = colours.get(node.department or "", "#FFFFFF")
                mark = marks.get(node.id, "")
                _draw_node(column, node, node_label(node, dept, colour, sizes, mark), bool(mark))
                # An invisible edge within the column keeps its heading above every box.
                column.edge(f"heading {key}", node.id, style="invis")


def _draw_node(graph: graphviz.Digraph, node: Node, label: str, priority: bool) -> None:
    style = STAGE_STYLES[node.stage]
    graph.node(
        node.id, label=label, fillcolor=style.fill, color=style.border,
        penwidth="3" if priority else "1.2",
        tooltip=plain(node.description or node.label),
    )  # fmt: skip


def _draw_headings_in_line(graph: graphviz.Digraph, columns: list[Column]) -> None:
    # Heavy invisible edges from heading to heading keep the columns in stage order (even
    # where no link joins two neighbouring columns) and the headings in one straight row.
    keys = [f"heading {key}" for key, _, _ in columns]
    for tail, head in pairwise(keys):
        graph.edge(tail, head, style="invis", weight="100")


def _draw_link(graph: graphviz.Digraph, link: Link, *, flat: bool) -> None:
    colour = NEGATIVE if link.weight < 0 else POSITIVE
    # A label on a link within one column ("flat" in Graphviz) can trip an assertion in dot's
    # mincross (fixLabelOrder) and abort the process; an external label is placed after layout.
    where = "xlabel" if flat else "label"
    graph.edge(
        link.from_, link.to, color=colour, fontcolor=colour, penwidth=edge_width(link.weight),
        style="dashed" if link.weight < 0 else "solid", tooltip=plain(link.assumption or link.id),
        **{where: weight_text(link.weight)},
    )  # fmt: skip
