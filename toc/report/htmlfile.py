"""The report pack as one self-contained, accessible web page.

Nothing is fetched from anywhere: the styles are in the page, the diagram is inline SVG
(its XML prologue, comments and namespace declarations taken off: the HTML parser
knows SVG), and a Content-Security-Policy forbids every other source.  The page has
a language, one ``h1`` and headings in order, tables with ``th scope`` and captions,
and the diagram as ``role="img"`` with its text alternative as ``aria-label`` (and the
full text alternative after it).  Print styles lay it out on A4 or A3 landscape.

Every piece of the user's text is escaped (:func:`html.escape`), so a label such as
``<script>alert(1)</script>`` shows as typed and runs nowhere.

Examples
--------
>>> from toc.report.pack import Pack, Paragraph, Section
>>> page = html_report(Pack("<b>A & B</b>", "", "a4", [Section("One", [Paragraph("{{x}}")])]))
>>> "<h1>&lt;b&gt;A &amp; B&lt;/b&gt;</h1>" in page, "<p>{{x}}</p>" in page
(True, True)
"""

from __future__ import annotations

import html
import re

from toc.diagram.labels import printable
from toc.report.pack import Block, Figure, Pack, Preformatted, Section, Table

__all__ = ["html_report"]

_PROLOGUE = re.compile(rb"^.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_ROOT = re.compile(rb"<svg\b[^>]*>")
_DROPPED = re.compile(rb'\s(?:xmlns(?::\w+)?|width|height)="[^"]*"')
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_DIAGRAM_HEIGHT = {"a4": "165mm", "a3": "245mm"}  # a landscape sheet less margins and caption

_STYLE = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1a1a1a;
  background: #fff; line-height: 1.45; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; }
h1 { font-size: 2rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem;
  border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; } h3 { margin-top: 1.6rem; }
.subtitle { font-size: 1.15rem; margin-top: 0; }
nav ol { columns: 2; } a { color: #0b4f8a; }
.wrap { overflow-x: auto; margin: .8rem 0 1.4rem; }
table { border-collapse: collapse; font-size: .9rem; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .25rem .5rem; text-align: left;
  vertical-align: top; } thead th { background: #e8e8e8; }
tbody th { font-weight: normal; } .num { text-align: right; white-space: nowrap; }
figure { margin: 1rem 0; } figure svg { width: 100%; height: auto; display: block; }
figcaption { font-weight: bold; margin-top: .4rem; }
pre.outline { white-space: pre-wrap; font-family: inherit; font-size: .9rem;
  background: #f6f6f6; border: 1px solid #ccc; padding: .8rem; }
@media print {
  @page { size: PAGE landscape; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; } a { color: inherit; }
  h2, h3, caption { break-after: avoid; } tr, figure { break-inside: avoid; }
  thead { display: table-header-group; } .wrap { overflow: visible; }
  figure svg { max-height: HEIGHT; }
}
"""


def _text(text: str) -> str:
    """User text made safe for HTML: escaped, and XML's forbidden characters shown as ``�``."""
    return html.escape(printable(text), quote=True)


def inline_svg(svg: bytes, alt: str) -> str:
    r"""A Graphviz SVG fit to sit inside HTML, labelled with ``alt`` as an image.

    Examples
    --------
    >>> inline_svg(b'<?xml version="1.0"?>\n<!-- x -->\n<svg width="9pt" '
    ...            b'xmlns="http://www.w3.org/2000/svg"><g/></svg>\n', "A <b>")
    '<svg role="img" aria-label="A &lt;b&gt;" focusable="false"><g/></svg>'
    """
    body = _COMMENT.sub(b"", _PROLOGUE.sub(b"", svg, count=1)).strip()
    root = _ROOT.match(body)
    if root is None:
        return ""
    opening = _DROPPED.sub(b"", root.group(0)[:-1]).decode("utf-8")
    label = f' role="img" aria-label="{_text(alt)}" focusable="false">'
    return opening + label + body[root.end() :].decode("utf-8")


def _table(table: Table) -> str:
    def cell(index: int, value: str, tag: str = "td") -> str:
        kind = ' class="num"' if table.is_numeric(index) else ""
        scope = ' scope="row"' if tag == "th" else ""
        return f"<{tag}{scope}{kind}>{_text(value)}</{tag}>"

    number = ' class="num"'
    head = "".join(
        f'<th scope="col"{number * table.is_numeric(i)}>{_text(name)}</th>'
        for i, name in enumerate(table.header)
    )
    rows = "".join(
        "<tr>"
        + cell(0, row[0], "th")
        + "".join(cell(i, v) for i, v in enumerate(row) if i)
        + "</tr>\n"
        for row in table.rows
    )
    return (
        f'<div class="wrap"><table>\n<caption>{_text(table.caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody></table></div>"
    )


def _figure(figure: Figure) -> str:
    if not figure.svg:
        return ""
    drawing = inline_svg(figure.svg, figure.alt)
    return f"<figure>\n{drawing}\n<figcaption>{_text(figure.caption)}</figcaption>\n</figure>"


def _block(block: Block) -> str:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, Preformatted):
        return f'<pre class="outline">{_text(block.text)}</pre>'
    return f"<p>{_text(block.text)}</p>"


def _section(number: int, section: Section) -> str:
    tag = f"h{section.level + 1}"
    heading = f'<{tag} id="s{number}">{_text(section.title)}</{tag}>'
    return "\n".join([heading, *(_block(b) for b in section.blocks)])


def _contents(pack: Pack) -> str:
    items = "".join(
        f'<li><a href="#s{n}">{_text(s.title)}</a></li>'
        for n, s in enumerate(pack.sections, 1)
        if s.level == 1
    )
    return f'<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>{items}</ol></nav>'


def html_report(pack: Pack) -> str:
    """The pack as the text of one HTML file that needs nothing else."""
    style = _STYLE.replace("PAGE", pack.page.upper()).replace("HEIGHT", _DIAGRAM_HEIGHT[pack.page])
    subtitle = f'<p class="subtitle">{_text(pack.subtitle)}</p>\n' if pack.subtitle else ""
    sections = "\n".join(_section(n, s) for n, s in enumerate(pack.sections, 1))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        f"<title>{_text(pack.title)}: report pack</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n<header>\n<h1>{_text(pack.title)}</h1>\n{subtitle}</header>\n"
        f"{_contents(pack)}\n<main>\n{sections}\n</main>\n</body>\n</html>\n"
    )
