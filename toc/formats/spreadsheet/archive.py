"""An XLSX archive checked before openpyxl reads it, so that reading it is bounded.

A workbook is a zip of XML parts.  Before any part is parsed for its content,
the archive is refused if it

- is not a zip, is an old ``.xls``, or has a password;
- has more than 10,000 parts, unpacks to more than ``TOC_MAX_UNPACKED_BYTES``
  (100 MiB), or has a part larger than 1 MiB that unpacks more than
  ``TOC_MAX_ZIP_RATIO`` (100) times its packed size: a zip bomb;

and every XML part is then streamed once through expat, refusing

- a document type declaration (``<!DOCTYPE``, where entity bombs live);
- nesting deeper than 64, or more than ``TOC_MAX_XML_ELEMENTS`` (4,000,000)
  elements in all, or more than 500,000 in the parts that openpyxl holds in
  memory whole (all but the sheets and the shared strings);
- in a sheet: rows or cells out of order or repeated, a cell outside Excel's
  grid (A1 to XFD1048576), or rows spanning more than 16,000,000 cells in all,
  counting the blanks before the last cell of each row (what a reader walks).

It also notes whether a formula has no saved result, so that the reader can
say which cell (see :mod:`toc.formats.spreadsheet.workbook`).

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.formats.spreadsheet.workbook import xlsx_bytes
>>> checked_archive(xlsx_bytes(LogicModel(title="t")), "m.xlsx").formula_without_value
False
>>> checked_archive(b"PK\\x05\\x06" + bytes(18), "m.xlsx").parts
0
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from toc.errors import ModelFileError
from toc.formats.limits import (
    MAX_DEPTH,
    MAX_UNPACKED_BYTES,
    MAX_XML_ELEMENTS,
    MAX_ZIP_RATIO,
    limit,
)
from toc.formats.spreadsheet.cells import column_index

__all__ = ["MAX_COLUMN", "MAX_ROW", "ArchiveFacts", "checked_archive"]

MAX_PARTS = 10_000
MAX_ROW = 1_048_576  # Excel's grid
MAX_COLUMN = 16_384
MAX_SPAN = 16_000_000
MAX_HELD_ELEMENTS = 500_000
_RATIO_FROM = 1024 * 1024  # smaller parts may pack as tightly as they like
_STREAMED = frozenset({"worksheet", "dialogsheet", "sst"})  # openpyxl reads these row by row
_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_CHUNK = 64 * 1024
_DAMAGED = "open it in Excel and save it again as 'Excel Workbook (.xlsx)'"
_DAMAGE = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    zlib.error,
)  # what zipfile raises for a damaged or oddly packed part


class _Refusal(Exception):
    """Why a part of the archive is refused; the message says what to do."""


@dataclass
class ArchiveFacts:
    """What the checks found out: parts read, and whether a formula lacks a saved result."""

    parts: int = 0
    most_elements: int = MAX_XML_ELEMENTS
    elements: int = 0
    held: int = 0
    span: int = 0
    formula_without_value: bool = False


def checked_archive(raw: bytes, source: str) -> ArchiveFacts:
    """Refuse an archive that is not safe to read (see the module); what was found."""
    _refuse_other_kinds(raw, source)
    facts = ArchiveFacts(most_elements=limit("TOC_MAX_XML_ELEMENTS", MAX_XML_ELEMENTS))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise ModelFileError(
            "this is not an XLSX workbook (it is not a zip archive): save it from Excel "
            "as 'Excel Workbook (.xlsx)', or give a .csv, .yaml or .json file its own suffix",
            path=source,
        ) from err
    try:
        with archive:
            infos = archive.infolist()
            _check_sizes(infos)
            for info in infos:
                _scan_part(archive, info, facts)
    except _Refusal as err:
        raise ModelFileError(str(err), path=source) from err
    except _DAMAGE as err:
        raise ModelFileError(
            f"this workbook is damaged ({_said(err)}): {_DAMAGED}", path=source
        ) from err
    return facts


def _said(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}"
    return text if len(text) <= 160 else text[:157] + "..."


def _refuse_other_kinds(raw: bytes, source: str) -> None:
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise ModelFileError(
            "this is an old-style .xls workbook or a password-protected one: open it in "
            "Excel, remove any password, and save it as 'Excel Workbook (.xlsx)'",
            path=source,
        )
    if raw.count(b"PK\x01\x02") > MAX_PARTS:  # before zipfile reads every entry into memory
        raise ModelFileError(
            f"this workbook has more than {MAX_PARTS:,} parts, far more than a spreadsheet "
            f"program writes: {_DAMAGED}",
            path=source,
        )


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    most = limit("TOC_MAX_UNPACKED_BYTES", MAX_UNPACKED_BYTES)
    ratio = limit("TOC_MAX_ZIP_RATIO", MAX_ZIP_RATIO)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > most:
        raise _Refusal(
            f"this workbook unpacks to {unpacked:,} bytes, over the limit of {most:,}: "
            "split the model, or raise the limit with the environment variable "
            "TOC_MAX_UNPACKED_BYTES"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Refusal(
                "this workbook is password-protected: open it in Excel, remove the password, "
                "and save it again"
            )
        if info.file_size > max(_RATIO_FROM, ratio * info.compress_size):
            raise _Refusal(
                f"the part {_name(info)} unpacks from {info.compress_size:,} to "
                f"{info.file_size:,} bytes, more than {ratio} times, which spreadsheet "
                "programs never do (a zip bomb?): save the workbook again from Excel, or "
                "raise the limit with the environment variable TOC_MAX_ZIP_RATIO"
            )


def _name(info: zipfile.ZipInfo) -> str:
    return repr(info.filename[:80])


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, facts: ArchiveFacts) -> None:
    if info.is_dir():
        return
    scan = _Scan(_name(info), facts)
    with archive.open(info) as stream:
        first = stream.read(_CHUNK)
        if not first or not _looks_like_xml(first):
            return  # a picture or other binary part: openpyxl does not parse it
        scan.feed(first)
        while chunk := stream.read(_CHUNK):
            scan.feed(chunk)
    scan.feed(b"", final=True)
    facts.parts += 1


def _looks_like_xml(start: bytes) -> bool:
    """True unless expat cannot take even the first character: binary parts are not XML."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(start[:1024], False)
    except expat.ExpatError as err:
        return err.offset > 0 or err.lineno > 1
    return True


