"""What the files of other tools share: flat attributes for a model's fields, and a title.

Graph tools (GraphML, Kumu) hold flat attributes: a number or a text per name.
A field of the model travels as itself when it is a number or a text, as one
text with the items separated by ``"; "`` when it is a list of texts
(``frameworks``, ``agreed_order``), and as JSON text when it holds records
(``indicators``, ``value``, ``departments``): :func:`field_kinds` says which.

Examples
--------
>>> from toc.model import Node
>>> kinds = field_kinds(Node)
>>> kinds["label"], kinds["frameworks"], kinds["indicators"], kinds["value"]
('scalar', 'list', 'json', 'json')
>>> flat({"label": "A", "frameworks": ["sdg:8", "toms:NT1"]}, kinds)
{'label': 'A', 'frameworks': 'sdg:8; toms:NT1'}
>>> title_from_name("data/youth_employment.kumu.json")
'Youth employment'
"""

from __future__ import annotations

import functools
import json
import typing
from pathlib import PurePath
from typing import Any, Literal

from pydantic import BaseModel

from toc.formats.jsontext import load as load_json

__all__ = ["Kind", "field_kinds", "flat", "title_from_name", "unflat"]

Kind = Literal["scalar", "list", "json"]
SEPARATOR = "; "


@functools.cache
def field_kinds(schema: type[BaseModel]) -> dict[str, Kind]:
    """How each field of ``schema`` (by its name in files) travels as a flat attribute."""
    return {
        (info.alias or name): _kind(info.annotation) for name, info in schema.model_fields.items()
    }


def _kind(annotation: Any) -> Kind:
    if _holds_records(annotation):
        return "json"
    if typing.get_origin(annotation) is list:
        return "list"
    return "scalar"


def _holds_records(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    if typing.get_origin(annotation) is dict:
        return True
    return any(_holds_records(arg) for arg in typing.get_args(annotation))


def flat(data: dict[str, Any], kinds: dict[str, Kind]) -> dict[str, Any]:
    """Plain data (as :func:`toc.model.dump_dict` gives it) as flat attributes."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        kind = kinds.get(key, "scalar")
        if kind == "list":
            out[key] = SEPARATOR.join(str(item) for item in value)
        elif kind == "json":
            out[key] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            out[key] = value
    return out


def unflat(attributes: dict[str, Any], kinds: dict[str, Kind], source: str) -> dict[str, Any]:
    """Flat attributes back as plain data; empty attributes are left out.

    JSON text is read as carefully as a JSON model file (bounded, no key twice);
    ``source`` names the file and the item for its errors.
    """
    out: dict[str, Any] = {}
    for key, value in attributes.items():
        if value is None or value == "":
            continue
        kind = kinds.get(key, "scalar")
        if kind == "list" and isinstance(value, str):
            out[key] = [item.strip() for item in value.split(";") if item.strip()]
        elif kind == "json" and isinstance(value, str):
            out[key] = load_json(value, f"{source}, attribute {key!r}")
        else:
            out[key] = value
    return out


def title_from_name(path: str) -> str:
    """A title made from a file's name, for files that hold none.

    Examples
    --------
    >>> title_from_name("m.graphml"), title_from_name("council-map.kumu.json")
    ('M', 'Council map')
    """
    name = PurePath(path).name
    stem = name.split(".")[0] or name
    words = " ".join(stem.replace("_", " ").replace("-", " ").split()) or "Model"
    return words[:1].upper() + words[1:]
