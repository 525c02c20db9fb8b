"""Plain data validated as a model, with problems a person can act on.

Pydantic reports a location such as ``("links", 3, "weight")``; this module
says it in words, quotes the bad value and the node or link it belongs to.
The file layer adds the line of the text the data came from
(:mod:`toc.formats.lines`), only when something is wrong.

Examples
--------
>>> try:
...     model_from_data({"title": "t", "nodes": [{"id": "a", "label": "A", "stage": "nope"}]})
... except Exception as err:
...     print(err)
<data>: 1 problem
  nodes[0].stage: node 'a' stage: input should be 'input', 'activity', 'output', 'outcome' or 'impact', got 'nope'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toc.errors import InvalidModelError, ModelFileError, Problem, format_loc
from toc.model.ids import suggest_id
from toc.model.logicmodel import LogicModel
from toc.model.parts import Link, Node

__all__ = ["LineLookup", "model_from_data", "problems_from_validation"]

LineLookup = Callable[[tuple[str | int, ...]], int | None]

Loc = tuple[str | int, ...]


def model_from_data(
    data: Any, *, source: str = "<data>", lines: LineLookup | None = None
) -> LogicModel:
    """Validate plain data as a model; ``lines`` gives each problem its line in the source text."""
    if not isinstance(data, Mapping):
        kind = type(data).__name__ if data is not None else "empty"
        raise ModelFileError(
            f"a model file holds a mapping with 'title', 'nodes' and 'links', but this one "
            f"is {kind}: start from `toc new`",
            path=source,
        )
    try:
        return LogicModel.model_validate(data)
    except ValidationError as err:
        problems = problems_from_validation(err, data)
    except InvalidModelError as err:
        problems = err.problems
    if lines is not None:
        problems = [Problem(p.message, p.loc, line=lines(p.loc)) for p in problems]
    raise InvalidModelError(problems, path=source)


def problems_from_validation(err: ValidationError, data: Any) -> list[Problem]:
    """One :class:`Problem` per pydantic error, in words, naming the item and value."""
    return [_problem(detail, data) for detail in err.errors(include_url=False)]


def _problem(detail: ErrorDetails, data: Any) -> Problem:
    loc: Loc = tuple(detail["loc"])
    named = loc[:-1] if detail["type"] in ("missing", "extra_forbidden") else loc
    return Problem(f"{_subject(named, data)}: {_reason(detail)}", loc)


def _subject(loc: Loc, data: Any) -> str:
    """'node 'jobs' stage' or 'link 'a->b' weight': the item and field in words."""
    if len(loc) >= 2 and loc[0] in ("nodes", "links") and isinstance(loc[1], int):
        item = _item(data, loc[0], loc[1])
        field = format_loc(loc[2:]) if len(loc) > 2 else ""
        return f"{_name(loc[0], loc[1], item)}{' ' + field if field else ''}"
    return format_loc(loc)


def _item(data: Any, key: str | int, index: int) -> Any:
    items = data.get(key) if isinstance(data, Mapping) else None
    if isinstance(items, Sequence) and index < len(items):
        return items[index]
    return None


def _name(key: str | int, index: int, item: Any) -> str:
    if not isinstance(item, Mapping):
        return f"{key}[{index}]"
    if key == "nodes":
        return f"node {item['id']!r}" if "id" in item else f"node {index + 1} (no id)"
    return f"link '{item.get('from', '?')}->{item.get('to', '?')}'"


def _reason(detail: ErrorDetails) -> str:
    kind, msg = detail["type"], detail["msg"]
    loc = detail["loc"]
    if kind == "extra_forbidden":
        return f"unknown key {loc[-1]!r}: remove it or fix its spelling{_allowed(loc)}"
    if kind == "missing":
        return f"{loc[-1]!r} is missing: add it{_allowed_values(loc)}"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        return f"{detail['input']!r} is not allowed here: {_pattern_hint(loc, detail['input'])}"
    hint = _RANGE_HINTS.get(str(loc[-1]), "") if loc else ""
    return f"{msg[0].lower()}{msg[1:]}, got {_show(detail.get('input'))}{hint}"


_FRACTION = "; fractions run from 0 to 1, e.g. 0.25 for 25%"
_RANGE_HINTS = {
    "weight": "; weights run from -1 (strongly undermines) to 1 (strongly drives), not 0",
    "low": "; low and high bound the weight, within [-1, 1]",
    "high": "; low and high bound the weight, within [-1, 1]",
    "priority": "; a priority is a number, 0 or more (higher matters more)",
    "cost": "; a cost is an amount of money, 0 or more, without a currency sign",
    "allocation": "; the share of the input's cost, from 0 to 1",
    **dict.fromkeys(("deadweight", "displacement", "attribution", "drop_off"), _FRACTION),
}


def _allowed_values(loc: Sequence[str | int]) -> str:
    if loc and loc[-1] == "stage":
        return ": one of input, activity, output, outcome, impact"
    return ""


def _allowed(loc: Sequence[str | int]) -> str:
    owner = _owner(loc)
    if owner is None:
        return ""
    keys = [f.alias or name for name, f in owner.model_fields.items()]
    return f" (known keys: {', '.join(keys)})"


def _owner(loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The schema class whose unknown key ``loc`` names, for the top level, nodes and links."""
    if len(loc) == 1:
        return LogicModel
    if len(loc) == 3 and loc[0] in ("nodes", "links"):
        return Node if loc[0] == "nodes" else Link
    return None


def _pattern_hint(loc: Sequence[str | int], value: Any) -> str:
    if "frameworks" in loc:
        return "framework tags are 'scheme:code', e.g. 'toms:NT1' or 'sdg:8'"
    if "colour" in loc:
        return "colours are '#rrggbb', e.g. '#1f77b4'"
    return (
        "ids use only letters, digits, '_', '-' and '.', at most 64 characters: "
        f"try {suggest_id(str(value))!r}"
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
