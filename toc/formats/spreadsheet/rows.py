"""A model as rows of cells, sheet by sheet, following :mod:`toc.formats.spreadsheet.layout`.

Every field is written, defaults included, so that a nested part that is set
(``valuation`` with all its defaults) stays distinguishable from one that is
not (an empty row of cells).

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "A", "stage": "input", "cost": 5},
...     {"id": "b", "label": "=B", "stage": "activity", "frameworks": ["toms:NT1", "sdg:8"]}],
...     "links": [{"from": "a", "to": "b", "weight": -0.5}]})
>>> sheets = model_rows(m)
>>> sheets["Model"][:3]
[['key', 'value'], ['version', 1], ['title', 't']]
>>> sheets["Links"][1][:3]
['a', 'b', -0.5]
>>> sheets["Nodes"][2][:2], sheets["Nodes"][2][9]
(['b', '=B'], 'toms:NT1; sdg:8')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from toc.errors import Problem
from toc.formats.spreadsheet.cells import LIST_SEPARATOR, list_text, plain
from toc.formats.spreadsheet.layout import Column, Layout, Table, workbook_layout
from toc.formats.spreadsheet.problems import SpreadsheetError

__all__ = ["ROOT_HEADER", "Item", "cell", "model_rows", "table_items"]

ROOT_HEADER = ("key", "value")
_SCALARS = frozenset({str, int, float, bool})
Item = tuple[tuple[Any, ...], dict[str, Any]]


def model_rows(model: BaseModel, layout: Layout | None = None) -> dict[str, list[list[Any]]]:
    """Each sheet's rows, header first, as plain cell values (``None`` for empty)."""
    layout = layout or workbook_layout(type(model))
    data = model.model_dump(mode="python", by_alias=True)
    sheets = {layout.root.sheet: [list(ROOT_HEADER), *_root_rows(data, layout.root)]}
    found: dict[str, list[Item]] = {}
    for table in layout.tables:
        found[table.sheet] = table_items(table, data, found)
        header = [c.name for c in table.all_columns]
        rows = [_row(table, refs, item, n + 2) for n, (refs, item) in enumerate(found[table.sheet])]
        sheets[table.sheet] = [header, *rows]
    return sheets


def _root_rows(data: dict[str, Any], root: Table) -> Iterator[list[Any]]:
    for number, column in enumerate(root.columns, start=2):
        yield [column.name, cell(_value_at(data, column.keys), column, root.sheet, number)]


def table_items(table: Table, data: dict[str, Any], found: dict[str, list[Item]]) -> list[Item]:
    """The rows of ``table`` as (parent reference values, item data), in model order."""
    parents: list[Item] = [((), data)] if table.parent is None else found[table.parent]
    items: list[Item] = []
    for _, parent in parents:
        refs = tuple(parent.get(key) for key in table.parent_keys)
        container = _value_at(parent, table.where)
        if table.mapping and container:
            items += [(refs, _mapping_item(table, key, value)) for key, value in container.items()]
        elif container:
            items += [(refs, item) for item in container]
    return items


def _mapping_item(table: Table, key: Any, value: Any) -> dict[str, Any]:
    key_name = table.columns[0].name
    if isinstance(value, dict):
        return {key_name: key, **value}
    return {key_name: key, table.columns[1].name: value}


def _row(table: Table, refs: tuple[Any, ...], item: dict[str, Any], number: int) -> list[Any]:
    cells = [plain(ref) for ref in refs]
    cells += [cell(_value_at(item, c.keys), c, table.sheet, number) for c in table.columns]
    return cells


def _value_at(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def cell(value: Any, column: Column, sheet: str, row: int) -> Any:
    """The cell for one value: lists joined, enums as text, empty as ``None``."""
    if value is None or value == "":
        return None
    if type(value) in _SCALARS:
        return value
    if isinstance(value, list):
        _check_items(value, column, sheet, row)
        return list_text(value) if value else None
    return None if isinstance(value, dict) else plain(value)


def _check_items(items: list[Any], column: Column, sheet: str, row: int) -> None:
    for item in items:
        text = str(plain(item))
        if LIST_SEPARATOR.strip() in text or text != text.strip() or not text:
            raise SpreadsheetError(
                [
                    Problem(
                        f"column {column.name!r} holds {text!r}; items in one cell are "
                        f"separated by {LIST_SEPARATOR!r}, so an item cannot contain ';', "
                        "be empty or start or end with a space: change the item, or save "
                        "the model as YAML or JSON",
                        sheet=sheet,
                        row=row,
                    )
                ]
            )
