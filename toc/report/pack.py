"""The report pack as plain data: sections of paragraphs, tables and one figure.

Both writers (:mod:`toc.report.wordfile` and :mod:`toc.report.htmlfile`) lay out the
same :class:`Pack`, so a Word file and a web page of one model say the same things in
the same order, with the same figure and table numbers.  Every string here is the user's
text or a figure as printed; the writers escape it for their surface.

Examples
--------
>>> pack = Pack("Youth service", "Example Council", "a4", [
...     Section("Checks", [Paragraph("Nothing to point out.")]),
...     Section("Tables", [Table("Weights", ("outcome", "weight"), [("Jobs", "60%")])]),
... ])
>>> numbered(pack).sections[1].blocks[0].caption
'Table 1: Weights'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "Block",
    "Figure",
    "Pack",
    "Paragraph",
    "Preformatted",
    "Section",
    "Table",
    "numbered",
]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Preformatted:
    """Lines whose indentation carries their structure (the diagram's text outline)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with one header row; ``numeric`` says which columns hold figures."""

    caption: str
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    numeric: tuple[bool, ...] = ()

    def is_numeric(self, column: int) -> bool:
        """Whether a column holds figures (set right-aligned)."""
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Figure:
    """The diagram, as SVG (for the web) and a 300 dpi PNG (for Word), with its text.

    ``alt`` is the short text alternative on the image itself; the full text
    alternative (the outline) follows the figure in the pack.  Both images are
    empty when the diagram cannot be drawn, and ``missing`` says why.
    """

    caption: str
    alt: str
    svg: bytes = b""
    png: bytes = b""
    width_in: float = 0.0
    height_in: float = 0.0
    missing: str = ""


Block = Paragraph | Preformatted | Table | Figure


@dataclass(frozen=True)
class Section:
    """A heading and what follows it; ``level`` 1 is a chapter, 2 a part of one."""

    title: str
    blocks: Sequence[Block] = field(default_factory=list)
    level: int = 1


@dataclass(frozen=True)
class Pack:
    """The whole report: the title, a subtitle, the page it is laid out for, the sections."""

    title: str
    subtitle: str
    page: str
    sections: list[Section]


def numbered(pack: Pack) -> Pack:
    """The pack with "Figure n: " and "Table n: " before each caption, in reading order."""
    counts = {"Figure": 0, "Table": 0}

    def caption(block: Block) -> Block:
        if isinstance(block, Table | Figure):
            kind = type(block).__name__
            counts[kind] += 1
            return replace(block, caption=f"{kind} {counts[kind]}: {block.caption}")
        return block

    sections = [replace(s, blocks=[caption(b) for b in s.blocks]) for s in pack.sections]
    return replace(pack, sections=sections)
