"""A provider's return: the workbook toc writes from a model, and reading it back.

The commissioner writes one workbook per contract (:func:`return_template_bytes`):

- **Read me**: what to fill in, the periods, and the rules the monitor applies;
- **Return**: one row per indicator per period (box id, box, indicator, unit,
  baseline, target, period, then *actual*, *data source* and *notes* to fill in);
- **Provider**: who returns it (provider, contract, submitted by, submitted on).

Only the cells to fill in are unlocked; the sheets are protected (no password:
against slips, not tampering) and the workbook's sheets cannot be added,
removed or renamed.  *actual* accepts numbers only and *data source* is a
drop-down.  The monitor never trusts a locked cell: each row is matched to the
model by box id, indicator name and period, and baseline and target come from
the model.

:func:`read_return` reads a filled-in workbook as safely as a model's (the
archive checked first), and names the sheet, row and value of every problem.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "Jobs", "nodes": [{"id": "o", "label": "In work",
...     "stage": "outcome", "indicators": [{"name": "People in work", "baseline": 0,
...     "target": 40}]}]})
>>> raw = return_template_bytes(m, ["2025-Q1", "2025-Q2"])
>>> [(r.node, r.indicator, r.period, r.actual) for r in read_return(raw, m, source="r.xlsx").rows]
[('o', 'People in work', '2025-Q1', None), ('o', 'People in work', '2025-Q2', None)]
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from toc.errors import ModelFileError, Problem
from toc.formats.spreadsheet.cells import UnsavedFormula, column_letter, put
from toc.formats.spreadsheet.layout import normal_name
from toc.formats.spreadsheet.problems import SpreadsheetError
from toc.formats.spreadsheet.workbook import workbook_bytes, workbook_rows
from toc.model import LogicModel
from toc.model.valuation import LARGEST
from toc.monitoring.periods import PeriodError, year_of

__all__ = [
    "COLUMNS",
    "DATA_SOURCES",
    "RETURN_SHEET",
    "ProviderReturn",
    "ReturnRow",
    "read_return",
    "return_template_bytes",
]

RETURN_SHEET = "Return"
PROVIDER_SHEET = "Provider"
READ_ME = "Read me"
#: The Return sheet's columns; the last three are the provider's.
COLUMNS = (
    "box id",
    "box",
    "indicator",
    "unit",
    "baseline",
    "target",
    "period",
    "actual",
    "data source",
    "notes",
)
FILLED = ("actual", "data source", "notes")
#: The data source drop-down.
DATA_SOURCES = ("verified", "provider records", "estimate")
PROVIDER_KEYS = ("provider", "contract", "submitted by", "submitted on")


@dataclass(frozen=True)
class ReturnRow:
    """One indicator in one period: its actual (``None`` while not reported)."""

    node: str
    indicator: str
    period: str
    actual: float | None
    data_source: str
    notes: str
    row: int


@dataclass(frozen=True)
class ProviderReturn:
    """A return read back: its rows, who sent it, and the file it came from."""

    source: str
    rows: tuple[ReturnRow, ...]
    provider: dict[str, str]

    @property
    def periods(self) -> list[str]:
        """The periods the return covers, in its order."""
        return list(dict.fromkeys(r.period for r in self.rows))


def _indicator_rows(model: LogicModel, periods: Sequence[str]) -> Iterator[list[Any]]:
    for node in model.nodes:
        for indicator in node.indicators:
            for period in periods:
                yield [
                    node.id,
                    node.label,
                    indicator.name,
                    indicator.unit,
                    indicator.baseline,
                    indicator.target,
                    period,
                ]


def return_template_bytes(model: LogicModel, periods: Sequence[str]) -> bytes:
    """The workbook a provider fills in: one row per indicator per period (see the module).

    Raises
    ------
    toc.monitoring.periods.PeriodError
        If a period does not start with its year, or one is given twice.
    toc.errors.ModelFileError
        If the model has no indicators to report on.
    """
    for period in periods:
        year_of(period)
    if len(set(periods)) != len(periods) or not periods:
        raise PeriodError("name each period once, and at least one")
    rows = list(_indicator_rows(model, periods))
    if not rows:
        raise ModelFileError(
            "the model has no indicators, so a return has nothing to ask for: add indicators "
            "to its boxes (baseline, target, unit) on the Map or in the file",
            path=model.title,
        )
    import openpyxl
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    book.remove(book.active)
    _read_me(book.create_sheet(READ_ME), model, periods)
    sheet = book.create_sheet(RETURN_SHEET)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for index, name in enumerate(COLUMNS, start=1):
        put(sheet.cell(1, index), name, RETURN_SHEET)
        sheet.cell(1, index).font = bold
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            if value is not None and value != "":
                put(sheet.cell(number, index), value, RETURN_SHEET)
        for name in FILLED:
            cell = sheet.cell(number, COLUMNS.index(name) + 1)
            cell.protection = Protection(locked=False)
            cell.fill = fill
    last = len(rows) + 1
    actual = column_letter(COLUMNS.index("actual") + 1)
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1=str(-LARGEST),
        formula2=str(LARGEST),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a number",
        error="Type the number for this period, or leave it empty if not yet known.",
    )
    numbers.add(f"{actual}2:{actual}{last}")
    source = column_letter(COLUMNS.index("data source") + 1)
    sources = DataValidation(
        type="list",
        formula1='"' + ",".join(DATA_SOURCES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Choose a data source",
        error="Choose one of: " + ", ".join(DATA_SOURCES),
    )
    sources.add(f"{source}2:{source}{last}")
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(sources)
    for index, width in enumerate((18, 36, 36, 12, 10, 10, 10, 12, 16, 40), start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True
    provider = book.create_sheet(PROVIDER_SHEET)
    put(provider.cell(1, 1), "key", PROVIDER_SHEET)
    put(provider.cell(1, 2), "value", PROVIDER_SHEET)
    put(provider.cell(2, 1), "model", PROVIDER_SHEET)
    put(provider.cell(2, 2), model.title, PROVIDER_SHEET)
    for number, key in enumerate(PROVIDER_KEYS, start=3):
        put(provider.cell(number, 1), key, PROVIDER_SHEET)
        provider.cell(number, 2).protection = Protection(locked=False)
        provider.cell(number, 2).fill = fill
    provider.column_dimensions["A"].width = 16
    provider.column_dimensions["B"].width = 48
    provider.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)
    book.active = 1
    return workbook_bytes(book)


def _read_me(sheet: Any, model: LogicModel, periods: Sequence[str]) -> None:
    from openpyxl.styles import Font

    lines = [
        f"Provider return for: {model.title}",
        f"Periods: {', '.join(periods)}",
        "",
        "On the Return sheet, fill in the yellow cells only: for each indicator and period, "
        "the actual figure as it stands at the end of the period (a number; for a count of "
        "people, the running total since the contract began; leave it empty until it is "
        "known), where it comes from, and any notes. Do not add, move or delete rows.",
        "On the Provider sheet, say who sends the return.",
        "",
        "How the commissioner reads it (toc monitor):",
        "- Progress is (actual - baseline) / (target - baseline): 0 at the baseline, 1 at "
        "the target, whichever way the target lies.",
        "- The target is for the last period; the expected progress by period k of n is k / n "
        "(a straight line from the baseline).",
        "- On track: progress at or above the expected. Behind: at least three quarters of "
        "it. Off track: less.",
        "- An outcome given a value is counted by the indicator the model names for it: how "
        "far that indicator rose in a year (from the last figure before the year, or the "
        "baseline) is the year's observed quantity, valued as the model values the outcome.",
    ]
    for number, line in enumerate(lines, start=1):
        if line:
            put(sheet.cell(number, 1), line, READ_ME)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


def read_return(raw: bytes, model: LogicModel, *, source: str) -> ProviderReturn:
    """The rows of a filled-in return, matched to ``model``.

    Raises
    ------
    toc.errors.ModelFileError
        If the bytes are not a safe workbook, or it has no Return sheet.
    toc.formats.spreadsheet.SpreadsheetError
        Each bad row, with its sheet, row and value: a box or indicator the model lacks,
        a period without its year, an actual that is not a number, a row given twice.
    """
    sheets = workbook_rows(raw, source=source, sheets=(RETURN_SHEET, PROVIDER_SHEET))
    found = {normal_name(title): rows for title, rows in sheets.items()}
    rows = found.get(normal_name(RETURN_SHEET))
    if rows is None:
        raise ModelFileError(
            f"the workbook has no sheet {RETURN_SHEET!r} (its sheets: "
            f"{', '.join(repr(t) for t in sheets) or 'none'}): is this a provider return? "
            "`toc return-template` writes one",
            path=source,
        )
    problems: list[Problem] = []
    read = list(_rows(rows, model, problems))
    if problems:
        raise SpreadsheetError(problems, path=source)
    provider = _provider(found.get(normal_name(PROVIDER_SHEET)) or [])
    return ProviderReturn(source, tuple(read), provider)


def _header(rows: Sequence[tuple[int, Sequence[Any]]], problems: list[Problem]) -> dict[str, int]:
    if not rows:
        problems.append(Problem("the sheet is empty: it needs the header row", sheet=RETURN_SHEET))
        return {}
    number, cells = rows[0]
    at = {normal_name(c): i for i, c in enumerate(cells) if isinstance(c, str)}
    missing = [c for c in ("box id", "indicator", "period", "actual") if normal_name(c) not in at]
    if missing:
        problems.append(
            Problem(
                f"the header has no column {', '.join(repr(m) for m in missing)}: "
                f"the columns are {', '.join(COLUMNS)}",
                sheet=RETURN_SHEET,
                row=number,
            )
        )
        return {}
    return {name: at[normal_name(name)] for name in COLUMNS if normal_name(name) in at}


def _cell(cells: Sequence[Any], at: dict[str, int], name: str) -> Any:
    index = at.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _rows(
    rows: Sequence[tuple[int, Sequence[Any]]], model: LogicModel, problems: list[Problem]
) -> Iterator[ReturnRow]:
    at = _header(rows, problems)
    if not at:
        return
    nodes = model.node_map()
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in rows[1:]:
        node_id, name = _text(_cell(cells, at, "box id")), _text(_cell(cells, at, "indicator"))
        period = _text(_cell(cells, at, "period"))

        def problem(message: str, row: int = number) -> None:
            problems.append(Problem(message, sheet=RETURN_SHEET, row=row))

        node = nodes.get(node_id)
        if node is None:
            problem(f"box id {node_id!r} is not a box of {model.title!r}: keep the row as written")
            continue
        if name not in {i.name for i in node.indicators}:
            problem(f"box {node_id!r} has no indicator {name!r}: keep the row as written")
            continue
        try:
            year_of(period)
        except PeriodError as err:
            problem(str(err))
            continue
        key = (node_id, name, period)
        if key in seen:
            problem(
                f"{name!r} of {node_id!r} in {period} is given twice, in rows {seen[key]} and "
                f"{number}: keep one"
            )
            continue
        seen[key] = number
        actual = _actual(_cell(cells, at, "actual"), problem)
        yield ReturnRow(
            node_id,
            name,
            period,
            actual,
            _text(_cell(cells, at, "data source")),
            _text(_cell(cells, at, "notes")),
            number,
        )


def _actual(value: Any, problem: Any) -> float | None:
    """A number, or ``None`` for an empty cell; anything else is a problem."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        problem(f"actual {value!r} is a yes/no value, not a number: type the number")
        return None
    if isinstance(value, UnsavedFormula):
        problem(
            f"actual holds the formula {value.text[:40]!r} with no saved result: type the "
            "number, not a formula (or save the file in Excel, which saves the results)"
        )
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", ""))
        except ValueError:
            problem(f"actual {str(value)[:40]!r} is not a number: type a number, or leave it empty")
            return None
    if not math.isfinite(number) or abs(number) > LARGEST:
        problem(f"actual {value!r} is not a number toc can use: type a number within ±10^12")
        return None
    return number


def _provider(rows: Sequence[tuple[int, Sequence[Any]]]) -> dict[str, str]:
    said: dict[str, str] = {}
    for _, cells in rows[1:]:
        key, value = (_text(c) for c in [*cells, None, None][:2])
        if key and value:
            said[key] = value
    return said
