"""One cell: what a value looks like in a spreadsheet, and back again.

Reading is forgiving where that loses nothing: numbers stored as text
(``"0.5"``, ``"25%"``, ``"£250,000"``), whole numbers with Excel's float noise
(``2.9999999999999996`` for 3), stages in any case (``Outcome``).  Anything
that still does not fit is passed on unchanged, so that validation quotes it.

Examples
--------
>>> from toc.formats.spreadsheet.layout import workbook_layout
>>> nodes = workbook_layout().table("Nodes")
>>> parsed(" 25% ", nodes.column("priority")), parsed("Outcome", nodes.column("stage"))
(0.25, 'outcome')
>>> parsed("toms:NT1; sdg:8", nodes.column("frameworks"))
['toms:NT1', 'sdg:8']
>>> parsed("", nodes.column("label")) is MISSING
True
"""

from __future__ import annotations

import datetime
import enum
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from toc.errors import Problem
from toc.formats.spreadsheet.layout import Column, Kind
from toc.formats.spreadsheet.problems import SpreadsheetError

if TYPE_CHECKING:  # openpyxl is imported only when a workbook is read or written
    from openpyxl.cell.cell import Cell

__all__ = [
    "FORMULA_STARTS",
    "LIST_SEPARATOR",
    "MISSING",
    "UnsavedFormula",
    "column_index",
    "column_letter",
    "csv_guarded",
    "csv_unguarded",
    "list_text",
    "number_text",
    "parsed",
    "plain",
    "xml_escaped",
    "xml_unescaped",
]

LIST_SEPARATOR = "; "
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
#: A text starting with one of these runs as a formula when typed into a spreadsheet.
FORMULA_STARTS = frozenset("=+-@")


@dataclass(frozen=True)
class UnsavedFormula:
    """A workbook cell holding a formula whose result was never saved (so its value is unknown).

    Spreadsheet programs save each formula's result; files written by scripts
    often do not.  The reader reports such a cell rather than read it as empty.
    """

    text: str


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")
_WHOLE = re.compile(r"[-+]?\d{1,4000}")
_CURRENCY = "£$€"


