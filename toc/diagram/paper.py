"""Print pages: a drawing placed on true A4 or A3 landscape sheets, text never below 7 pt.

Graphviz writes a PDF exactly as large as the drawing.  For print, the drawing is
scaled to fit the sheet inside its margins, but never so far that the smallest text
falls below :data:`MIN_TEXT_PT`; a drawing too large for that is tiled across as many
sheets as it needs (columns left to right, then rows top to bottom, each sheet a
window on the same drawing, neighbouring windows overlapping by :data:`OVERLAP_PT` so
a box cut at one sheet's edge is whole on the next), rather than shrunk into
unreadable type.

Examples
--------
>>> from toc.diagram.style import PAGES
>>> plan = sheet_plan(1519.0, 604.0, PAGES["a4"], smallest_pt=10)
>>> plan.scale, plan.columns, plan.rows
(0.7, 2, 1)
>>> sheet_plan(600.0, 300.0, PAGES["a3"], smallest_pt=10).columns
1
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter, Transformation

from toc.diagram.style import Page
from toc.errors import RenderError

__all__ = ["MAX_SCALE", "MIN_TEXT_PT", "SheetPlan", "on_sheets", "sheet_plan"]

MIN_TEXT_PT = 7.0  # the smallest type a printed diagram may have
MAX_SCALE = 1.5  # a small drawing is enlarged to fill the sheet, up to this much
OVERLAP_PT = 72.0  # what neighbouring sheets of a tiled drawing both show
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class SheetPlan:
    """How a drawing goes onto sheets: its scale and how many columns and rows of sheets."""

    scale: float
    columns: int
    rows: int

    @property
    def sheets(self) -> int:
        """How many sheets in all."""
        return self.columns * self.rows


def sheet_plan(width: float, height: float, page: Page, *, smallest_pt: float) -> SheetPlan:
    """The scale and sheet grid for a ``width`` x ``height`` (points) drawing on ``page``.

    ``smallest_pt`` is the smallest type in the drawing at scale 1.
    """
    inner_w, inner_h = _inner(page)
    fit = min(inner_w / width, inner_h / height, MAX_SCALE)
    scale = round(max(fit, MIN_TEXT_PT / smallest_pt), 4)
    return SheetPlan(scale, _count(width * scale, inner_w), _count(height * scale, inner_h))


def _count(length: float, window: float) -> int:
    """How many overlapping windows of ``window`` points cover ``length`` points."""
    if length <= window + 1e-6:
        return 1
    return math.ceil((length - OVERLAP_PT) / (window - OVERLAP_PT) - 1e-6)


def _offsets(length: float, window: float, count: int) -> list[float]:
    """Where each of ``count`` windows starts along ``length``, the spare shared evenly."""
    if count == 1:
        return [(length - window) / 2]  # negative: the drawing is centred in the window
    step = (length - window) / (count - 1)
    return [i * step for i in range(count)]


def _sheet_size(page: Page) -> tuple[float, float]:
    """The sheet in whole points, as print drivers name them (A4: 842 x 595)."""
    return float(round(page.width * POINTS_PER_INCH)), float(round(page.height * POINTS_PER_INCH))


def _inner(page: Page) -> tuple[float, float]:
    margin = page.margin * POINTS_PER_INCH
    sheet_w, sheet_h = _sheet_size(page)
    return sheet_w - 2 * margin, sheet_h - 2 * margin


def on_sheets(pdf: bytes, page: Page, *, smallest_pt: float) -> bytes:
    """The one-page PDF ``pdf`` placed on sheets of ``page`` as :func:`sheet_plan` says.

    A drawing that fits one sheet is centred on it.
    """
    try:
        drawing = PdfReader(io.BytesIO(pdf)).pages[0]
    except Exception as err:  # pypdf raises many kinds; any of them means a bad drawing
        raise RenderError(f"the drawn PDF cannot be read back for paging: {err}") from err
    width, height = float(drawing.mediabox.width), float(drawing.mediabox.height)
    plan = sheet_plan(width, height, page, smallest_pt=smallest_pt)
    writer = PdfWriter()
    sheet_w, sheet_h = _sheet_size(page)
    inner_w, inner_h = _inner(page)
    margin = page.margin * POINTS_PER_INCH
    scaled_w, scaled_h = width * plan.scale, height * plan.scale
    for down in _offsets(scaled_h, inner_h, plan.rows):  # from the drawing's top edge
        for across in _offsets(scaled_w, inner_w, plan.columns):
            sheet = writer.add_blank_page(width=sheet_w, height=sheet_h)
            x = margin - across
            y = margin + inner_h + down - scaled_h
            move = Transformation().scale(plan.scale, plan.scale).translate(x, y)
            sheet.merge_transformed_page(drawing, move)
    writer.add_metadata({"/Producer": "toc"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
