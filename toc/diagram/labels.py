"""Graphviz HTML-like labels for boxes, the title and the legend.

Every piece of user text passes through :func:`escape`, so quotes, ``<``,
``>``, ``&``, emoji and any script reach the picture as typed.  Long labels
are wrapped at about 22 characters so that columns stay narrow enough for a
landscape page.

Examples
--------
>>> escape('Say "hi" <b> & co')
'Say &quot;hi&quot; &lt;b&gt; &amp; co'
>>> wrapped("Young people in sustained work (6+ months)")
['Young people in', 'sustained work (6+', 'months)']
"""

from __future__ import annotations

import html
import re
import textwrap

import graphviz

from toc.diagram.style import (
    FONT,
    MUTED,
    NEGATIVE,
    NORMAL_TYPE,
    POSITIVE,
    STAGE_STYLES,
    TEXT,
    TypeSizes,
    text_colour_on,
)
from toc.model import Department, Node

__all__ = [
    "WRAP",
    "department_tag",
    "escape",
    "html_label",
    "legend_label",
    "node_label",
    "plain",
    "printable",
    "title_label",
    "weight_text",
    "wrapped",
]

WRAP = 22
LABEL_CHARS = 300  # of a label drawn in a box (the outline keeps all of it)
TOOLTIP_CHARS = 2_000  # of a description shown as a tooltip


# Characters XML 1.0 forbids: Graphviz's HTML parser rejects them and writes a broken SVG.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def printable(text: str) -> str:
    r"""Text with characters that XML forbids (control codes) shown as ``�``.

    Examples
    --------
    >>> printable("bell\x07 tab\t")
    'bell� tab\t'
    """
    return _NOT_XML.sub("\ufffd", text)


def clipped(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: a box is no place for an essay.

    Graphviz refuses strings over 16,384 characters, and a label of a few thousand is
    unreadable on a page anyway; the text outline (the diagram's alternative) keeps
    every word.

    Examples
    --------
    >>> clipped("Young people in work", 12), clipped("Jobs", 12)
    ('Young peopl…', 'Jobs')
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def escape(text: str) -> str:
    """Text made safe inside a Graphviz HTML-like label."""
    # Graphviz reads a backslash in a label as an escape (a backslash and G: the graph name).
    text = html.escape(printable(text), quote=True).replace("&#x27;", "&#39;")
    return text.replace("\\", "\\\\")


def plain(text: str) -> str:
    r"""Text made safe as a plain Graphviz string such as a tooltip.

    Always a quoted string, never an HTML-like one: the ``graphviz`` package passes a
    value that starts with ``<`` and ends with ``>`` through unquoted, so ``<a href=...>``
    typed as a description would become markup in the SVG.  Each backslash becomes
    four: the DOT reader halves them, and then Graphviz's own escapes (``\N`` for the
    node's name) halve them again, so ``\N`` stays as typed.

    Examples
    --------
    >>> print(plain("C:\\temp\\"))
    C:\\\\temp\\\\
    >>> import graphviz
    >>> graphviz.quoting.quote(plain("<b>bold</b>"))
    '"<b>bold</b>"'
    """
    quoted: str = graphviz.nohtml(printable(clipped(text, TOOLTIP_CHARS)).replace("\\", "\\\\\\\\"))
    return quoted


def wrapped(text: str, width: int = WRAP) -> list[str]:
    """The lines of ``text`` wrapped at ``width`` characters; at least one line."""
    return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]


def html_label(body: str) -> str:
    """Mark ``body`` as an HTML-like label for the ``graphviz`` package.

    Examples
    --------
    >>> html_label("<B>x</B>")
    '<<B>x</B>>'
    """
    return f"<{body}>"


def lines(text: str, width: int = WRAP) -> str:
    """Escaped, wrapped text joined by left-aligned line breaks (at most :data:`LABEL_CHARS`)."""
    breaks = '<BR ALIGN="LEFT"/>'
    shown = wrapped(clipped(text, LABEL_CHARS), width)
    return breaks.join(escape(line) for line in shown) + breaks


def weight_text(weight: float) -> str:
    """A weight with its sign, e.g. ``+0.6`` or ``-0.3``.

    Examples
    --------
    >>> weight_text(0.6), weight_text(-0.25), weight_text(1)
    ('+0.6', '-0.25', '+1.0')
    """
    text = f"{weight:+.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def department_tag(dept: Department) -> str:
    """The short capitalised tag for a department, from its id.

    Examples
    --------
    >>> department_tag(Department(id="public-health", label="Public Health"))
    'PUBLIC HEALTH'
    """
    return dept.id.replace("-", " ").replace("_", " ").upper()[:20]


def _tag_cell(dept: Department | None, colour: str, size: int) -> str:
    if dept is None:
        return "<TD></TD>"
    tag = escape(department_tag(dept))
    text = f'<FONT POINT-SIZE="{size}" COLOR="{text_colour_on(colour)}">{tag}</FONT>'
    return f'<TD ALIGN="LEFT" BGCOLOR="{colour}" STYLE="rounded">{text}</TD>'


def node_label(
    node: Node,
    dept: Department | None,
    colour: str,
    sizes: TypeSizes = NORMAL_TYPE,
    priority: str = "",
) -> str:
    """A box's label: department tag and priority mark on top, the wrapped label below.

    ``priority`` is the mark of a priority outcome in use (e.g. ``★ 3``), else empty.
    """
    is_priority = bool(priority)
    mark = f"<B>{escape(priority)}</B>" if is_priority else ""
    text = lines(node.label)
    text = f"<B>{text}</B>" if is_priority else text
    head = f'<TR>{_tag_cell(dept, colour, sizes.tag)}<TD ALIGN="RIGHT">{mark}</TD></TR>'
    if dept is None and not is_priority:
        head = ""
    body = f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT">{text}</TD></TR>'
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
    return html_label(f"{table}{head}{body}</TABLE>")


def title_label(title: str, subtitle: str, legend: str, sizes: TypeSizes = NORMAL_TYPE) -> str:
    """The graph label: title, a muted subtitle line, then the legend."""
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{sizes.title}"><B>{lines(title, 70)}</B></FONT></TD></TR>'
    ]
    if subtitle:
        sub = f'<FONT POINT-SIZE="{sizes.subtitle}" COLOR="{MUTED}">{lines(subtitle, 110)}</FONT>'
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{sub}</TD></TR>')
    rows.append(f'<TR><TD ALIGN="LEFT">{legend}</TD></TR>')
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
    return html_label(f"{table}{''.join(rows)}</TABLE>")


