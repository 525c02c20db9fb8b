"""JSON text read safely: bounded nesting, and nothing changed quietly.

- Nesting deeper than 64 is refused before parsing, with its line (Python's
  parser would otherwise fail with a ``RecursionError`` deep inside).
- A key given twice in one object is an error, not "the last one wins".
- Whole numbers above 2**53 are refused: a float cannot hold them exactly.
- Text holding half of a UTF-16 pair (``"\\ud800"``) is refused: it is not a character.

Examples
--------
>>> load('{"title": "t", "version": 1}', "m.json")
{'title': 't', 'version': 1}
>>> load('{"title": "a",\\n "title": "b"}', "m.json")
Traceback (most recent call last):
...
toc.errors.ModelFileError: m.json, line 2: the key 'title' is given twice in one object: keep one
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import yaml

from toc.errors import ModelFileError
from toc.formats.limits import LARGEST_WHOLE, MAX_DEPTH

__all__ = ["load"]

# A string (to the end of the text if it never closes: no retries, so linear time), or a bracket.
_STRINGS = re.compile(r'"(?:[^"\\]++|\\[\s\S]?)*+(?:"|\Z)')
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_TOKENS = re.compile(r'"(?:[^"\\]++|\\[\s\S]?)*+(?:"|\Z)|[\[\]{}]')
_SURROGATE = re.compile("[\ud800-\udfff]")
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Repeated(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key


class _TooLarge(ValueError):
    def __init__(self, digits: str) -> None:
        self.digits = digits


def load(text: str, source: str) -> Any:
    """The plain data in a JSON text, or :class:`~toc.errors.ModelFileError` with the line."""
    _check_depth(text, source)
    try:
        data = json.loads(text, object_pairs_hook=_unique, parse_int=_whole)
    except json.JSONDecodeError as err:
        raise ModelFileError(
            f"this is not valid JSON: {err.msg} (column {err.colno})", path=source, line=err.lineno
        ) from err
    except _Repeated as err:
        raise ModelFileError(
            f"the key {_short(err.key)!r} is given twice in one object: keep one",
            path=source,
            line=_repeated_line(text, err.key),
        ) from err
    except _TooLarge as err:
        raise ModelFileError(
            _too_large(err.digits), path=source, line=_line(text, err.digits)
        ) from err
    _check_text(data, text, source)
    return data


def _check_depth(text: str, source: str) -> None:
    if _deepest(text) <= MAX_DEPTH:
        return
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ModelFileError(
                    f"lists and objects are nested more than {MAX_DEPTH} deep here, far deeper "
                    "than a model needs: check the brackets",
                    path=source,
                    line=text.count("\n", 0, match.start()) + 1,
                )
        elif token in "]}":
            depth -= 1


def _deepest(text: str) -> int:
    """The deepest nesting of lists and objects, at C speed: strings dropped, then brackets
    counted with numpy.  (The token scanner below finds the line, only when too deep.)"""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Repeated(key)
            seen.add(key)
    return found


def _whole(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > 16 or int(digits) > LARGEST_WHOLE:
        raise _TooLarge(text)
    return int(text)


def _too_large(digits: str) -> str:
    shown = f"{int(digits):,}" if len(digits) <= 40 else f"of {len(digits):,} digits"
    return (
        f"the whole number {shown} is larger than 2**53 = {LARGEST_WHOLE:,}, so it cannot be "
        "held exactly: use a smaller number"
    )


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _line(text: str, part: str) -> int | None:
    at = text.find(part)
    return None if at < 0 else text.count("\n", 0, at) + 1


def _repeated_line(text: str, key: str) -> int | None:
    """The line of the second use of ``key`` in one object, found by composing the text as YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    for node in _mappings(root):
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.value == key and key in seen:
                line: int = key_node.start_mark.line + 1
                return line
            seen.add(key_node.value)
    return None


def _mappings(root: yaml.Node | None) -> Iterator[yaml.MappingNode]:
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.MappingNode):
            yield node
            todo += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value


def _check_text(data: Any, text: str, source: str) -> None:
    """Refuse strings holding a lone surrogate: they cannot be written as UTF-8."""
    if "\\u" not in text:
        return
    for value in _strings(data):
        found = _SURROGATE.search(value)
        if found:
            escape = f"\\u{ord(found.group()):04x}"
            raise ModelFileError(
                f"the text {_short(value)!r} holds {escape}, half of a UTF-16 pair and not a "
                "character: remove it, or give both halves of the pair",
                path=source,
                line=_line(text.lower(), escape),
            )


def _strings(data: Any) -> Iterator[str]:
    todo = [data]
    while todo:
        value = todo.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            todo += [*value, *value.values()]
        elif isinstance(value, list):
            todo += value
