"""Turning validation errors into problems a person can act on.

Pydantic reports a location such as ``("links", 3, "weight")``; this module
says it in words, quotes the bad value and the node or link it belongs to,
and finds the line of a YAML or JSON text it came from.  Lines are looked up
only when something is wrong, so loading a good file pays nothing for them.

Examples
--------
>>> lines = line_of("title: t\\nnodes:\\n  - id: a\\n    stage: nope\\n")
>>> lines(("nodes", 0, "stage"))
4
>>> lines(("nodes", 0, "missing"))
3
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toc.errors import Problem, format_loc

__all__ = ["line_of", "problems_from_validation"]

Loc = tuple[str | int, ...]


def line_of(text: str) -> Callable[[Loc], int | None]:
    """A function giving the 1-based line of a location in a YAML or JSON text.

    A location that is not in the text (a missing key) gives the line of the
    nearest enclosing item.
    """
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        root = None

    def lookup(loc: Loc) -> int | None:
        best, node = None, root
        for part in loc:
            node = _child(node, part)
            if node is None:
                break
            best = node.start_mark.line + 1
        return best

    return lookup


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                found: yaml.Node = value
                return found
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item
    return None


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
    from toc.model import Link, LogicModel, Node

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
    from toc.model import suggest_id

    return (
        "ids use only letters, digits, '_', '-' and '.', at most 64 characters: "
        f"try {suggest_id(str(value))!r}"
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
