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

import reprlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toc.errors import InvalidModelError, ModelFileError, Problem, format_loc
from toc.model.ids import suggest_id
from toc.model.logicmodel import LogicModel
from toc.model.parts import Link, Node

__all__ = ["LineLookup", "model_from_data", "problems_from_validation", "shown", "subject"]

LineLookup = Callable[[tuple[str | int, ...]], int | None]

Loc = tuple[str | int, ...]


def model_from_data(
    data: Any,
    *,
    source: str = "<data>",
    lines: LineLookup | None = None,
    found: Sequence[Problem] = (),
) -> LogicModel:
    """Validate plain data as a model; ``lines`` gives each problem its line in the source text.

    ``found`` holds problems the caller found before validation (the file layer
    checks for values that validation would change quietly); they are reported
    with the others, and a model is returned only if there are none.
    """
    if not isinstance(data, Mapping):
        kind = type(data).__name__ if data is not None else "empty"
        raise ModelFileError(
            f"a model file holds a mapping with 'title', 'nodes' and 'links', but this one "
            f"is {kind}: start from `toc new`",
            path=source,
        )
    try:
        model = LogicModel.model_validate(data)
    except ValidationError as err:
        problems = problems_from_validation(err, data)
    except InvalidModelError as err:
        problems = err.problems
    else:
        if not found:
            return model
        problems = []
    if not any(p.loc == ("version",) for p in problems):
        problems = [*found, *problems]
    if lines is not None:
        problems = [Problem(p.message, p.loc, line=lines(p.loc)) for p in problems]
    raise InvalidModelError(problems, path=source)


def problems_from_validation(err: ValidationError, data: Any) -> list[Problem]:
    """One :class:`Problem` per pydantic error, in words, naming the item and value.

    A file of another format version gives that problem alone: the others
    would only be noise from the differences between the versions.
    """
    problems = [_problem(detail, data) for detail in err.errors(include_url=False)]
    version = [p for p in problems if p.loc == ("version",)]
    return version or problems


def _problem(detail: ErrorDetails, data: Any) -> Problem:
    loc: Loc = tuple(detail["loc"])
    named = loc[:-1] if detail["type"] in ("missing", "extra_forbidden") else loc
    if loc == ("version",):
        return Problem(_version(detail.get("input")), loc)
    return Problem(f"{subject(named, data)}: {_reason(detail)}", loc)


def _version(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value > 1:
        return f"this file is version {value}; this toc reads version 1: upgrade toc to read it"
    return f"version: the format version is 1, got {shown(value)}: write 'version: 1'"


def subject(loc: Loc, data: Any) -> str:
    """'node 'jobs' stage' or 'link 'a->b' weight': the item and field in words.

    Examples
    --------
    >>> data = {"nodes": [{"id": "jobs"}], "links": [{"from": "a", "to": "b"}]}
    >>> subject(("nodes", 0, "stage"), data), subject(("links", 0, "weight"), data)
    ("node 'jobs' stage", "link 'a->b' weight")
    """
    if len(loc) >= 2 and loc[0] in ("nodes", "links") and isinstance(loc[1], int):
        item = _item(data, loc[0], loc[1])
        field = format_loc(_brief(loc[2:])) if len(loc) > 2 else ""
        return f"{_name(loc[0], loc[1], item)}{' ' + field if field else ''}"
    return format_loc(_brief(loc))


def _brief(loc: Loc) -> Loc:
    """The location with long keys (such as a pasted paragraph) cut short."""
    return tuple(p[:37] + "..." if isinstance(p, str) and len(p) > 40 else p for p in loc)


def _item(data: Any, key: str | int, index: int) -> Any:
    items = data.get(key) if isinstance(data, Mapping) else None
    if isinstance(items, Sequence) and index < len(items):
        return items[index]
    return None


def _name(key: str | int, index: int, item: Any) -> str:
    if not isinstance(item, Mapping):
        return f"{key}[{index}]"
    if key == "nodes":
        return f"node {shown(item['id'])}" if "id" in item else f"node {index + 1} (no id)"
    ends = (_end(item.get("from", "?")), _end(item.get("to", "?")))
    return f"link '{ends[0]}->{ends[1]}'"


def _end(value: Any) -> str:
    return value if isinstance(value, str) and len(value) <= 64 else shown(value)


def _reason(detail: ErrorDetails) -> str:
    kind, msg = detail["type"], detail["msg"]
    loc = detail["loc"]
    if kind == "extra_forbidden":
        return f"unknown key {shown(loc[-1])}: remove it or fix its spelling{_allowed(loc)}"
    if kind == "missing":
        return f"{loc[-1]!r} is missing: add it{_allowed_values(loc)}"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        return (
            f"{shown(detail['input'])} is not allowed here: {_pattern_hint(loc, detail['input'])}"
        )
    hint = _range_hint(loc)
    return f"{msg[0].lower()}{msg[1:]}, got {shown(detail.get('input'))}{hint}"


_FRACTION = "; fractions run from 0 to 1, e.g. 0.25 for 25%"
_RANGE_HINTS = {
    "weight": "; weights run from -1 (strongly undermines) to 1 (strongly drives), not 0",
    "low": "; low and high bound the weight, within [-1, 1]",
    "high": "; low and high bound the weight, within [-1, 1]",
    "priority": "; a priority is a number from 0 to 1,000,000,000,000 (higher matters more)",
    "cost": "; a cost is an amount of money from 0 to 1,000,000,000,000, without a currency sign",
    "allocation": "; the share of the input's cost, from 0 to 1",
    **dict.fromkeys(("deadweight", "displacement", "attribution", "drop_off"), _FRACTION),
}


def _range_hint(loc: Sequence[str | int]) -> str:
    """What range a field takes; ``low`` and ``high`` mean a link's bounds only on links."""
    if not loc:
        return ""
    name = str(loc[-1])
    if name in ("low", "high") and loc[0] != "links":
        return ""  # a value range's low and high: the field's own message says the range
    return _RANGE_HINTS.get(name, "")


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
        f"try {suggest_id(str(value)[:200])!r}"
    )


class _Short(reprlib.Repr):
    """``repr`` that looks at no more of a value than it shows."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 200:  # repr of a huge int is slow, or refused
            return f"<a whole number of about {int(x.bit_length() * 0.30103):,} digits>"
        return super().repr_int(x, level)


_SHORT = _Short()
_SHORT.maxlevel = 2
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 50
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 4


def shown(value: Any) -> str:
    """A value as quoted in a message: its ``repr``, at most 60 characters, built cheaply.

    Examples
    --------
    >>> shown("nope"), shown(1.5)
    ("'nope'", '1.5')
    >>> shown("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxx'"
    >>> laughs = ["lol"] * 9
    >>> for _ in range(9):
    ...     laughs = [laughs] * 9
    >>> shown(laughs)
    '[[[...], [...], [...], [...], ...], [[...], [...], [...],...'
    """
    text = _SHORT.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
