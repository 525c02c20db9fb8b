"""XLSX workbooks: a model as sheets, written deterministically and read forgivingly.

Writing: every text is stored as text (a label starting with ``=`` never
becomes a formula), every number with all its digits, drop-downs offered
for the columns with a fixed set of values, and the bytes depend only on the
model (fixed document dates, fixed zip entry dates).

Reading: openpyxl in read-only mode with cached values for formulas; sheets
and columns are found by name; problems name the sheet and the row.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "=1+1", "nodes": [
...     {"id": "a", "label": "Grant £", "stage": "input", "cost": 0.1 + 0.2}]})
>>> raw = xlsx_bytes(m)
>>> raw == xlsx_bytes(m), read_xlsx(raw, source="m.xlsx") == m
(True, True)
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from toc.errors import ModelFileError
from toc.formats.limits import max_file_bytes
from toc.formats.spreadsheet.cells import put, xml_unescaped
from toc.formats.spreadsheet.data import Rows, model_from_rows
from toc.formats.spreadsheet.layout import Column, Table, normal_name, workbook_layout
from toc.formats.spreadsheet.readme import TEMPLATE_TITLE, add_read_me
from toc.formats.spreadsheet.rows import model_rows
from toc.model import LogicModel

__all__ = [
    "REQUIRED_SHEETS",
    "model_workbook",
    "read_xlsx",
    "template_bytes",
    "workbook_bytes",
    "write_template",
    "xlsx_bytes",
]

REQUIRED_SHEETS = ("Model", "Nodes", "Links")
_EPOCH = datetime.datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def xlsx_bytes(model: LogicModel) -> bytes:
    """The bytes of an XLSX workbook holding the whole model, the same for the same model.

    Sheets: ``Model`` (key/value rows), ``Nodes``, ``Links``, ``Indicators``,
    ``Departments``, ``Stakeholders``, ``Ratings`` and the value-map sheets;
    see the README for every column.

    Examples
    --------
    >>> import io, openpyxl
    >>> raw = xlsx_bytes(LogicModel(title="Youth"))
    >>> raw[:2], openpyxl.load_workbook(io.BytesIO(raw))["Model"]["B3"].value
    (b'PK', 'Youth')
    """
    book = model_workbook(model)
    add_read_me(book)
    return workbook_bytes(book)


def model_workbook(model: LogicModel) -> openpyxl.Workbook:
    """An openpyxl workbook with one sheet per table of the model (no Read me)."""
    sheets = model_rows(model)
    layout = workbook_layout()
    tables = {t.sheet: t for t in layout.tables}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for number, row in enumerate(rows, start=1):
            for index, value in enumerate(row, start=1):
                if value is not None:
                    put(sheet.cell(number, index), value, name)
        if name == layout.root.sheet:
            _dress_root(sheet, layout.root)
        else:
            _dress(sheet, tables[name])
    return book


def _dress(sheet: Worksheet, table: Table) -> None:
    """Bold header, frozen header row, column widths and drop-downs."""
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.all_columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _width(column)
        if column.kind == "choice":
            _drop_down(sheet, column, f"{letter}2:{letter}1048576")


def _dress_root(sheet: Worksheet, root: Table) -> None:
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 48
    for number, column in enumerate(root.columns, start=2):
        sheet.cell(number, 2).alignment = _WRAP
        if column.kind == "choice":
            _drop_down(sheet, column, f"B{number}")


def _width(column: Column) -> float:
    if column.kind == "text":
        return 36
    return max(10, min(24, len(column.name) + 4))


def _drop_down(sheet: Worksheet, column: Column, cells: str) -> None:
    allowed = ",".join(str(c) for c in column.choices)
    if len(allowed) > 255:  # Excel's limit for a list typed into the validation
        return
    check = DataValidation(
        type="list",
        formula1=f'"{allowed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Not a {column.name}",
        error=f"Choose one of: {allowed.replace(',', ', ')}",
    )
    check.add(cells)
    sheet.add_data_validation(check)


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    """The bytes of a workbook, with fixed dates so that they depend only on its content."""
    book.properties.created = _EPOCH
    book.properties.modified = _EPOCH
    book.properties.creator = "toc"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        from openpyxl.writer.excel import ExcelWriter

        ExcelWriter(book, archive).save()
    return _fixed_dates(buffer.getvalue())


def _fixed_dates(raw: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, in the same order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def read_xlsx(raw: bytes, *, source: str) -> LogicModel:
    """The model in the bytes of an XLSX workbook written by :func:`xlsx_bytes` or by hand.

    Raises
    ------
    toc.errors.ModelFileError
        If the bytes are not an XLSX workbook, or a sheet is missing.
    toc.formats.spreadsheet.SpreadsheetError
        For missing columns and bad cells, each with its sheet and row.

    Examples
    --------
    >>> read_xlsx(xlsx_bytes(LogicModel(title="Youth")), source="m.xlsx").title
    'Youth'
    >>> read_xlsx(b"title: Youth", source="m.xlsx")
    Traceback (most recent call last):
    ...
    toc.errors.ModelFileError: m.xlsx: this is not an XLSX workbook (it is not a zip archive): ...
    """
    sheets = _sheet_rows(raw, source)
    _require_sheets(sheets, source)
    model: LogicModel = model_from_rows(sheets, source=source)
    return model


def _sheet_rows(raw: bytes, source: str) -> dict[str, Rows]:
    _check_archive(raw, source)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise ModelFileError(
            f"this workbook cannot be read ({type(err).__name__}: {err}): open it in Excel and "
            "save it again as 'Excel Workbook (.xlsx)'",
            path=source,
        ) from err
    try:
        return {
            sheet.title: list(_filled_rows(sheet.iter_rows(values_only=True))) for sheet in book
        }
    finally:
        book.close()


def _filled_rows(rows: Iterator[Sequence[Any]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, cells in enumerate(rows, start=1):
        values = tuple(xml_unescaped(v) if isinstance(v, str) else v for v in cells)
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            yield number, values


def _check_archive(raw: bytes, source: str) -> None:
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise ModelFileError(
            "this is an old-style .xls workbook or a password-protected one: open it in "
            "Excel, remove any password, and save it as 'Excel Workbook (.xlsx)'",
            path=source,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as err:
        raise ModelFileError(
            "this is not an XLSX workbook (it is not a zip archive): save it from Excel "
            "as 'Excel Workbook (.xlsx)', or give a .csv, .yaml or .json file its own suffix",
            path=source,
        ) from err
    if unpacked > 5 * max_file_bytes():
        raise ModelFileError(
            f"this workbook unpacks to {unpacked:,} bytes, too large to read safely: split "
            "the model, or raise TOC_MAX_FILE_BYTES",
            path=source,
        )


def _require_sheets(sheets: dict[str, Rows], source: str) -> None:
    present = {normal_name(title) for title in sheets}
    missing = [name for name in REQUIRED_SHEETS if normal_name(name) not in present]
    if missing:
        names = ", ".join(repr(m) for m in missing)
        has = ", ".join(repr(t) for t in sheets) or "none"
        raise ModelFileError(
            f"the workbook has no sheet {names} (its sheets: {has}): add or rename the "
            "sheets; `toc template PATH` writes a blank workbook with every sheet and column",
            path=source,
        )


def template_bytes() -> bytes:
    """The bytes of a blank workbook to fill in: every sheet and column, and a Read me."""
    book = model_workbook(LogicModel(title=TEMPLATE_TITLE))
    add_read_me(book, first=True)
    book.active = 0
    return workbook_bytes(book)


def write_template(path: Path) -> None:
    """Write the blank workbook of :func:`template_bytes` to ``path``.

    Examples
    --------
    >>> import tempfile
    >>> from toc.formats.modelfiles import load_model
    >>> path = Path(tempfile.mkdtemp()) / "blank.xlsx"
    >>> write_template(path)
    >>> load_model(path).title
    'Our theory of change'
    """
    try:
        Path(path).write_bytes(template_bytes())
    except OSError as err:
        raise ModelFileError(f"cannot write the file: {err.strerror}", path=str(path)) from err
