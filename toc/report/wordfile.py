"""The report pack as a Word file (python-docx), in the document's own styles.

Headings use the styles ``Heading 1`` and ``Heading 2`` (so Word's table of contents
finds them), the title ``Title``, captions ``Caption`` with a ``SEQ`` field (so a table
of figures finds them: tables captioned above, the figure below), and tables ``Table
Grid`` with a header row that repeats on every page.  The diagram is a 300 dpi PNG with
its text alternative as the picture's description and title.

A house template (``template``) supplies the styles, headers, footers and margins: its
body is cleared and the report written into it, on the page size asked for.  A style
the template lacks is copied in from python-docx's default template (with the styles
it is based on), so a template never needs every style; a file that is not a Word
document is refused with the reason.

The same pack gives the same bytes: the document's dates are fixed, and so are the
dates of the parts inside the file.

Examples
--------
>>> from toc.report.pack import Pack, Paragraph, Section
>>> data = word_report(Pack("Title", "", "a4", [Section("One", [Paragraph("text")])]))
>>> data[:2], data == word_report(Pack("Title", "", "a4", [Section("One", [Paragraph("text")])]))
(b'PK', True)
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Inches, Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from toc.diagram.labels import printable
from toc.diagram.style import PAGES
from toc.errors import TocError
from toc.report.pack import Block, Figure, Pack, Paragraph, Preformatted, Table

__all__ = ["STYLES", "word_report"]

#: The paragraph and table styles the report uses; a template lacking one gets python-docx's.
STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Caption", "Table Grid")
_FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
_CAPTION = re.compile(r"^(Figure|Table) (\d+): (.*)$", re.DOTALL)
_MARGIN = Inches(0.7)
KEEP_TOGETHER = 12  # a table of this many rows or fewer is kept on one page


def _safe(text: str) -> str:
    """Text Word can hold: characters XML forbids (control codes) shown as ``�``."""
    return printable(text)


def _opened(template: Path | None) -> Document:
    if template is None:
        return docx.Document()
    try:
        document = docx.Document(str(template))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as err:
        raise TocError(
            f"the template cannot be used: {err}; give a Word document saved as .docx "
            "(a .dotx template: open it in Word and save it as a .docx)",
            path=str(template),
        ) from err
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _with_styles(document: Document) -> None:
    """Copy into ``document`` every style of :data:`STYLES` it lacks, from python-docx's own."""
    have = {s.name for s in document.styles}
    missing = [name for name in STYLES if name not in have]
    if not missing:
        return
    default = docx.Document()
    by_id = {s.style_id: s for s in default.styles}
    wanted: list[str] = []
    queue = [default.styles[name].style_id for name in missing]
    while queue:
        style_id = queue.pop()
        style = by_id.get(style_id)
        if style is None or style.name in have or style_id in wanted:
            continue
        wanted.append(style_id)
        for link in ("w:basedOn", "w:link", "w:next"):
            found = style.element.find(qn(link))
            if found is not None:
                queue.append(found.get(qn("w:val")))
    for style_id in wanted:
        document.styles.element.append(copy.deepcopy(by_id[style_id].element))


def _page(document: Document, page: str, template: Path | None) -> None:
    size = PAGES[page]
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Inches(size.width), Inches(size.height)
        if template is None:
            section.left_margin = section.right_margin = _MARGIN
            section.top_margin = section.bottom_margin = _MARGIN


def _text_width(document: Document) -> int:
    section = document.sections[-1]
    width = section.page_width or Inches(PAGES["a4"].width)
    return int(width - (section.left_margin or 0) - (section.right_margin or 0))


