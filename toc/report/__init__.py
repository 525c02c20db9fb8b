"""The report pack: a model's diagram, analysis, value and registers as Word or HTML.

:func:`report_bytes` builds the pack once (:func:`~toc.report.contents.report_pack`,
plain data) and lays it out as a ``.docx`` (:mod:`toc.report.wordfile`) or one
self-contained ``.html`` page (:mod:`toc.report.htmlfile`); :func:`write_report`
writes it where the suffix says.  ``toc report MODEL -o OUT.docx|OUT.html`` runs it.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "Mentoring", "stage": "activity"}]})
>>> report_bytes(m, "html").startswith(b"<!DOCTYPE html>")
True
>>> report_bytes(m, "docx")[:2]
b'PK'
"""

from __future__ import annotations

import os
from pathlib import Path

from toc.errors import RenderError, UnsupportedFormatError
from toc.model import LogicModel
from toc.monitoring import Monitoring
from toc.report.contents import REPORT_PAGES, report_pack
from toc.report.htmlfile import html_report
from toc.report.pack import Figure
from toc.report.wordfile import word_report

__all__ = [
    "REPORT_FORMATS",
    "REPORT_PAGES",
    "report_bytes",
    "report_format",
    "report_pack",
    "write_report",
]

REPORT_FORMATS = ("docx", "html")


def report_format(path: str | os.PathLike[str]) -> str:
    """The report format a path's suffix names.

    Examples
    --------
    >>> report_format("pack.DOCX"), report_format("pack.htm")
    ('docx', 'html')
    >>> report_format("pack.pdf")
    Traceback (most recent call last):
    ...
    toc.errors.UnsupportedFormatError: ...'.pdf' is not a report format: use .docx or .html
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = "html" if suffix == "htm" else suffix
    if fmt not in REPORT_FORMATS:
        raise UnsupportedFormatError(
            f"{Path(path).suffix or 'no suffix'!r} is not a report format: use .docx or .html",
            path=str(path),
        )
    return fmt


def report_bytes(
    model: LogicModel,
    fmt: str,
    *,
    page: str = "a4",
    template: Path | None = None,
    figure: Figure | None = None,
    monitoring: Monitoring | None = None,
) -> bytes:
    """The report pack of ``model`` as the bytes of a ``docx`` or ``html`` file.

    ``template`` (Word only) is a ``.docx`` whose styles, headers and footers the
    report takes; ``figure`` is the diagram when the caller has drawn it already.
    """
    if fmt not in REPORT_FORMATS:
        raise UnsupportedFormatError(f"cannot write a {fmt!r} report: use docx or html")
    if template is not None and fmt != "docx":
        raise UnsupportedFormatError("--template is a Word document: it applies to .docx only")
    pack = report_pack(model, page, figure, monitoring)
    if fmt == "docx":
        return word_report(pack, template)
    return html_report(pack).encode("utf-8")


def write_report(
    model: LogicModel,
    path: str | os.PathLike[str],
    *,
    page: str = "a4",
    template: Path | None = None,
    monitoring: Monitoring | None = None,
) -> None:
    """Write the report pack of ``model`` to ``path``, in the format its suffix names."""
    fmt = report_format(path)
    payload = report_bytes(model, fmt, page=page, template=template, monitoring=monitoring)
    try:
        Path(path).write_bytes(payload)
    except OSError as err:
        raise RenderError(f"cannot write the report: {err.strerror}", path=str(path)) from err
