"""Rows of cells, sheet by sheet, back into a validated model.

Columns are found by header name (any order, any case, spaces for ``_``);
blank rows are skipped; an empty cell means "not set".  Every problem is
placed on its sheet and row, and all of them are reported at once.

Examples
--------
>>> sheets = {
...     "Model": [(1, ("key", "value")), (2, ("title", "Youth"))],
...     "nodes": [(1, ("Stage", "ID", "Label")), (2, ("input", "grant", "Grant")),
...               (4, ("Activity", "mentor", "Mentoring"))],
...     "Links": [(1, ("from", "to", "weight")), (2, ("grant", "mentor", "0.5"))],
... }
>>> m = model_from_rows(sheets, source="m.xlsx")
>>> [n.id for n in m.nodes], m.links[0].weight
(['grant', 'mentor'], 0.5)
>>> sheets["Links"][1] = (2, ("grant", "mentor", "abc"))
>>> model_from_rows(sheets, source="m.xlsx")
Traceback (most recent call last):
...
toc.formats.spreadsheet.problems.SpreadsheetError: m.xlsx: 1 problem
  sheet Links, row 2: link 'grant->mentor' weight: input should be a valid number, ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from toc.errors import InvalidModelError, Problem
from toc.formats.labelled import given_ids
from toc.formats.spreadsheet.cells import MISSING, UnsavedFormula, column_letter, parsed
from toc.formats.spreadsheet.layout import Column, Layout, Table, normal_name, workbook_layout
from toc.formats.spreadsheet.numberfields import number_problems
from toc.formats.spreadsheet.problems import Loc, Place, SpreadsheetError, close_match, placed
from toc.formats.spreadsheet.rows import ROOT_HEADER
from toc.model import LogicModel
from toc.model.validation import problems_from_validation, shown

__all__ = ["Rows", "model_from_rows"]

Rows = Sequence[tuple[int, Sequence[Any]]]
#: Columns the schema needs but a person may leave out: a box gets an id from its label.
_OPTIONAL = frozenset({("Nodes", "id")})


@dataclass
class _Reading:
    """What has been read so far: the data, where each part came from, what is wrong."""

    data: dict[str, Any] = field(default_factory=dict)
    places: dict[Loc, Place] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    items: dict[str, list[tuple[Loc, dict[str, Any]]]] = field(default_factory=dict)
    unusable: bool = False  # a sheet could not be read: validating would only add noise

    def problem(self, message: str, sheet: str, row: int) -> None:
        self.problems.append(Problem(message, sheet=sheet, row=row))


def model_from_rows(
    sheets: Mapping[str, Rows],
    *,
    source: str,
    layout: Layout | None = None,
    schema: type[BaseModel] = LogicModel,
    names: Mapping[str, str] | None = None,
) -> Any:
    """Validate the rows of each sheet as a model; ``names`` maps a sheet to its shown name."""
    layout = layout or workbook_layout(schema)
    reading = _Reading()
    found = {normal_name(title): rows for title, rows in sheets.items()}
    shown = dict(names or {})
    root = found.get(normal_name(layout.root.sheet))
    if root is not None:
        _read_root(root, layout.root, reading)
    for table in layout.tables:
        rows = found.get(normal_name(table.sheet))
        if rows is not None:
            _read_table(rows, table, reading, shown.get(table.sheet, table.sheet))
    return _validated(reading, schema, source, layout)


def _validated(reading: _Reading, schema: type[BaseModel], source: str, layout: Layout) -> Any:
    if reading.unusable:
        raise SpreadsheetError(reading.problems, path=source)
    early = [*given_ids(reading.data, _place_of(reading)), *number_problems(reading.data, layout)]
    try:
        model = schema.model_validate(reading.data)
    except ValidationError as err:
        found = problems_from_validation(err, reading.data)
    except InvalidModelError as err:
        found = err.problems
    else:
        if not reading.problems and not early:
            return model
        found = []
    problems = reading.problems + [
        placed(p, reading.places, layout.root.sheet) for p in [*early, *found]
    ]
    raise SpreadsheetError(sorted(problems, key=_reading_order(reading)), path=source)


def _place_of(reading: _Reading) -> Callable[[Loc], str | None]:
    def place(loc: Loc) -> str | None:
        found = reading.places.get(loc)
        return None if found is None else f"sheet {found[0]}, row {found[1]}"

    return place


def _reading_order(reading: _Reading) -> Callable[[Problem], tuple[int, int]]:
    """Problems sheet by sheet (in the order read), row by row."""
    sheets = list(dict.fromkeys(place[0] for place in reading.places.values()))
    rank = {sheet: i for i, sheet in enumerate(sheets)}
    return lambda p: (rank.get(p.sheet or "", -1), p.row or 0)


def _read_root(rows: Rows, root: Table, reading: _Reading) -> None:
    columns = {normal_name(c.name): c for c in root.columns}
    key_at, value_at = _root_header(rows)
    seen: dict[str, int] = {}
    for number, cells in rows:
        key = normal_name(_at(cells, key_at))
        if (number, key) == (rows[0][0], ROOT_HEADER[0]) or not key:
            continue
        column = columns.get(key)
        if column is None:
            _unknown_key(_at(cells, key_at), columns, number, reading, root.sheet)
        elif key in seen:
            reading.problem(
                f"{key!r} is given twice, in rows {seen[key]} and {number}: keep one",
                root.sheet,
                number,
            )
        else:
            seen[key] = number
            cell = _known(_at(cells, value_at), value_at, column, reading, (root.sheet, number))
            _store(reading.data, column, cell)
            reading.places[column.keys] = (root.sheet, number)


def _root_header(rows: Rows) -> tuple[int, int]:
    header = [normal_name(h) for h in rows[0][1]] if rows else []
    if ROOT_HEADER[0] in header and ROOT_HEADER[1] in header:
        return header.index(ROOT_HEADER[0]), header.index(ROOT_HEADER[1])
    return 0, 1


def _unknown_key(
    key: Any, columns: Mapping[str, Column], number: int, reading: _Reading, sheet: str
) -> None:
    guess = close_match(normal_name(key), columns)
    if guess is not None:
        shown = str(key).strip()
        reading.problem(
            f"unknown key {shown!r}: did you mean {columns[guess].name!r}?", sheet, number
        )


def _at(cells: Sequence[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def _known(cell: Any, index: int | None, column: Column, reading: _Reading, at: Place) -> Any:
    """The cell, or ``None`` (with a problem) for a formula whose result is not in the file."""
    if not isinstance(cell, UnsavedFormula):
        return cell
    letter = column_letter((index or 0) + 1)
    reading.problem(
        f"column {column.name!r} (column {letter}) holds the formula {shown(cell.text)} with "
        "no saved result, so its value is unknown: type the value, not a formula (or open "
        "the file in Excel and save it, which saves the results)",
        *at,
    )
    return None


def _store(target: dict[str, Any], column: Column, cell: Any) -> bool:
    value = parsed(cell, column)
    if value is MISSING:
        return False
    for key in column.keys[:-1]:
        target = target.setdefault(key, {})
    target[column.keys[-1]] = value
    return True


def _read_table(rows: Rows, table: Table, reading: _Reading, sheet: str) -> None:
    if not rows:
        return
    header_row, header = rows[0]
    positions = _positions(header, table, sheet, header_row, reading)
    if positions is None:
        return
    own: list[tuple[Loc, dict[str, Any]]] = []
    reading.items[table.sheet] = own
    lookup = _parent_lookup(table, reading)
    for number, cells in rows[1:]:
        item: dict[str, Any] = {}
        for column, index in positions:
            _store(item, column, _known(_at(cells, index), index, column, reading, (sheet, number)))
        placed_at = _place(table, item, lookup, reading, (sheet, number))
        if placed_at is not None:
            own.append((placed_at, item))
            reading.places[placed_at] = (sheet, number)


def _positions(
    header: Sequence[Any], table: Table, sheet: str, row: int, reading: _Reading
) -> list[tuple[Column, int]] | None:
    """Where each known column is, or ``None`` (with problems) if the header is unusable."""
    index: dict[str, int] = {}
    before = len(reading.problems)
    columns = {normal_name(c.name): c for c in table.all_columns}
    for position, title in enumerate(header):
        name = normal_name(title)
        if not name:
            continue
        if name in index:
            reading.problem(f"there are two columns {str(title).strip()!r}: delete one", sheet, row)
        index.setdefault(name, position)
        guess = None if name in columns else close_match(name, columns)
        if guess is not None and guess not in {normal_name(h) for h in header}:
            shown = str(title).strip()
            reading.problem(
                f"unknown column {shown!r}: did you mean {columns[guess].name!r}?", sheet, row
            )
    missing = [
        c.name
        for c in table.all_columns
        if c.required
        and normal_name(c.name) not in index
        and (table.sheet, c.name) not in _OPTIONAL
    ]
    for name in missing:
        every = ", ".join(c.name for c in table.all_columns)
        reading.problem(
            f"sheet {sheet} has no column {name!r}: add it; the columns are {every}", sheet, row
        )
    if len(reading.problems) > before:
        reading.unusable = True
        return None
    return [(c, index[key]) for key, c in columns.items() if key in index]


Lookup = dict[tuple[Any, ...], tuple[Loc, dict[str, Any]]]


def _parent_lookup(table: Table, reading: _Reading) -> Lookup:
    lookup: Lookup = {}
    if table.parent is None:
        return lookup
    for loc, item in reading.items.get(table.parent, []):
        lookup.setdefault(tuple(item.get(k) for k in table.parent_keys), (loc, item))
    return lookup


def _place(
    table: Table, item: dict[str, Any], lookup: Lookup, reading: _Reading, at: Place
) -> Loc | None:
    """Put the row's item where it belongs in the model; its location, or None if it cannot."""
    parent_loc, parent = _parent(table, item, lookup, reading, at)
    if parent is None:
        return None
    target: dict[str, Any] = parent
    for key in table.where[:-1]:
        target = target.setdefault(key, {})
    if not table.mapping:
        container: list[Any] = target.setdefault(table.where[-1], [])
        container.append(item)
        return (*parent_loc, *table.where, len(container) - 1)
    return _place_entry(
        table, item, target.setdefault(table.where[-1], {}), parent_loc, at, reading
    )