class _Scan:
    """One XML part streamed through expat, counting and refusing as it goes."""

    def __init__(self, part: str, facts: ArchiveFacts) -> None:
        self.part = part
        self.facts = facts
        self.depth = 0
        self.root: str | None = None
        self.sheet = _Sheet(part, facts)
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True  # one call for a run of text, not one per line
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.StartElementHandler = self._first
        self.parser.EndElementHandler = self._end

    def feed(self, data: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as err:
            raise _Refusal(
                f"the part {self.part} is not well-formed XML ({expat.ErrorString(err.code)}, "
                f"line {err.lineno}): {_DAMAGED}"
            ) from err

    def _doctype(self, *_: Any) -> None:
        raise _Refusal(
            f"the part {self.part} declares a document type (<!DOCTYPE>), which spreadsheet "
            f"programs never write and which can hide an entity bomb: {_DAMAGED}"
        )

    def _first(self, name: str, attrs: dict[str, str]) -> None:
        """The root element says what kind of part this is, and so how to scan the rest."""
        self.root = name.rpartition(" ")[2]
        parser = self.parser
        if self.root in ("worksheet", "dialogsheet"):
            parser.StartElementHandler, parser.EndElementHandler = (
                self._start_sheet,
                self._end_sheet,
            )
            parser.CharacterDataHandler = self.sheet.text
        elif self.root in _STREAMED:
            parser.StartElementHandler = self._start
        else:
            parser.StartElementHandler = self._start_held
        parser.StartElementHandler(name, attrs)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.facts.elements += 1
        if self.facts.elements > self.facts.most_elements or self.depth > MAX_DEPTH:
            self._over()

    def _start_held(self, name: str, attrs: dict[str, str]) -> None:
        self._start(name, attrs)
        self.facts.held += 1
        if self.facts.held > MAX_HELD_ELEMENTS:
            raise _Refusal(
                f"the part {self.part} holds more than {MAX_HELD_ELEMENTS:,} XML "
                f"elements, far more than a spreadsheet program writes: {_DAMAGED}"
            )

    def _start_sheet(self, name: str, attrs: dict[str, str]) -> None:
        self._start(name, attrs)
        self.sheet.start(name.rpartition(" ")[2], attrs)

    def _over(self) -> None:
        if self.depth > MAX_DEPTH:
            raise _Refusal(
                f"the part {self.part} nests its XML more than {MAX_DEPTH} deep: {_DAMAGED}"
            )
        raise _Refusal(
            f"this workbook holds more than {self.facts.most_elements:,} XML elements (cells, "
            "rows, styles), too many to read safely: split the model, or raise the "
            "limit with the environment variable TOC_MAX_XML_ELEMENTS"
        )

    def _end(self, name: str) -> None:
        self.depth -= 1

    def _end_sheet(self, name: str) -> None:
        self.depth -= 1
        self.sheet.end(name.rpartition(" ")[2])


class _Sheet:
    """The rows and cells of one sheet part, as a reader will walk them."""

    def __init__(self, part: str, facts: ArchiveFacts) -> None:
        self.part = part
        self.facts = facts
        self.row = 0
        self.column = 0
        self.in_row = False
        self.in_cell = False
        self.in_value = False
        self.formula = False
        self.value = False

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "c" and self.in_row:
            self._cell(attrs.get("r"))
        elif local == "v" and self.in_cell:
            self.in_value = True
        elif local == "row":
            self._row(attrs.get("r"))
        elif local == "f" and self.in_cell:
            self.formula = True

    def text(self, data: str) -> None:
        if self.in_value and data:
            self.value = True

    def end(self, local: str) -> None:
        if local == "v":
            self.in_value = False
        elif local == "c" and self.in_cell:
            self.in_cell = False
            if self.formula and not self.value:
                self.facts.formula_without_value = True
        elif local == "row":
            self.in_row = False
            self.facts.span += self.column
            if self.facts.span > MAX_SPAN:
                raise _Refusal(
                    f"the sheets' rows span more than {MAX_SPAN:,} cells, counting the empty "
                    "cells before the last one of each row: delete stray cells far to the right "
                    "(Ctrl+End in Excel shows the last cell), or split the model"
                )

    def _row(self, r: str | None) -> None:
        number = self.row + 1 if r is None else _whole(r)
        if number is None or not self.row < number <= MAX_ROW:
            raise _Refusal(
                f"the part {self.part} has a row {_called(r, self.row + 1)} after row "
                f"{self.row}: rows must run from 1 to {MAX_ROW:,}, in order: {_DAMAGED}"
            )
        self.row, self.column, self.in_row = number, 0, True

    def _cell(self, r: str | None) -> None:
        column = self.column + 1 if r is None else _column(r, self.row)
        if column is None or not self.column < column <= MAX_COLUMN:
            raise _Refusal(
                f"the part {self.part} has a cell {_called(r, self.column + 1)} out of place "
                f"in row {self.row}: cells must run from column A to XFD, in order, within "
                f"their row: {_DAMAGED}"
            )
        self.column, self.in_cell, self.formula, self.value = column, True, False, False


def _called(reference: str | None, next_number: int) -> str:
    if reference is None:
        return f"with no number (so number {next_number:,})"
    return repr(reference[:20])


def _whole(text: str) -> int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _column(reference: str, row: int) -> int | None:
    found = _CELL.fullmatch(reference)
    if found is None or int(found.group(2)) != row:
        return None
    return column_index(found.group(1))
