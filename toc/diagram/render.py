"""Turning DOT into files: SVG, PNG and PDF through Graphviz itself.

Graphviz runs through pygraphviz, whose wheels carry Graphviz, so rendering
works after ``pip install`` alone.  Set ``TOC_GRAPHVIZ=system`` to use a
``dot`` program on the PATH instead (for a newer Graphviz, say).

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "Café <&> 中文", "stage": "activity"}]})
>>> render_bytes(m, "svg").startswith(b"<?xml")
True
>>> render_bytes(m, "png")[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from toc.diagram.dot import sheet, to_dot, type_sizes
from toc.diagram.focus import narrowed
from toc.diagram.labels import printable
from toc.diagram.outline import outline
from toc.diagram.paper import on_sheets
from toc.errors import RenderError, UnsupportedFormatError
from toc.model import LogicModel

__all__ = [
    "DIAGRAM_FORMATS",
    "MAX_DIAGRAM_BOXES",
    "check_drawable",
    "dot_to_bytes",
    "max_diagram_boxes",
    "render",
    "render_bytes",
    "with_text_alternative",
    "without_timestamp",
]

DIAGRAM_FORMATS = ("svg", "png", "pdf", "dot")
_CREATION_DATE = re.compile(rb"(/CreationDate \(D:)\d{14}")
MAX_DIAGRAM_BOXES = 500
PNG_DPI = "150"  # sharp enough for a printed A4 page, small enough for a web page


def diagram_format(path: Path) -> str:
    """The diagram format a path's suffix names.

    Examples
    --------
    >>> diagram_format(Path("out/model.PNG"))
    'png'
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in DIAGRAM_FORMATS:
        raise UnsupportedFormatError(
            f"{path.suffix or 'no suffix'!r} is not a diagram format: use .svg, .png, .pdf or .dot",
            path=str(path),
        )
    return fmt


def render_bytes(
    model: LogicModel,
    fmt: str,
    *,
    page: str | None = None,
    focus: str | None = None,
    large_text: bool = False,
    department: str | None = None,
    top: int | None = None,
) -> bytes:
    """The diagram of ``model`` as the bytes of an SVG, PNG, PDF or DOT file.

    An SVG carries the model's title and its :func:`~toc.diagram.outline` as its
    ``<title>`` and ``<desc>``, so a screen reader can read the diagram out.  A PDF for
    a ``page`` is a set of true A4 or A3 landscape sheets (:mod:`toc.diagram.paper`):
    fitted to one sheet when its text stays at 7 pt or more, else tiled across several.
    """
    paper = fmt == "pdf" and page is not None
    shown = narrowed(model, focus=focus, department=department, top=top)
    check_drawable(model, shown)
    dot = to_dot(
        model, page=page, focus=focus, large_text=large_text, for_paper=paper,
        department=department, top=top,
    )  # fmt: skip
    if fmt == "dot":
        return dot.encode("utf-8")
    payload = dot_to_bytes(dot, fmt)
    if paper and page is not None:
        smallest = type_sizes(large_text=large_text, for_paper=True).smallest
        payload = on_sheets(payload, sheet(page), smallest_pt=smallest)
    if fmt == "svg":
        payload = with_text_alternative(payload, shown.title, outline(shown))
    return payload


def with_text_alternative(svg: bytes, title: str, description: str) -> bytes:
    r"""The SVG with ``title`` and ``description`` as the first children of its root.

    Examples
    --------
    >>> with_text_alternative(b'<svg width="1">\n<g/></svg>', "A & B", "text")
    b'<svg width="1">\n<title>A &amp; B</title>\n<desc>text</desc>\n<g/></svg>'
    """
    start = svg.find(b"<svg")
    end = svg.find(b">", start) + 1
    if start < 0 or end <= 0:
        return svg
    words = f"\n<title>{xml_escape(printable(title))}</title>\n"
    words += f"<desc>{xml_escape(printable(description))}</desc>"
    return svg[:end] + words.encode("utf-8") + svg[end:]