def _caption(document: Document, caption: str) -> WordParagraph:
    """A ``Caption`` paragraph whose number is a ``SEQ`` field, as Word's own captions are."""
    paragraph = document.add_paragraph(style="Caption")
    found = _CAPTION.match(caption)
    if found is None:
        paragraph.add_run(_safe(caption))
        return paragraph
    kind, number, rest = found.groups()
    paragraph.add_run(f"{kind} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {kind} \\* ARABIC ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = number
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(f": {_safe(rest)}")
    return paragraph


def _table(document: Document, table: Table) -> None:
    """A caption, then a table whose header row repeats on every page.

    Each body row is a copy of one styled pattern row with its text put in: python-docx's
    ``add_row`` costs about half a millisecond a row, too slow for a register of thousands.
    """
    _caption(document, table.caption).paragraph_format.keep_with_next = True
    grid = document.add_table(rows=2, cols=len(table.header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    width = _text_width(document)
    _set_widths(grid, column_shares(table, room=width / Inches(1) * 11), width)
    head, pattern = grid.rows
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for index, (cell, name) in enumerate(zip(head.cells, table.header, strict=True)):
        _cell(cell.paragraphs[0], name, table.is_numeric(index), bold=True)
    kept = len(table.rows) <= KEEP_TOGETHER
    for index, cell in enumerate(pattern.cells):
        paragraph = cell.paragraphs[0]
        paragraph.add_run()._r.add_t("")
        paragraph.paragraph_format.keep_with_next = kept or None
        if table.is_numeric(index):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    model = pattern._tr
    grid._tbl.remove(model)
    for row in table.rows:
        grid._tbl.append(_filled(model, row))
    if kept and table.rows:
        for keep in grid._tbl[-1].iter(qn("w:keepNext")):
            keep.getparent().remove(keep)
    document.add_paragraph()


def _filled(pattern: BaseOxmlElement, values: tuple[str, ...]) -> BaseOxmlElement:
    """A copy of the pattern row with ``values`` as the text of its cells' runs."""
    row = copy.deepcopy(pattern)
    for text, value in zip(row.iter(qn("w:t")), values, strict=True):
        text.text = _safe(value)
    return row


def column_shares(table: Table, room: float = 130.0) -> list[float]:
    """Each column's width as a share of the text's width (``room`` characters), from its text.

    A table that fits keeps the width its text asks for.  One that does not fills the
    width: each column gets at least its longest word (so "not graded" or "10" never
    breaks inside a word), and the rest is shared by how much more each column's typical
    cell would like.

    Examples
    --------
    >>> column_shares(Table("t", ("#", "assumption"), [("10", "a long reason " * 20)]), 40)
    [0.1325, 0.8675]
    >>> column_shares(Table("t", ("activity", "gain"), [("Mentoring", "0.100")]), 100)
    [0.1335, 0.0875]
    """
    floors, wants = [], []
    for index, name in enumerate(table.header):
        texts = [row[index] for row in table.rows] or [""]
        lengths = [len(t) for t in texts]
        typical = max(sum(lengths) / len(lengths), 0.75 * max(lengths), 1.1 * len(name))
        word = max((len(w) for t in [name, *texts] for w in t.split()), default=1)
        floors.append(min(word, 24) * 1.15 + 3.0)  # a cell's padding is about 3 characters
        wants.append(max(min(typical, 60.0), word * 1.15) + 3.0)
    if sum(wants) <= room:  # a narrow table keeps its own width
        return [round(want / room, 4) for want in wants]
    spare = max(room - sum(floors), 0.0)
    extra = sum(wants) - sum(floors)
    sizes = [f + spare * (w - f) / extra for f, w in zip(floors, wants, strict=True)]
    total = sum(sizes)
    return [round(size / total, 4) for size in sizes]


def _set_widths(grid: WordTable, shares: list[float], width: int) -> None:
    grid.autofit = False
    for column, share in zip(grid.columns, shares, strict=True):
        column.width = Emu(int(width * share))
        for cell in column.cells:
            cell.width = Emu(int(width * share))


def _cell(paragraph: WordParagraph, text: str, numeric: bool, bold: bool = False) -> None:
    run = paragraph.add_run(_safe(text))
    run.bold = bold or None
    if numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _figure(document: Document, figure: Figure) -> None:
    if not figure.png:
        return
    width = min(_text_width(document), int(Inches(figure.width_in)))
    section = document.sections[-1]
    margins = (section.top_margin or 0) + (section.bottom_margin or 0)
    height_room = int((section.page_height or 0) - margins - Inches(1.2))  # and the caption
    height = int(width * figure.height_in / figure.width_in)
    if height > height_room:
        width, height = int(width * height_room / height), height_room
    document.add_picture(io.BytesIO(figure.png), width=width, height=height)
    paragraph = document.paragraphs[-1]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    for described in paragraph._p.iter(qn("wp:docPr"), qn("pic:cNvPr")):
        described.set("descr", _safe(figure.alt))
        described.set("title", _safe(figure.caption))
    _caption(document, figure.caption)


def _outline(document: Document, text: str) -> None:
    for line in text.splitlines():
        body = line.lstrip(" ")
        paragraph = document.add_paragraph(_safe(body))
        layout = paragraph.paragraph_format
        layout.left_indent = Inches(0.2 * (len(line) - len(body)) / 2)
        layout.space_after = Pt(1)


def _block(document: Document, block: Block) -> None:
    if isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Figure):
        _figure(document, block)
    elif isinstance(block, Preformatted):
        _outline(document, block.text)
    elif isinstance(block, Paragraph):
        paragraph = document.add_paragraph(_safe(block.text))
        paragraph.paragraph_format.keep_with_next = True  # with the table it introduces


def _fixed(document: Document, pack: Pack) -> None:
    props = document.core_properties
    props.title, props.author, props.last_modified_by = _safe(pack.title), "toc", "toc"
    props.subject = _safe(pack.subtitle)
    props.created = props.modified = props.last_printed = _FIXED_DATE
    props.revision = 1


def _steady_zip(data: bytes) -> bytes:
    """The file with every part dated 2000-01-01, so the same pack gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def word_report(pack: Pack, template: Path | None = None) -> bytes:
    """The pack as the bytes of a ``.docx`` file, in ``template``'s styles when given."""
    document = _opened(template)
    _with_styles(document)
    _page(document, pack.page, template)
    document.add_paragraph(_safe(pack.title), style="Title")
    if pack.subtitle:
        document.add_paragraph(_safe(pack.subtitle), style="Subtitle")
    for section in pack.sections:
        heading = document.add_paragraph(_safe(section.title), style=f"Heading {section.level}")
        heading.paragraph_format.keep_with_next = True  # never alone at a page's foot
        if section.blocks and isinstance(section.blocks[0], Figure) and section.blocks[0].png:
            # A diagram fills most of a page: it starts one, under its heading (Word keeps
            # a heading with what follows; LibreOffice leaves it behind, alone).
            heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            _block(document, block)
    _fixed(document, pack)
    out = io.BytesIO()
    document.save(out)
    return _steady_zip(out.getvalue())