def _place_entry(
    table: Table,
    item: dict[str, Any],
    mapping: dict[Any, Any],
    parent_loc: Loc,
    at: Place,
    reading: _Reading,
) -> Loc | None:
    key_column, *value_columns = table.columns
    key = item.pop(key_column.name, None)
    if key is None:
        reading.problem(f"column {key_column.name!r} is empty: fill it in", *at)
        return None
    if key in mapping:
        owner = f"the same {table.refs[0].name.split('.')[0]}" if table.refs else "the model"
        reading.problem(f"{key_column.name} {key!r} is given twice for {owner}: keep one row", *at)
        return None
    plain_value = len(value_columns) == 1 and value_columns[0].keys == (value_columns[0].name,)
    mapping[key] = item.get(value_columns[0].name) if plain_value else item
    return (*parent_loc, *table.where, key)


def _parent(
    table: Table, item: dict[str, Any], lookup: Lookup, reading: _Reading, at: Place
) -> tuple[Loc, dict[str, Any] | None]:
    if table.parent is None:
        return (), reading.data
    refs = tuple(item.pop(ref.name, None) for ref in table.refs)
    if any(ref is None for ref in refs):
        names = " and ".join(repr(ref.name) for ref in table.refs)
        reading.problem(f"column {names} is empty: say which {table.parent} row this is for", *at)
        return (), None
    found = lookup.get(refs)
    if found is None:
        shown = "->".join(str(r) for r in refs)
        reading.problem(
            f"{table.refs[0].name.split('.')[0]} {shown!r} is not on sheet {table.parent}: "
            "add it there or fix the id",
            *at,
        )
        return (), None
    return found
