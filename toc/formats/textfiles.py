"""YAML and JSON text: decoded, parsed safely (plain data only) and written deterministically.

Examples
--------
>>> parsed("title: t", "yaml", "m.yaml")
{'title': 't'}
>>> print(text_bytes({"title": "Café"}, "json").decode(), end="")
{
  "title": "Café"
}
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from toc.errors import ModelFileError
from toc.formats import jsontext, yamltext

__all__ = ["decoded", "parsed", "text_bytes"]

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def decoded(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ModelFileError(
            f"byte {err.start} is not UTF-8 text: save the file as UTF-8", path=source, line=line
        ) from err


def parsed(text: str, fmt: str, source: str) -> Any:
    """The plain data in a YAML or JSON text (see :mod:`toc.formats.yamltext` and
    :mod:`toc.formats.jsontext` for what is refused, and why)."""
    return jsontext.load(text, source) if fmt == "json" else yamltext.load(text, source)


def text_bytes(data: Any, fmt: str) -> bytes:
    """Plain data as the bytes of a JSON or YAML file, keys in the order given."""
    if fmt == "json":
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")
