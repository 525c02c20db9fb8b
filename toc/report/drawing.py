"""The report's figure: the diagram as `toc render` draws it, with its text alternative.

The SVG is the one ``toc render -o OUT.svg --page PAGE`` writes (its ``<title>`` and
``<desc>`` carry the title and the outline); the PNG is drawn from the same DOT at
:data:`PRINT_DPI`, for Word, whose SVG support needs a PNG beside it anyway.  A model
too big to draw readably gets no images, and the figure says why: the outline that
follows it still holds every box.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "Mentoring", "stage": "activity"}]})
>>> figure = diagram_figure(m, "a4")
>>> figure.png[:4], figure.svg.startswith(b"<?xml"), figure.alt
(b'\\x89PNG', True, "Diagram of 't': 1 box in columns by stage (1 activity) and no links. ...")
"""

from __future__ import annotations

import struct
from collections import Counter

from toc.diagram import render_bytes, to_dot
from toc.diagram.render import check_drawable, dot_to_bytes
from toc.errors import RenderError
from toc.model import STAGES, LogicModel
from toc.report.pack import Figure

__all__ = ["PRINT_DPI", "diagram_alt", "diagram_figure"]

PRINT_DPI = 300  # the resolution print and Word expect of a picture


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def diagram_alt(model: LogicModel) -> str:
    """The short text alternative of the diagram: what it shows, and where the rest is.

    Examples
    --------
    >>> diagram_alt(LogicModel(title="Empty"))
    "Diagram of 'Empty': 0 boxes in columns by stage and no links. ..."
    """
    counts = Counter(n.stage for n in model.nodes)
    stages = ", ".join(_plural(counts[s], s.value, _many(s.value)) for s in STAGES if counts[s])
    negative = sum(link.weight < 0 for link in model.links)
    links = _plural(len(model.links), "link") if model.links else "no links"
    return (
        f"Diagram of {model.title!r}: {_plural(len(model.nodes), 'box', 'boxes')} in columns "
        f"by stage{f' ({stages})' if stages else ''} and {links}"
        + (f", {negative} of them undermining (red, dashed)" if negative else "")
        + ". The text alternative after the diagram describes every box and link in words."
    )


def _many(stage: str) -> str:
    return "activities" if stage == "activity" else f"{stage}s"


def diagram_figure(model: LogicModel, page: str) -> Figure:
    """The diagram of ``model`` laid out for ``page`` (``a4`` or ``a3``), as SVG and PNG."""
    caption = f"The theory of change, {model.title}, by stage"
    alt = diagram_alt(model)
    try:
        check_drawable(model, model)
        svg = render_bytes(model, "svg", page=page)
        png = dot_to_bytes(to_dot(model, page=page), "png", dpi=str(PRINT_DPI))
    except RenderError as err:
        return Figure(caption, alt, missing=f"The diagram is not drawn here: {err}.")
    width, height = struct.unpack(">II", png[16:24])  # the PNG header's IHDR size
    return Figure(caption, alt, svg, png, width / PRINT_DPI, height / PRINT_DPI)
