"""How a pydantic schema is laid out as sheets and columns, found by walking it.

Nothing here names a field of the logic model except for a few friendly
names and a preferred column order.  Fields added to the schema later flow
into the workbook and the CSV pair without edits:

- a scalar field is one column;
- a nested model is dotted columns (``value.deadweight``);
- a list of scalars is one column, items joined with ``"; "``;
- a list of models is its own sheet, one row per item, with a column naming
  the parent (``node`` on the Indicators sheet);
- a ``dict`` of scalars is its own sheet with a key and a value column
  (``stakeholder``, ``outcome``, ``points`` on the Ratings sheet).

Examples
--------
>>> book = workbook_layout()
>>> [table.sheet for table in book.tables][:6]
['Nodes', 'Links', 'Indicators', 'Departments', 'Stakeholders', 'Ratings']
>>> book.table("Indicators").parent, book.table("Ratings").parent
('Nodes', 'Stakeholders')
>>> [c.name for c in book.table("Ratings").all_columns]
['stakeholder', 'outcome', 'points']
>>> book.root.column("valuation.discount_rate").kind
'number'
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from toc.model import LogicModel

__all__ = ["Column", "Kind", "Layout", "Table", "normal_name", "workbook_layout"]

Kind = Literal["text", "id", "number", "integer", "bool", "choice", "list", "raw"]

ROOT_SHEET = "Model"
_SHEET_ORDER = (
    "Nodes",
    "Links",
    "Outcomes",  # a framework's
    "Indicators",
    "Departments",
    "Stakeholders",
    "Ratings",
)
_LEADING = {
    "Nodes": ("id", "label", "stage", "department", "horizon", "priority", "cost", "input_kind"),
}
_MAPPING_NAMES = {
    "ratings": ("outcome", "points"),
    "observed": ("year", "quantity"),
    "ranges": ("judgement", "value"),
    "investment_by_year": ("year", "investment"),
    "compound_rates": ("year", "rate"),
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet (or one key of the Model sheet).

    ``keys`` is the path of the value inside its row's data, e.g.
    ``("value", "deadweight")``; ``required`` says the header must exist
    (every field on the path is required); ``needed`` that the cell must be
    filled whenever the object holding it is set.
    """

    name: str
    keys: tuple[str, ...]
    kind: Kind
    item_kind: Kind = "text"
    choices: tuple[Any, ...] = ()
    required: bool = False
    needed: bool = False
    bounds: tuple[Any, ...] = ()
    default: Any = None
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    """A sheet holding one row per item of a list (or one per key of a dict).

    ``where`` is the path of the list or dict inside the parent's data (the
    model itself for top-level sheets); ``refs`` are the columns naming the
    parent item and ``parent_keys`` the parent's fields they hold.
    """

    sheet: str
    where: tuple[str, ...]
    columns: tuple[Column, ...]
    parent: str | None = None
    refs: tuple[Column, ...] = ()
    parent_keys: tuple[str, ...] = ()
    mapping: bool = False

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The reference columns first, then the data columns."""
        return (*self.refs, *self.columns)

    def column(self, name: str) -> Column:
        """The column with this header name."""
        return next(c for c in self.all_columns if c.name == name)


@dataclass(frozen=True)
class Layout:
    """The Model sheet (``root``, key/value rows) and the row sheets."""

    root: Table
    tables: tuple[Table, ...] = field(default=())

    def table(self, sheet: str) -> Table:
        """The table shown on ``sheet``."""
        return next(t for t in self.tables if t.sheet == sheet)


@functools.cache
def workbook_layout(schema: type[BaseModel] = LogicModel, root_sheet: str = ROOT_SHEET) -> Layout:
    """The sheets and columns of a schema, parents before children; the schema's own
    fields go on ``root_sheet`` as key/value rows."""
    columns, children = _walk(schema, (), False)
    root = Table(root_sheet, (), tuple(columns))
    tables: list[Table] = []
    for where, item, name in children:
        tables += _tables(item, where, name, None, tables)
    # Parents come before children both in the walk and in _SHEET_ORDER.
    rank = {sheet: i for i, sheet in enumerate(_SHEET_ORDER)}
    ordered = sorted(tables, key=lambda t: rank.get(t.sheet, len(rank)))
    return Layout(root, tuple(_parents_first(ordered)))


def _parents_first(tables: list[Table]) -> list[Table]:
    """``tables`` in their order, except that each comes after its parent (a schema's
    sheets not named in the usual order, e.g. a framework's Outcomes before Indicators)."""
    done: list[Table] = []
    waiting = list(tables)
    while waiting:
        ready = [t for t in waiting if t.parent is None or t.parent in {d.sheet for d in done}]
        if not ready:  # a parent missing from the layout: keep the rest as they are
            return done + waiting
        done.append(ready[0])
        waiting.remove(ready[0])
    return done


Child = tuple[tuple[str, ...], Any, str]


def _walk(
    schema: type[BaseModel], prefix: tuple[str, ...], optional: bool
) -> tuple[list[Column], list[Child]]:
    """Columns for the scalar fields of ``schema`` and the list/dict fields below it."""
    columns: list[Column] = []
    children: list[Child] = []
    for name, info in schema.model_fields.items():
        key = info.alias or name
        keys = (*prefix, key)
        required = info.is_required() and not optional
        inner, _ = _unwrap(info.annotation)
        if _is_model(inner):
            more, deeper = _walk(inner, keys, not required)
            columns += more
            children += deeper
        elif _origin(inner) in (list, dict) and _is_container_child(inner):
            children.append((keys, inner, name))
        else:
            columns.append(_column(".".join(keys), keys, info.annotation, info, required))
    return columns, children


def _is_container_child(annotation: Any) -> bool:
    args = typing.get_args(annotation)
    if _origin(annotation) is dict:
        return True
    return bool(args) and _is_model(_unwrap(args[0])[0])


def _tables(
    annotation: Any, where: tuple[str, ...], name: str, parent: Table | None, taken: list[Table]
) -> list[Table]:
    sheet = _sheet_name(name, parent, taken)
    refs, parent_keys = _references(parent)
    args = typing.get_args(annotation)
    if _origin(annotation) is dict:
        return [_mapping_table(sheet, where, name, args, parent, refs, parent_keys)]
    item = _unwrap(args[0])[0]
    columns, children = _walk(item, (), False)
    columns = _ordered(sheet, columns)
    table = Table(
        sheet, where, tuple(columns), None if parent is None else parent.sheet, refs, parent_keys
    )
    found = [table]
    for child_where, child, child_name in children:
        found += _tables(child, child_where, child_name, table, [*taken, *found])
    return found


def _mapping_table(
    sheet: str,
    where: tuple[str, ...],
    name: str,
    args: tuple[Any, ...],
    parent: Table | None,
    refs: tuple[Column, ...],
    parent_keys: tuple[str, ...],
) -> Table:
    """A dict as rows: a key column, then the value's column (or columns, for a model)."""
    key_name, value_name = _MAPPING_NAMES.get(name, ("key", "value"))
    key_type, key_meta = _unwrap(args[0])
    key = _column(key_name, (key_name,), key_type, FieldInfo(), True, key_meta)
    if key.kind == "text":
        key = replace(key, kind="id")
    value_type, value_meta = _unwrap(args[1])
    if _is_model(value_type):
        columns, children = _walk(value_type, (), False)
        if children:
            raise TypeError(f"cannot lay out {name!r}: its values hold lists or dicts")
    elif _origin(value_type) in (list, dict):
        raise TypeError(f"cannot lay out {name!r}: a dict's values must be scalars or models")
    else:
        columns = [_column(value_name, (value_name,), value_type, FieldInfo(), True, value_meta)]
    parent_sheet = None if parent is None else parent.sheet
    return Table(sheet, where, (key, *columns), parent_sheet, refs, parent_keys, True)


def _references(parent: Table | None) -> tuple[tuple[Column, ...], tuple[str, ...]]:
    """Columns naming the parent row: its id, or its required id-like fields."""
    if parent is None:
        return (), ()
    own = {c.name: c for c in parent.columns if len(c.keys) == 1}
    keys = ("id",) if "id" in own else tuple(n for n, c in own.items() if c.kind == "id")
    if not keys:
        raise TypeError(f"cannot lay out the children of {parent.sheet}: its rows have no id")
    stem = _singular(parent.sheet.lower())
    names = [stem] if len(keys) == 1 else [f"{stem}.{k}" for k in keys]
    refs = tuple(Column(n, (n,), "id", required=True, needed=True) for n in names)
    return refs, keys


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def _sheet_name(name: str, parent: Table | None, taken: list[Table]) -> str:
    sheet = name.replace("_", " ").capitalize()
    if parent is not None and any(t.sheet == sheet for t in taken):
        sheet = f"{_singular(parent.sheet)} {name.replace('_', ' ')}"
    return sheet[:31]


def _ordered(sheet: str, columns: list[Column]) -> list[Column]:
    leading = _LEADING.get(sheet, ())
    rank = {name: i for i, name in enumerate(leading)}
    return sorted(columns, key=lambda c: rank.get(c.name, len(rank)))


def _column(
    name: str,
    keys: tuple[str, ...],
    annotation: Any,
    info: FieldInfo,
    required: bool,
    extra_meta: tuple[Any, ...] = (),
) -> Column:
    inner, meta = _unwrap(annotation)
    meta = (*info.metadata, *meta, *extra_meta)
    kind, choices = _kind(inner, meta)
    item_kind: Kind = "text"
    if kind == "list":
        item_type, item_meta = _unwrap(typing.get_args(inner)[0])
        item_kind, choices = _kind(item_type, item_meta)
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None)
    if kind == "list":
        item_meta = _unwrap(typing.get_args(inner)[0])[1]
        pattern = next((m.pattern for m in item_meta if getattr(m, "pattern", None)), None)
    return Column(
        name,
        keys,
        kind,
        item_kind,
        choices,
        required,
        info.is_required(),
        _bounds(meta),
        default,
        pattern,
    )