def render(
    model: LogicModel,
    path: str | os.PathLike[str],
    *,
    page: str | None = None,
    focus: str | None = None,
    department: str | None = None,
    top: int | None = None,
) -> None:
    """Write the diagram of ``model`` to ``path``, in the format its suffix names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from toc.model import LogicModel
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "diagram.pdf"
    >>> render(LogicModel(title="t"), out)
    >>> out.read_bytes()[:4]
    b'%PDF'
    >>> render(LogicModel(title="t"), out.with_suffix(".gif"))
    Traceback (most recent call last):
    ...
    toc.errors.UnsupportedFormatError: ...: '.gif' is not a diagram format: use .svg, .png, .pdf or .dot
    """
    path = Path(path)
    fmt = diagram_format(path)
    payload = render_bytes(model, fmt, page=page, focus=focus, department=department, top=top)
    try:
        path.write_bytes(payload)
    except OSError as err:
        raise RenderError(f"cannot write the diagram: {err.strerror}", path=str(path)) from err


def max_diagram_boxes() -> int:
    """The most boxes one diagram draws: ``TOC_MAX_DIAGRAM_BOXES``, else 500."""
    raw = os.environ.get("TOC_MAX_DIAGRAM_BOXES", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_DIAGRAM_BOXES


def check_drawable(model: LogicModel, shown: LogicModel) -> None:
    """Refuse a diagram of more boxes than :func:`max_diagram_boxes`, saying what to draw instead.

    Past a few hundred boxes a diagram cannot be read on a page or a screen, and
    Graphviz takes minutes to lay it out (4 s for 400 boxes on the benchmark machine,
    minutes for thousands).

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t", "nodes": [
    ...     {"id": f"a{i}", "label": "A", "stage": "activity"} for i in range(3)]})
    >>> check_drawable(m, m)
    """
    limit = max_diagram_boxes()
    if len(shown.nodes) <= limit:
        return
    departments = ", ".join(d.id for d in model.departments[:4]) or "none declared"
    raise RenderError(
        f"this diagram would have {len(shown.nodes):,} boxes, more than the {limit:,} a "
        "readable diagram can hold (and Graphviz would take minutes): draw part of it, "
        f"with --top 10 (the pathways of the ten strongest drivers), --department ID "
        f"(departments: {departments}) or --focus ACTIVITY; or raise the limit with "
        "TOC_MAX_DIAGRAM_BOXES"
    )


def dot_to_bytes(dot: str, fmt: str, dpi: str = PNG_DPI) -> bytes:
    """Lay out DOT with Graphviz's ``dot`` and return the file in ``fmt`` (a PNG at ``dpi``)."""
    if fmt not in DIAGRAM_FORMATS[:-1]:
        raise UnsupportedFormatError(f"cannot render {fmt!r}: use svg, png or pdf")
    args = ["-Gdpi=" + dpi] if fmt == "png" else []
    if os.environ.get("TOC_GRAPHVIZ") == "system":
        payload = _system_dot(dot, fmt, args)
    else:
        payload = _bundled_dot(dot, fmt, args)
    return without_timestamp(payload) if fmt == "pdf" else payload


def without_timestamp(pdf: bytes) -> bytes:
    """The PDF with its creation date fixed, so the same model gives the same bytes.

    The date keeps its length, so the offsets in the PDF's cross-reference table hold.

    Examples
    --------
    >>> without_timestamp(b"<< /CreationDate (D:20261122003949Z) >>")
    b'<< /CreationDate (D:20000101000000Z) >>'
    """
    return _CREATION_DATE.sub(rb"\g<1>20000101000000", pdf, count=1)


def _bundled_dot(dot: str, fmt: str, args: list[str]) -> bytes:
    import pygraphviz

    try:
        graph = pygraphviz.AGraph(string=dot)
        payload: bytes = graph.draw(format=fmt, prog="dot", args=" ".join(args))
    except (OSError, ValueError) as err:
        raise RenderError(f"Graphviz could not draw the diagram: {err}") from err
    return payload


def _system_dot(dot: str, fmt: str, args: list[str]) -> bytes:
    program = shutil.which("dot")
    if program is None:
        raise RenderError(
            "TOC_GRAPHVIZ=system, but there is no 'dot' program on the PATH: install "
            "Graphviz, or unset TOC_GRAPHVIZ to use the Graphviz bundled with pygraphviz"
        )
    done = subprocess.run(
        [program, f"-T{fmt}", *args], input=dot.encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"Graphviz could not draw the diagram: {message}")
    return done.stdout
