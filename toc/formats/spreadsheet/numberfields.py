"""Numbers that validation would change quietly, found before it does.

Pydantic reads ``true`` as 1 for a number field, rounds a whole number above
2**53 to the nearest float, and makes the keys ``1`` and ``"1"`` of a mapping
by year one key (the last value winning).  Each would change a model without
a word, so every number field and year key (found from the schema's layout,
the same one the workbook uses) is checked here first.

Examples
--------
>>> data = {"title": "t", "nodes": [{"id": "a", "label": "A", "stage": "input", "cost": True}]}
>>> [(p.loc, p.message) for p in number_problems(data)]
[(('nodes', 0, 'cost'), "node 'a' cost: true is a yes/no value, not a number: type the number (toc will not read true as 1)")]
>>> number_problems({"title": "t", "valuation": {"investment_by_year": {0: 2**60}}})[0].message
'valuation.investment_by_year[0]: the whole number 1,152,921,504,606,846,976 is larger than 2**53 and would lose digits: use a smaller number'
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from toc.errors import Problem
from toc.formats.limits import LARGEST_WHOLE
from toc.formats.spreadsheet.layout import Column, Layout, Table, workbook_layout
from toc.model.validation import subject

__all__ = ["json_may_hold_number_problems", "number_problems", "year_keys"]

Loc = tuple[str | int, ...]
Item = tuple[Loc, dict[Any, Any]]
Tree = dict[str, Any]  # a key's Column, or the Tree below it


def json_may_hold_number_problems(text: str, layout: Layout | None = None) -> bool:
    """Whether a JSON text could give :func:`number_problems` anything to find.

    JSON's own reader already refuses whole numbers past 2**53, so what is left is a
    ``true``/``false`` literal, or a mapping keyed by year (where ``"1"`` and ``"01"``
    would become one year).  Two substring searches at C speed rule both out for almost
    every file, so a 100,000-box model skips the walk over every field.

    Examples
    --------
    >>> json_may_hold_number_problems('{"title": "t"}')
    False
    >>> json_may_hold_number_problems('{"cost": true}'), json_may_hold_number_problems('"observed"')
    (True, True)
    """
    if "true" in text or "false" in text:
        return True
    keys = _year_keys(layout) if layout is not None else year_keys()
    return any(key in text for key in keys)


@functools.cache
def year_keys() -> tuple[str, ...]:
    """The quoted names of the model's mappings keyed by year, e.g. ``'"observed"'``."""
    return _year_keys(workbook_layout())


def _year_keys(layout: Layout) -> tuple[str, ...]:
    """The quoted names of the mappings keyed by year, e.g. ``'"investment_by_year"'``."""
    return tuple(
        f'"{t.where[-1]}"' for t in layout.tables if t.mapping and t.columns[0].kind == "integer"
    )


def number_problems(data: Any, layout: Layout | None = None) -> list[Problem]:
    """A problem for each yes/no value, or too large whole number, in a number field."""
    if not isinstance(data, dict):
        return []
    layout = layout or workbook_layout()
    found: list[Problem] = []
    _check(_tree(layout.root.columns), data, (), data, found)
    items: dict[str, list[Item]] = {}
    for table in layout.tables:  # parents come before their children
        top: list[Item] = [((), data)]
        parents = top if table.parent is None else items.get(table.parent, [])
        items[table.sheet] = list(_items(table, parents, data, found))
    return found


def _tree(columns: Sequence[Column]) -> Tree:
    """The number columns by their path of keys, e.g. ``{"value": {"proxy": column}}``."""
    tree: Tree = {}
    for column in columns:
        if "number" in (column.kind, column.item_kind) or "integer" in (
            column.kind,
            column.item_kind,
        ):
            branch = tree
            for key in column.keys[:-1]:
                branch = branch.setdefault(key, {})
            branch[column.keys[-1]] = column
    return tree


def _items(table: Table, parents: list[Item], data: Any, found: list[Problem]) -> Iterator[Item]:
    tree = _tree(table.columns)
    for loc, parent in parents:
        container = _value_at(parent, table.where)
        where = (*loc, *table.where)
        if table.mapping and isinstance(container, dict):
            yield from _entries(table, container, where, data, found)
        elif not table.mapping and isinstance(container, list):
            for index, item in enumerate(container):
                if isinstance(item, dict):
                    _check(tree, item, (*where, index), data, found)
                    yield (*where, index), item


def _entries(
    table: Table, mapping: dict[Any, Any], where: Loc, data: Any, found: list[Problem]
) -> Iterator[Item]:
    key_column, *value_columns = table.columns
    tree = _tree(value_columns)
    seen: dict[Any, Any] = {}
    for key, value in mapping.items():
        loc = (*where, key if isinstance(key, str | int) else str(key))
        _check_value(key_column.kind, key, loc, data, found)
        if key_column.kind == "integer":
            _check_twin(key_column.name, key, seen, loc, data, found)
        if isinstance(value, dict):
            _check(tree, value, loc, data, found)
            yield loc, value
        elif len(value_columns) == 1:
            _check_value(value_columns[0].kind, value, loc, data, found)


def _check_twin(
    name: str, key: Any, seen: dict[Any, Any], loc: Loc, data: Any, found: list[Problem]
) -> None:
    """Keys such as 1 and "1" that validation would make one, the last quietly winning."""
    text = str(key).strip()
    whole = int(text) if text.isdecimal() and text.isascii() and len(text) < 20 else key
    if whole in seen:
        found.append(
            Problem(
                f"{subject(loc[:-1], data)}: {name} {seen[whole]!r} and {name} {key!r} are "
                f"the same {name} once read: keep one",
                loc,
            )
        )
    seen.setdefault(whole, key)


def _check(tree: Tree, item: dict[Any, Any], loc: Loc, data: Any, found: list[Problem]) -> None:
    for key, value in item.items():
        branch = tree.get(key) if isinstance(key, str) else None
        if isinstance(branch, dict) and isinstance(value, dict):
            _check(branch, value, (*loc, key), data, found)
        elif isinstance(branch, Column) and branch.kind == "list" and isinstance(value, list):
            for index, entry in enumerate(value):
                _check_value(branch.item_kind, entry, (*loc, key, index), data, found)
        elif isinstance(branch, Column):
            _check_value(branch.kind, value, (*loc, key), data, found)


def _check_value(kind: str, value: Any, loc: Loc, data: Any, found: list[Problem]) -> None:
    if kind in ("number", "integer") and isinstance(value, bool):
        word = str(value).lower()
        found.append(
            Problem(
                f"{subject(loc, data)}: {word} is a yes/no value, not a number: type the "
                f"number (toc will not read {word} as {int(value)})",
                loc,
            )
        )
    elif kind == "number" and isinstance(value, int) and abs(value) > LARGEST_WHOLE:
        found.append(
            Problem(
                f"{subject(loc, data)}: the whole number {_whole(value)} is larger than 2**53 "
                "and would lose digits: use a smaller number",
                loc,
            )
        )


def _whole(value: int) -> str:
    if value.bit_length() > 200:
        return f"of about {int(value.bit_length() * 0.30103):,} digits"
    return f"{value:,}"


def _value_at(item: Any, keys: Sequence[str]) -> Any:
    for key in keys:
        if not isinstance(item, dict):
            return None
        item = item.get(key)
    return item
