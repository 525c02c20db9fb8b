"""YAML and JSON text: parsed safely (plain data only) and written deterministically.

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
from collections.abc import Callable
from typing import Any

import yaml

from toc.errors import ModelFileError

__all__ = ["decoded", "parsed", "text_bytes"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
    parse: Callable[[str], Any] = json.loads if fmt == "json" else _yaml_load
    try:
        return parse(text)
    except json.JSONDecodeError as err:
        raise ModelFileError(
            f"this is not valid JSON: {err.msg} (column {err.colno})", path=source, line=err.lineno
        ) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = getattr(err, "problem", None) or str(err)
        column = f" (column {mark.column + 1})" if mark else ""
        advice = (
            "model files hold plain data only: remove the tag"
            if isinstance(err, yaml.constructor.ConstructorError)
            else "check the indentation and quoting"
        )
        raise ModelFileError(
            f"this is not valid YAML: {reason}{column}; {advice}",
            path=source,
            line=mark.line + 1 if mark else None,
        ) from err


def _yaml_load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


def text_bytes(data: Any, fmt: str) -> bytes:
    """Plain data as the bytes of a JSON or YAML file, keys in the order given."""
    if fmt == "json":
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")