def _kind(annotation: Any, meta: tuple[Any, ...]) -> tuple[Kind, tuple[Any, ...]]:
    if _origin(annotation) is list:
        return "list", ()
    if _origin(annotation) is Literal:
        return "choice", typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "choice", tuple(member.value for member in annotation)
    simple: dict[Any, Kind] = {bool: "bool", int: "integer", float: "number"}
    if annotation in simple:
        return simple[annotation], ()
    if annotation is str:
        return ("id" if any(getattr(m, "pattern", None) for m in meta) else "text"), ()
    return "raw", ()


def _bounds(meta: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(m for m in meta if isinstance(m, Ge | Gt | Le | Lt))


def _unwrap(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The type under ``Optional`` and ``Annotated``, with the metadata found on the way."""
    meta: tuple[Any, ...] = ()
    while True:
        if _origin(annotation) is typing.Annotated:
            args = typing.get_args(annotation)
            for extra in args[1:]:
                meta += tuple(extra.metadata) if isinstance(extra, FieldInfo) else (extra,)
            annotation = args[0]
        elif _origin(annotation) in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation, meta
            annotation = rest[0]
        else:
            return annotation, meta


def _origin(annotation: Any) -> Any:
    return typing.get_origin(annotation)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def normal_name(header: Any) -> str:
    """A header as compared: lower case, with spaces, dashes and dots all as ``_``.

    Examples
    --------
    >>> normal_name("  Input kind "), normal_name("value.Drop-off"), normal_name("Value proxy")
    ('input_kind', 'value_drop_off', 'value_proxy')
    """
    text = "" if header is None else str(header)
    return "_".join(text.strip().lower().replace("-", " ").replace(".", " ").split())
