"""XLSX workbooks: a model as sheets, written deterministically and read forgivingly.

Writing: every text is stored as text (a label starting with ``=`` never
becomes a formula), every number with all its digits, drop-downs offered
for the columns with a fixed set of values, and the bytes depend only on the
model (fixed document dates, fixed zip entry dates).

Reading: the archive is checked first (:mod:`toc.formats.spreadsheet.archive`:
zip bombs, entity bombs, a size and element budget), then openpyxl reads, in
read-only mode, only the sheets the model uses, ignoring the size a sheet
claims for itself, with the saved results of formulas (a formula with none
is reported, not read as empty); sheets and columns are found by name;
problems name the sheet and the row.

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
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from toc.errors import ModelFileError
from toc.formats.spreadsheet.archive import checked_archive
from toc.formats.spreadsheet.cells import UnsavedFormula, column_letter, put, xml_unescaped
from toc.formats.spreadsheet.data import Rows, model_from_rows
from toc.formats.spreadsheet.layout import Column, Layout, Table, normal_name, workbook_layout
from toc.formats.spreadsheet.readme import TEMPLATE_TITLE, add_read_me
from toc.formats.spreadsheet.rows import model_rows
from toc.model import LogicModel

if TYPE_CHECKING:  # openpyxl (0.1 s to import) is imported when a workbook is used
    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "REQUIRED_SHEETS",
    "model_workbook",
    "read_workbook",
    "read_xlsx",
    "template_bytes",
    "workbook_bytes",
    "workbook_rows",
    "write_template",
    "xlsx_bytes",
]

REQUIRED_SHEETS = ("Model", "Nodes", "Links")
_EPOCH = datetime.datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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


def model_workbook(model: BaseModel, layout: Layout | None = None) -> openpyxl.Workbook:
    """An openpyxl workbook with one sheet per table of the model (no Read me); ``layout``
    is the model's schema's (:func:`~toc.formats.spreadsheet.layout.workbook_layout`)."""
    layout = layout or workbook_layout(type(model))
    sheets = model_rows(model, layout)
    tables = {t.sheet: t for t in layout.tables}
    import openpyxl

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
    _dress_header(sheet)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.all_columns, start=1):
        letter = column_letter(index)
        sheet.column_dimensions[letter].width = _width(column)
        if column.kind == "choice":
            _drop_down(sheet, column, f"{letter}2:{letter}1048576")


def _dress_root(sheet: Worksheet, root: Table) -> None:
    from openpyxl.styles import Alignment

    _dress_header(sheet)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 48
    for number, column in enumerate(root.columns, start=2):
        sheet.cell(number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if column.kind == "choice":
            _drop_down(sheet, column, f"B{number}")


def _dress_header(sheet: Worksheet) -> None:
    from openpyxl.styles import Font, PatternFill

    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")


def _width(column: Column) -> float:
    if column.kind == "text":
        return 36
    return max(10, min(24, len(column.name) + 4))


def _drop_down(sheet: Worksheet, column: Column, cells: str) -> None:
    allowed = ",".join(str(c) for c in column.choices)
    if len(allowed) > 255:  # Excel's limit for a list typed into the validation
        return
    from openpyxl.worksheet.datavalidation import DataValidation

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

    (:func:`read_workbook` reads a workbook of any schema's layout, e.g. a framework.)

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
    model: LogicModel = read_workbook(raw, source=source)
    return model


def read_workbook(
    raw: bytes,
    *,
    source: str,
    layout: Layout | None = None,
    schema: type[BaseModel] = LogicModel,
    required: Sequence[str] = REQUIRED_SHEETS,
) -> Any:
    """The ``schema`` object in the bytes of a workbook laid out as ``layout``, checked as a
    model's workbook is (the archive first, then every sheet and row); ``required`` names
    the sheets it must have."""
    layout = layout or workbook_layout(schema)
    sheets = workbook_rows(raw, source=source, sheets=_wanted_sheets(layout))
    _require_sheets(sheets, source, required)
    return model_from_rows(sheets, source=source, layout=layout, schema=schema)


def workbook_rows(raw: bytes, *, source: str, sheets: Iterable[str]) -> dict[str, Rows]:
    """The filled rows ``(row number, cells)`` of each sheet named in ``sheets`` (compared
    as :func:`~toc.formats.spreadsheet.layout.normal_name`; other sheets are listed with no
    rows), read only after the archive is checked (:mod:`toc.formats.spreadsheet.archive`);
    a damaged workbook is a :class:`~toc.errors.ModelFileError` naming ``source``."""
    facts = checked_archive(raw, source)
    wanted = frozenset(normal_name(name) for name in sheets)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on what it skips are not for users
            found = _read_sheets(raw, wanted, data_only=True)
            _refuse_twins([title for title, _ in found], wanted, source)
            sheets = dict(found)
            if facts.formula_without_value:
                _mark_unsaved_formulas(raw, sheets, wanted)
    except ModelFileError:
        raise
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise ModelFileError(
            f"this workbook cannot be read ({_said(err)}): open it in Excel and save it again "
            "as 'Excel Workbook (.xlsx)'",
            path=source,
        ) from err
    return sheets


def _said(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}"
    return text if len(text) <= 160 else text[:157] + "..."


def _wanted_sheets(layout: Layout) -> frozenset[str]:
    return frozenset(normal_name(t.sheet) for t in (layout.root, *layout.tables))


def _read_sheets(raw: bytes, wanted: frozenset[str], *, data_only: bool) -> list[tuple[str, Rows]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
    try:
        return [
            (sheet.title, _rows(sheet) if normal_name(sheet.title) in wanted else [])
            for sheet in book
        ]
    finally:
        book.close()


def _refuse_twins(titles: list[str], wanted: frozenset[str], source: str) -> None:
    """Two sheets that read as the same one (``Nodes`` and ``nodes ``): one would be lost."""
    seen: dict[str, int] = {}
    for at, title in enumerate(titles):
        first = seen.setdefault(normal_name(title), at)
        if first != at and normal_name(title) in wanted:
            raise ModelFileError(
                f"the workbook has two sheets {titles[first]!r} and {title!r}, which read as the "
                "same sheet: delete or rename one",
                path=source,
            )


def _rows(sheet: Any) -> Rows:
    sheet.reset_dimensions()  # the file's own <dimension> may claim A1:XFD1048576
    return list(_filled_rows(sheet.iter_rows(values_only=True)))


def _filled_rows(rows: Iterator[Sequence[Any]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, cells in enumerate(rows, start=1):
        values = tuple(xml_unescaped(v) if isinstance(v, str) else v for v in cells)
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            yield number, values


def _mark_unsaved_formulas(raw: bytes, sheets: dict[str, Rows], wanted: frozenset[str]) -> None:
    """Put an :class:`UnsavedFormula` in each cell whose formula has no saved result.

    Read for its cached values, such a cell is empty; the reader then says
    which formula it is instead of reading nothing.
    """
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        for sheet in book:
            if normal_name(sheet.title) in wanted:
                sheet.reset_dimensions()
                sheets[sheet.title] = _with_formulas(sheets[sheet.title], sheet.iter_rows())
    finally:
        book.close()


def _with_formulas(rows: Rows, cells: Iterator[Sequence[Any]]) -> Rows:
    by_number = {number: list(values) for number, values in rows}
    for row in cells:
        for cell in row:
            if getattr(cell, "data_type", None) != "f":
                continue
            values = by_number.setdefault(cell.row, [])
            values += [None] * (cell.column - len(values))
            if values[cell.column - 1] is None:
                values[cell.column - 1] = UnsavedFormula(_formula_text(cell.value))
    return [(number, tuple(by_number[number])) for number in sorted(by_number)]


def _formula_text(value: Any) -> str:
    text = value if isinstance(value, str) else getattr(value, "text", None)
    return str(text) if text else "(a data table)"


def _require_sheets(sheets: dict[str, Rows], source: str, required: Sequence[str]) -> None:
    present = {normal_name(title) for title in sheets}
    missing = [name for name in required if normal_name(name) not in present]
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