def plain(value: Any) -> Any:
    """A dumped value as a cell holds it: enums as their value, dates as ISO text."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def number_text(value: int | float) -> str:
    """Exact text for a number: ``repr`` keeps every bit of a float.

    Examples
    --------
    >>> number_text(0.1 + 0.2), number_text(3), number_text(-0.0)
    ('0.30000000000000004', '3', '-0.0')
    """
    return repr(value) if isinstance(value, float) else str(value)


def list_text(items: list[Any]) -> str:
    """The items of a list in one cell, joined with ``"; "``.

    Examples
    --------
    >>> list_text(["toms:NT1", "sdg:8"]), list_text([0, 3, 5])
    ('toms:NT1; sdg:8', '0; 3; 5')
    """
    return LIST_SEPARATOR.join(_item_text(plain(item)) for item in items)


def _item_text(item: Any) -> str:
    if isinstance(item, bool):
        return str(item).lower()
    return number_text(item) if isinstance(item, int | float) else str(item)


def parsed(cell: Any, column: Column) -> Any:
    """The value of a cell for ``column``, or :data:`MISSING` when it is empty."""
    if cell is None or cell == "":
        return MISSING
    if column.kind != "text" and isinstance(cell, str) and not cell.strip():
        return MISSING
    if column.kind == "list":
        return _items(cell, column)
    return _scalar(cell, column.kind, column.choices)


def _items(cell: Any, column: Column) -> Any:
    parts = [p.strip() for p in cell.split(";")] if isinstance(cell, str) else [cell]
    kept = [p for p in parts if p != ""]
    values = [_scalar(p, column.item_kind, column.choices) for p in kept]
    return values or MISSING


def _scalar(cell: Any, kind: Kind, choices: tuple[Any, ...]) -> Any:
    if kind in ("text", "id"):
        text = cell if isinstance(cell, str) else _as_text(cell)
        return text.strip() if kind == "id" else text
    if kind == "number":
        return _number(cell)
    if kind == "integer":
        return _integer(_number(cell))
    if kind == "bool":
        return cell.strip().lower() if isinstance(cell, str) else cell
    if kind == "choice":
        return _choice(cell, choices)
    return cell


def _as_text(cell: Any) -> str:
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    if isinstance(cell, int | float):
        return number_text(cell)
    return str(plain(cell))


def _number(cell: Any) -> Any:
    if not isinstance(cell, str):
        return cell
    text = cell.strip().lstrip(_CURRENCY).strip()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    try:
        if text.endswith("%"):
            return float(Decimal(text[:-1].strip()) / 100)
        if _WHOLE.fullmatch(text):
            return int(text)  # exactly: float() would drop digits past 2**53
        return float(text)
    except (ValueError, InvalidOperation):
        return cell.strip()


def _integer(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        nearest = round(value)
        if abs(value - nearest) <= 1e-9 * max(1.0, abs(value)):
            return int(nearest)
    return value


def _choice(cell: Any, choices: tuple[Any, ...]) -> Any:
    text = _as_text(cell).strip()
    for choice in choices:
        if str(choice).lower() == text.lower():
            return choice
    return text


# Excel's own escape for characters XML cannot hold (ST_Xstring): _xHHHH_.
_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xml_escaped(text: str) -> str:
    """Text safe for a cell of an XLSX file, escaped as Excel does.

    Examples
    --------
    >>> xml_escaped("a\\rb\\x07"), xml_escaped("_x0041_")
    ('a_x000D_b_x0007_', '_x005F_x0041_')
    """
    return _ESCAPE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def xml_unescaped(text: str) -> str:
    """The text an XLSX cell means, undoing Excel's ``_xHHHH_`` escapes.

    Examples
    --------
    >>> xml_unescaped("a_x000D_b"), xml_unescaped("_x005F_x0041_")
    ('a\\rb', '_x0041_')
    """
    if "_x" not in text:
        return text
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# A CSV cell starting with one of these runs as a formula when opened in Excel.
_TRIGGERS = FORMULA_STARTS | frozenset("\t\r")


def _needs_guard(text: str) -> bool:
    return text[:1] in _TRIGGERS or (text[:1] == "'" and text[1:2] in _TRIGGERS | {"'"})


def csv_guarded(text: str) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula.

    A leading ``'`` is added where needed; :func:`csv_unguarded` removes it.

    Examples
    --------
    >>> csv_guarded("=HYPERLINK(1)"), csv_guarded("it's"), csv_guarded("'=x")
    ("'=HYPERLINK(1)", "it's", "''=x")
    """
    return "'" + text if _needs_guard(text) else text


def csv_unguarded(text: str) -> str:
    """The text a guarded CSV cell holds.

    Examples
    --------
    >>> csv_unguarded("'=HYPERLINK(1)"), csv_unguarded("'quoted'"), csv_unguarded("''=x")
    ('=HYPERLINK(1)', "'quoted'", "'=x")
    """
    return text[1:] if text[:1] == "'" and _needs_guard(text[1:]) else text


MAX_CELL_CHARS = 32_767


def put(cell: Cell, value: Any, sheet: str = "") -> None:
    """Store a value in a cell exactly: text as text (escaped), numbers with every digit."""
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = number_text(value)
        cell.data_type = "n"  # openpyxl itself would keep only 16 digits
    else:
        text = str(value)
        if len(text) > MAX_CELL_CHARS:
            raise SpreadsheetError(
                [
                    Problem(
                        f"a text of {len(text):,} characters, over Excel's limit of "
                        f"{MAX_CELL_CHARS:,} per cell: shorten it, or save the model as YAML",
                        sheet=sheet,
                        row=cell.row,
                    )
                ]
            )
        cell.value = xml_escaped(text)
        if text[:1] in FORMULA_STARTS:
            cell.data_type = "s"  # text, never a formula, even after an edit in Excel
            cell.quotePrefix = True


def column_letter(number: int) -> str:
    """A spreadsheet column's letters from its number (1 is ``A``, 28 is ``AB``).

    Examples
    --------
    >>> column_letter(1), column_letter(26), column_letter(28), column_letter(703)
    ('A', 'Z', 'AB', 'AAA')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A spreadsheet column's number from its letters (``A`` is 1, ``AB`` is 28).

    Examples
    --------
    >>> column_index("A"), column_index("ab"), column_index("AAA")
    (1, 28, 703)
    """
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
