"""A JSON model file validated in one pass in pydantic's own parser, when that is safe.

Reading a JSON model the careful way (:mod:`toc.formats.jsontext`, then
validation of the plain data) builds every object twice: once as Python data,
once as the model.  For a well-formed file, pydantic can parse and validate the
text in one pass at C speed, about twice as fast.  What the careful reader
guarantees must still hold, so the one pass is taken only when each guarantee
is checked another way:

- *Nesting no deeper than 64*: the brackets outside strings are counted first
  (:func:`shape`, with numpy).
- *No key given twice in one object*: the keys outside strings are counted in
  the text, and the keys given are counted in the model (each pydantic object
  knows which fields it was given, each mapping its keys); the two numbers are
  equal exactly when no object repeats a key.
- *No yes/no in a number field*: the one pass is pydantic's strict mode, which
  takes ``true`` for nothing but a yes/no field.  Strict mode accepts a subset of
  what the careful reader's (lax) validation accepts, and reads it the same way.
- *No whole number past 2**53, no half of a UTF-16 pair*: a text in which either
  could appear (a run of 16 digits, a ``\\u`` escape) is left to the careful reader.
- *No two years of one mapping that are one number* (``"1"`` and ``"01"``): the
  mapping then holds fewer keys than the text gave, so the key count differs.

Anything else (a wrong value, a bad link, a text that is not JSON) makes
:func:`fast_model` return ``None``, and the careful reader then reads the file
again and says exactly what is wrong and where.  The one pass never accepts a
file the careful reader refuses, nor reads one differently (tests check both
readers agree on generated and hostile files).

Examples
--------
>>> shape('{"a": [1, {"b": "[{"}], "c": 2}')
(3, 3)
>>> fast_model('{"title": "t", "title": "u"}') is None
True
>>> fast_model('{"title": "t"}').title
't'
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from functools import cache
from operator import attrgetter
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from toc.errors import TocError
from toc.formats.limits import MAX_DEPTH
from toc.model import LogicModel

__all__ = ["fast_model", "shape"]

_KEPT = b'"[]{}:'
_DROPPED = bytes(b for b in range(256) if b not in _KEPT)
_STEP = np.zeros(256, np.int64)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1
_QUOTE, _COLON = ord('"'), ord(":")
# Digits to "0", every other byte to " ", so " 0000000000000000" marks a whole number of
# 16 digits or more (or such a run of digits in a string: then the careful reader decides).
_DIGITS = bytes.maketrans(bytes(range(256)), bytes(48 if 48 <= b <= 57 else 32 for b in range(256)))
_LONG_RUN = b" " + b"0" * 16
_BOM = "\ufeff".encode()
_FIELDS_SET = attrgetter("__pydantic_fields_set__")  # what model_fields_set returns


def shape(text: str) -> tuple[int, int]:
    """(deepest nesting, number of keys) of a JSON text, counted outside strings.

    Exact for valid JSON.  For a text that is not, the counts may be wrong, so a
    caller must still parse it (and the parser will refuse it).
    """
    return _shape(_bare(text))


def _bare(text: str) -> bytes:
    """The text as bytes, without escaped backslashes and quotes (they never open or
    close a string)."""
    return _bare_bytes(text.encode("utf-8", "surrogatepass"))


def _bare_bytes(raw: bytes) -> bytes:
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    return raw


def _shape(raw: bytes) -> tuple[int, int]:
    kept = raw.translate(None, _DROPPED)
    if not kept:
        return 0, 0
    codes = np.frombuffer(kept, np.uint8)
    outside = (np.cumsum(codes == _QUOTE) & 1) == 0  # a closing quote counts as outside
    depth = int(np.cumsum(_STEP[codes] * outside).max())
    keys = int(np.count_nonzero((codes == _COLON) & outside))
    return max(depth, 0), keys


def fast_model(text: str | bytes) -> LogicModel | None:
    """The model in a JSON text (or its UTF-8 bytes, as read from the file: they need no
    decoding here) read in one pass, or ``None``: then read it the careful way."""
    given = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    given = given.removeprefix(_BOM)
    if b"\\u" in given:
        return None
    raw = _bare_bytes(given)
    if _LONG_RUN in b" " + raw.translate(_DIGITS):
        return None
    depth, keys = _shape(raw)
    if depth > MAX_DEPTH:
        return None
    try:
        model = LogicModel.model_validate_json(given, strict=True)
    except (ValidationError, TocError, ValueError, RecursionError):
        return None
    return model if keys_given(model) == keys else None


def keys_given(value: Any) -> int:
    """How many keys the text behind ``value`` gave: each object's fields given, each
    mapping's keys, all the way down."""
    count = 0
    todo: list[Any] = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, BaseModel):
            given = item.__pydantic_fields_set__
            count += len(given)
            todo += [getattr(item, n) for n in _nested_fields(type(item)).intersection(given)]
        elif isinstance(item, list):
            if item and isinstance(item[0], BaseModel) and len(set(map(type, item))) == 1:
                count += _alike_keys(item, todo)
            else:
                todo += item
        elif isinstance(item, dict):
            count += len(item)
            todo += item.values()
    return count


def _alike_keys(items: list[Any], todo: list[Any]) -> int:
    """The fields given in a list of objects of one class (nodes, links), at C speed;
    what they hold that has keys of its own goes on ``todo``."""
    count = sum(map(len, map(_FIELDS_SET, items)))
    first: type[BaseModel] = type(items[0])
    nested = _nested_fields(first)
    if nested:
        for item in items:
            given = item.__pydantic_fields_set__
            if not nested.isdisjoint(given):
                todo += [getattr(item, n) for n in nested.intersection(given)]
    return count


@cache
def _nested_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of ``cls`` that can hold objects or mappings (whose keys must be counted)."""
    return frozenset(
        name for name, info in cls.model_fields.items() if _may_hold_keys(info.annotation)
    )


def _may_hold_keys(annotation: Any) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel | dict)
    origin = typing.get_origin(annotation)
    if origin is dict:
        return True
    if origin is typing.Annotated:
        return _may_hold_keys(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, frozenset, typing.Union, types.UnionType):
        return _any_holds_keys(typing.get_args(annotation))
    return origin is not None or annotation is typing.Any


def _any_holds_keys(arguments: Iterable[Any]) -> bool:
    return any(_may_hold_keys(a) for a in arguments if a is not Ellipsis and a is not type(None))
