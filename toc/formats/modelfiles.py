"""Reading and writing model files: YAML, JSON, XLSX, a pair of CSV files, and other tools' files.

Other tools' files: GraphML (``.graphml``, :mod:`toc.formats.graphml`), a Kumu
blueprint (``.kumu.json``, :mod:`toc.formats.kumu`) and, write only, Mermaid
(``.mmd``, :mod:`toc.formats.mermaid`).  In every file a person types, a box
may leave out its id and a link may name boxes by label
(:mod:`toc.formats.labelled`).

Loading is safe (plain data only, never arbitrary objects), bounded in size,
and every problem is reported with the file and the line (text files) or the
sheet and row (spreadsheets).  Writing is deterministic: the same model gives
the same bytes.

Examples
--------
>>> import tempfile, pathlib
>>> from toc.model import LogicModel
>>> m = LogicModel(title="Café ☕ & <friends>")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> dump_model(m, folder / "m.yaml")
>>> (folder / "m.yaml").read_text(encoding="utf-8")
'version: 1\\ntitle: Café ☕ & <friends>\\n'
>>> load_model(folder / "m.yaml") == m
True
"""

from __future__ import annotations

import os
from pathlib import Path

from toc.collector import collector_paused
from toc.errors import FileTooLargeError, ModelFileError, TocError, UnsupportedFormatError
from toc.formats.graphml import graphml_bytes, model_from_graphml
from toc.formats.jsonmodel import fast_model
from toc.formats.kumu import kumu_bytes, model_from_kumu
from toc.formats.labelled import given_ids
from toc.formats.limits import max_file_bytes, read_bytes
from toc.formats.lines import line_of
from toc.formats.mermaid import mermaid_text
from toc.formats.spreadsheet import read_csv_pair, read_xlsx, write_csv_pair, xlsx_bytes
from toc.formats.spreadsheet.numberfields import json_may_hold_number_problems, number_problems
from toc.formats.textfiles import decoded, parsed, text_bytes
from toc.model import LogicModel, dump_dict, model_from_data

__all__ = [
    "FORMATS",
    "WRITE_ONLY",
    "dump_model",
    "dumps_model",
    "format_of",
    "load_model",
    "loads_model",
]

#: The formats read and written.
FORMATS = ("yaml", "json", "xlsx", "csv", "graphml", "kumu")
#: The formats only written: Mermaid is a diagram for documents, not a model.
WRITE_ONLY = ("mermaid",)
_SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".graphml": "graphml",
    ".mmd": "mermaid",
}
_NAMED = ".yaml, .yml, .json, .xlsx, .csv, .graphml, .kumu.json or .mmd (write only)"


def format_of(path: str | os.PathLike[str]) -> str:
    """The file format a path's suffix names.

    Examples
    --------
    >>> format_of("model.yml"), format_of("m.JSON"), format_of("youth-nodes.csv")
    ('yaml', 'json', 'csv')
    >>> format_of("map.Kumu.json"), format_of("m.graphml"), format_of("m.mmd")
    ('kumu', 'graphml', 'mermaid')
    >>> format_of("m.docx")
    Traceback (most recent call last):
    ...
    toc.errors.UnsupportedFormatError: m.docx: '.docx' is not a model format: use .yaml, .yml, .json, .xlsx, .csv, .graphml, .kumu.json or .mmd (write only)
    """
    name = Path(path).name.lower()
    if name.endswith(".kumu.json"):  # before .json: a Kumu blueprint is JSON too
        return "kumu"
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UnsupportedFormatError(
            f"{suffix or 'no suffix'!r} is not a model format: use {_NAMED}", path=str(path)
        )
    return _SUFFIXES[suffix]


def load_model(path: str | os.PathLike[str]) -> LogicModel:
    """Load a model from a YAML, JSON, XLSX, CSV, GraphML or Kumu file.

    A CSV model is two files: a path ending in ``nodes.csv`` and, beside it,
    the same name with ``links`` in place of ``nodes``.

    Raises
    ------
    toc.errors.TocError
        With the file, the line or row, and the bad value, for any bad input.
    """
    path = Path(path)
    fmt = format_of(path)
    if fmt == "csv":
        model: LogicModel = read_csv_pair(path)
        return model
    raw = b"" if fmt in WRITE_ONLY else read_bytes(path)  # refused with the reason
    return loads_model(raw, fmt, source=str(path))


def loads_model(raw: bytes, fmt: str, *, source: str = "<upload>") -> LogicModel:
    """Load a model from the bytes of a YAML, JSON, XLSX, GraphML or Kumu file (e.g. an upload).

    A box may leave out its id and a link may name a box by its label (see
    :mod:`toc.formats.labelled`).
    """
    if fmt == "mermaid":
        raise UnsupportedFormatError(
            "Mermaid (.mmd) is write only: toc writes it for documents but cannot read a "
            "model back from it; load the .yaml, .json or .xlsx it was made from",
            path=source,
        )
    if len(raw) > max_file_bytes():
        raise FileTooLargeError(
            f"the file is {len(raw):,} bytes, over the limit of {max_file_bytes():,}: "
            "split the model, or raise TOC_MAX_FILE_BYTES",
            path=source,
        )
    if fmt == "xlsx":
        model: LogicModel = read_xlsx(raw, source=source)
        return model
    if fmt == "graphml":
        return model_from_graphml(raw, source)
    if fmt == "json":
        with collector_paused():
            quick = fast_model(raw)  # most JSON files: no decoding, one pass
        if quick is not None:
            return quick
    text = decoded(raw, source)
    if fmt == "kumu":
        return model_from_kumu(text, source)
    with collector_paused():
        data = parsed(text, fmt, source)
        lines = line_of(text)
        found = given_ids(data, lambda loc: f"line {lines(loc)}" if lines(loc) else None)
        skip = fmt == "json" and not json_may_hold_number_problems(text)
        found += [] if skip else number_problems(data)
        return model_from_data(data, source=source, lines=lines, found=found)


def dumps_model(model: LogicModel, fmt: str) -> bytes:
    """The bytes of a model file in ``fmt``: ``yaml``, ``json``, ``xlsx``, ``graphml``,
    ``kumu`` or ``mermaid``.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> print(dumps_model(LogicModel(title="t"), "json").decode())
    {
      "version": 1,
      "title": "t"
    }
    <BLANKLINE>
    """
    if fmt == "xlsx":
        payload: bytes = xlsx_bytes(model)
        return payload
    if fmt in ("json", "yaml"):
        return text_bytes(dump_dict(model), fmt)
    writers = {"graphml": graphml_bytes, "kumu": kumu_bytes}
    if fmt in writers:
        return writers[fmt](model)
    if fmt == "mermaid":
        return mermaid_text(model).encode("utf-8")
    raise UnsupportedFormatError(
        f"cannot write {fmt!r}: use yaml, json, xlsx, graphml, kumu or mermaid"
    )


def dump_model(model: LogicModel, path: str | os.PathLike[str]) -> None:
    """Write a model to a file in the format its suffix names.

    A model the format cannot hold (a text too long for a workbook cell) is
    refused with the file's name, and nothing is written.
    """
    path = Path(path)
    fmt = format_of(path)
    try:
        if fmt == "csv":
            write_csv_pair(model, path)
            return
        payload = dumps_model(model, fmt)
    except TocError as err:
        err.path = err.path or str(path)
        raise
    try:
        path.write_bytes(payload)
    except OSError as err:
        raise ModelFileError(f"cannot write the file: {err.strerror}", path=str(path)) from err
