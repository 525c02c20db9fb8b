"""YAML text read safely: plain data only, bounded, and nothing changed quietly.

- Nesting and what aliases (``*name``) repeat are measured on the parser's
  events before any value is built, so a "billion laughs" file is refused in
  the time it takes to read it, naming the line of the alias.
- A key given twice is an error, not "the last one wins".
- Whole numbers are plain decimals of at most 2**53: YAML 1.1 would read
  ``010`` as 8 and ``1:30`` as 90, and a larger number loses digits as a float.
- Dates stay the text typed; tags that build other objects are refused.

Examples
--------
>>> load("title: t\\nversion: 1", "m.yaml")
{'title': 't', 'version': 1}
>>> load("title: a\\ntitle: b", "m.yaml")
Traceback (most recent call last):
...
toc.errors.ModelFileError: m.yaml, line 2: the key 'title' is given twice, on lines 1 and 2: keep one
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, cast

import yaml

from toc.errors import ModelFileError
from toc.formats.limits import LARGEST_WHOLE, MAX_ALIAS_NODES, MAX_DEPTH

__all__ = ["PlainLoader", "load"]

if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")


class Refused(yaml.MarkedYAMLError):
    """Valid YAML that a model file may not hold; ``problem`` says why and what to do."""


def _refused(message: str, node: yaml.Node) -> Refused:
    return Refused(problem=message, problem_mark=node.start_mark)


class PlainLoader(_Base):
    """The safe loader, refusing repeated keys, odd whole numbers and object tags."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            self._refuse_repeated_keys(node)
        return super().construct_mapping(node, deep=deep)

    def _refuse_repeated_keys(self, node: yaml.MappingNode) -> None:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
                continue  # merged keys may be overridden; other keys are refused later
            key = self.construct_object(key_node)
            first = seen.setdefault(key, key_node)
            if first is not key_node:
                raise _refused(_repeated(first, key_node), key_node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if not _PLAIN_INT.fullmatch(text):
            raise _refused(
                f"YAML reads {text!r} as a number in base 2, 8, 16 or 60, not as typed: write "
                "the number in plain decimals, or put it in quotes if it is text",
                node,
            )
        digits = text.lstrip("+-").replace("_", "")
        if len(digits) > 16 or int(digits) > LARGEST_WHOLE:
            raise _refused(_too_large(digits), node)
        return int(text.replace("_", ""))

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        text = str(self.construct_scalar(node))
        if ":" in text:
            raise _refused(
                f"YAML reads {text!r} as a number in base 60, not as typed: write the number "
                "in plain decimals, or put it in quotes if it is text",
                node,
            )
        return super().construct_yaml_float(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> str:  # type: ignore[override]
        return str(self.construct_scalar(node))


PlainLoader.add_constructor(_INT, PlainLoader.construct_yaml_int)
PlainLoader.add_constructor(_FLOAT, PlainLoader.construct_yaml_float)
PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", PlainLoader.construct_yaml_timestamp)
for _tag in ("binary", "omap", "pairs", "set"):
    PlainLoader.yaml_constructors.pop(f"tag:yaml.org,2002:{_tag}", None)


def _repeated(first: yaml.Node, again: yaml.Node) -> str:
    lines = f"lines {first.start_mark.line + 1} and {again.start_mark.line + 1}"
    if first.value == again.value:
        return f"the key {_short(first.value)!r} is given twice, on {lines}: keep one"
    return (
        f"the keys {_short(first.value)!r} and {_short(again.value)!r} (on {lines}) are the "
        "same key once read: keep one"
    )


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _too_large(digits: str) -> str:
    shown = f"{int(digits):,}" if len(digits) <= 40 else f"of {len(digits):,} digits"
    return (
        f"the whole number {shown} is larger than 2**53 = {LARGEST_WHOLE:,}, so it cannot be "
        "held exactly: use a smaller number"
    )


def load(text: str, source: str) -> Any:
    """The plain data in a YAML text, or :class:`~toc.errors.ModelFileError` with the line."""
    try:
        check_shape(text)
        return yaml.load(text, Loader=PlainLoader)
    except yaml.YAMLError as err:
        raise _file_error(err, text, source) from err


def _file_error(err: yaml.YAMLError, text: str, source: str) -> ModelFileError:
    if isinstance(err, yaml.reader.ReaderError):
        return ModelFileError(
            f"this is not valid YAML: character {chr(err.character)!r} is not allowed in a "
            "YAML file: remove it, or write it as an escape such as \\x01 inside double quotes",
            path=source,
            line=text.count("\n", 0, max(0, err.position)) + 1,
        )
    mark = getattr(err, "problem_mark", None)
    line: int | None = mark.line + 1 if mark else None
    reason = getattr(err, "problem", None) or str(err)
    if isinstance(err, Refused):
        return ModelFileError(str(reason), path=source, line=line)
    column = f" (column {mark.column + 1})" if mark else ""
    advice = (
        "model files hold plain data only: remove the tag"
        if isinstance(err, yaml.constructor.ConstructorError)
        else "check the indentation and quoting"
    )
    return ModelFileError(
        f"this is not valid YAML: {reason}{column}; {advice}", path=source, line=line
    )


def check_shape(text: str) -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` and aliases that repeat too much.

    Raises :class:`Refused` (a ``yaml.YAMLError``) at the place that breaks a limit.

    Examples
    --------
    >>> check_shape("a: &a [1, 2]\\nb: [*a, *a]")
    >>> check_shape("a: " + "[" * 65 + "]" * 65)
    Traceback (most recent call last):
    ...
    toc.formats.yamltext.Refused: lists and mappings are nested more than 64 deep ...
    """
    shape = _Shape()
    for event in yaml.parse(text, Loader=_Base):
        shape.add(event)


class _Open:
    """A list or mapping being read: its anchor, values so far, and depth below it."""

    __slots__ = ("anchor", "height", "nodes")

    def __init__(self, anchor: str | None) -> None:
        self.anchor = anchor
        self.nodes = 1
        self.height = 1


class _Shape:
    """Sizes and depths of the values read so far, aliases counted as what they repeat."""

    def __init__(self) -> None:
        self.done: dict[str, tuple[int, int]] = {}  # anchor: (values, depth) of its value
        self.stack: list[_Open] = []
        self.repeated = 0

    def add(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise _deep(event)
            self.stack.append(_Open(event.anchor))
        elif isinstance(event, yaml.CollectionEndEvent):
            item = self.stack.pop()
            self._value(item.anchor, (item.nodes, item.height))
        elif isinstance(event, yaml.ScalarEvent):
            self._value(event.anchor, (1, 0))
        elif isinstance(event, yaml.AliasEvent):
            size = _alias_size(event, self.done, self.stack)
            self.repeated += size[0]
            if self.repeated > MAX_ALIAS_NODES:
                raise _too_many(event)
            self._value(None, size)

    def _value(self, anchor: str | None, size: tuple[int, int]) -> None:
        if anchor is not None:
            self.done[anchor] = size
        if self.stack:
            self.stack[-1].nodes += size[0]
            self.stack[-1].height = max(self.stack[-1].height, size[1] + 1)


def _alias_size(
    event: yaml.AliasEvent, done: dict[str, tuple[int, int]], stack: list[_Open]
) -> tuple[int, int]:
    name = str(event.anchor)
    if name not in done:
        inside = any(item.anchor == name for item in stack)
        raise Refused(
            problem=(
                f"the alias *{name} is inside the value &{name} it repeats, which never ends: "
                "write the value out"
                if inside
                else f"the alias *{name} comes before any &{name}: define the anchor first"
            ),
            problem_mark=_mark(event),
        )
    size = done[name]
    if len(stack) + size[1] > MAX_DEPTH:
        raise _deep(event)
    return size


def _mark(event: yaml.Event) -> yaml.Mark | None:
    return cast("yaml.Mark | None", event.start_mark)  # the C parser's Mark has the same fields


def _deep(event: yaml.Event) -> Refused:
    return Refused(
        problem=(
            f"lists and mappings are nested more than {MAX_DEPTH} deep here, far deeper than a "
            "model needs: check the indentation and brackets"
        ),
        problem_mark=_mark(event),
    )


def _too_many(event: yaml.AliasEvent) -> Refused:
    return Refused(
        problem=(
            f"aliases (*{event.anchor} and those before it) repeat more than "
            f"{MAX_ALIAS_NODES:,} values in all, far more than a model needs: write the "
            "values out instead of repeating them with anchors (&) and aliases (*)"
        ),
        problem_mark=_mark(event),
    )