def _key_row(cells: list[str]) -> str:
    return f"<TR>{''.join(cells)}</TR>"


def _text_cell(text: str, colour: str = TEXT, bold: bool = False) -> str:
    body = f"<B>{escape(text)}</B>" if bold else escape(text)
    return f'<TD ALIGN="LEFT"><FONT COLOR="{colour}">{body}</FONT></TD>'


def _swatch(text: str, fill: str, border: str, colour: str = TEXT) -> str:
    body = f'<FONT COLOR="{colour}">{escape(text)}</FONT>'
    return f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" STYLE="rounded">{body}</TD>'


def legend_label(
    departments: list[tuple[Department, str]],
    show_weights: bool = True,
    sizes: TypeSizes = NORMAL_TYPE,
) -> str:
    """The legend as an HTML table: stages, link styles, line width, priority, departments."""
    stages = [_text_cell("Stages:", bold=True)]
    stages += [_swatch(s.heading, s.fill, s.border) for s in STAGE_STYLES.values()]
    links = [
        _text_cell("Links:", bold=True),
        _text_cell("━━▶ contributes (+)", POSITIVE),
        _text_cell("╍╍▶ undermines (−)", NEGATIVE),
        _text_cell("thicker line = stronger link" + (", weight shown" if show_weights else "")),
        _text_cell("★ n  bold box = priority outcome, n its priority"),
    ]
    rows = [_inner_table(stages), _inner_table(links)]
    if departments:
        depts = [_text_cell("Departments:", bold=True)]
        depts += [_swatch(f"{department_tag(d)}", c, c, text_colour_on(c)) for d, c in departments]
        depts += [_text_cell(_department_names(departments), MUTED)]
        rows.append(_inner_table(depts))
    body = "".join(f'<TR><TD ALIGN="LEFT">{row}</TD></TR>' for row in rows)
    table = '<TABLE BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
    return f'<FONT FACE="{FONT}" POINT-SIZE="{sizes.legend}">{table}{body}</TABLE></FONT>'


def _department_names(departments: list[tuple[Department, str]]) -> str:
    return "; ".join(f"{department_tag(d)} = {d.label}" for d, _ in departments)


def _inner_table(cells: list[str]) -> str:
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3">'
    return f"{table}{_key_row(cells)}</TABLE>"
