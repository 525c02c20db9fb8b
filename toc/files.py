"""Reading and writing model files: YAML, JSON, XLSX and a pair of CSV files.

Loading is safe (plain data only, never arbitrary objects), bounded in size,
and every problem is reported with the file and the line (text files) or the
sheet and row (spreadsheets).  Writing is deterministic: the same model gives
the same bytes.

Examples
--------
>>> import tempfile, pathlib
>>> from toc.model import LogicModel
>>> m = LogicModel(title="Café ☕ & <friends>")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> dump_model(m, folder / "m.yaml")
>>> (folder / "m.yaml").read_text(encoding="utf-8")
'version: 1\\ntitle: Café ☕ & <friends>\\n'
>>> load_model(folder / "m.yaml") == m
True
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from toc.errors import (
    FileTooLargeError,
    InvalidModelError,
    ModelFileError,
    Problem,
    UnsupportedFormatError,
)
from toc.model import LogicModel, dump_dict
from toc.places import line_of, problems_from_validation

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "dump_model",
    "dumps_model",
    "format_of",
    "load_model",
    "loads_model",
    "model_from_data",
]

MAX_FILE_BYTES = 200 * 1024 * 1024
FORMATS = ("yaml", "json", "xlsx", "csv")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def format_of(path: str | os.PathLike[str]) -> str:
    """The file format a path's suffix names.

    Examples
    --------
    >>> format_of("model.yml"), format_of("m.JSON"), format_of("youth-nodes.csv")
    ('yaml', 'json', 'csv')
    >>> format_of("m.docx")
    Traceback (most recent call last):
    ...
    toc.errors.UnsupportedFormatError: m.docx: '.docx' is not a model format: use .yaml, .yml, .json, .xlsx or .csv
    """
    suffix = Path(path).suffix.lower()
    fmt = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx", ".csv": "csv"}
    if suffix not in fmt:
        raise UnsupportedFormatError(
            f"{suffix or 'no suffix'!r} is not a model format: "
            "use .yaml, .yml, .json, .xlsx or .csv",
            path=str(path),
        )
    return fmt[suffix]


def max_file_bytes() -> int:
    """The size limit for one model file: ``TOC_MAX_FILE_BYTES`` or 200 MiB."""
    raw = os.environ.get("TOC_MAX_FILE_BYTES", "")
    return int(raw) if raw.isdigit() else MAX_FILE_BYTES


def read_bytes(path: Path) -> bytes:
    """The bytes of a file, refusing one over the size limit."""
    limit = max_file_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileTooLargeError(
                f"the file is {size:,} bytes, over the limit of {limit:,}: split the model, "
                "or raise the limit with the environment variable TOC_MAX_FILE_BYTES",
                path=str(path),
            )
        return path.read_bytes()
    except OSError as err:
        raise ModelFileError(f"cannot read the file: {err.strerror}", path=str(path)) from err


def load_model(path: str | os.PathLike[str]) -> LogicModel:
    """Load a model from a YAML, JSON, XLSX or CSV file.

    A CSV model is two files: a path ending in ``nodes.csv`` and, beside it,
    the same name with ``links`` in place of ``nodes``.

    Raises
    ------
    toc.errors.TocError
        With the file, the line or row, and the bad value, for any bad input.
    """
    path = Path(path)
    fmt = format_of(path)
    if fmt == "csv":
        from toc.spreadsheet import read_csv_pair

        model: LogicModel = read_csv_pair(path)
        return model
    return loads_model(read_bytes(path), fmt, source=str(path))


def loads_model(raw: bytes, fmt: str, *, source: str = "<upload>") -> LogicModel:
    """Load a model from the bytes of a YAML, JSON or XLSX file (e.g. an upload)."""
    if len(raw) > max_file_bytes():
        raise FileTooLargeError(
            f"the file is {len(raw):,} bytes, over the limit of {max_file_bytes():,}: "
            "split the model, or raise TOC_MAX_FILE_BYTES",
            path=source,
        )
    if fmt == "xlsx":
        from toc.spreadsheet import read_xlsx

        model: LogicModel = read_xlsx(raw, source=source)
        return model
    text = _decode(raw, source)
    with _collector_paused():
        data = _parse_text(text, fmt, source)
        return model_from_data(data, source=source, text=text)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a model is parsed and validated.

    Both create hundreds of thousands of objects and no reference cycles, and
    the collector would walk the growing heap again and again: pausing it
    nearly halves the load time of a 100,000-node model.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Move what was built straight to the oldest generation (two list
            # splices), or the next young collection would walk all of it.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ModelFileError(
            f"byte {err.start} is not UTF-8 text: save the file as UTF-8", path=source, line=line
        ) from err


def _parse_text(text: str, fmt: str, source: str) -> Any:
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


def model_from_data(data: Any, *, source: str = "<data>", text: str | None = None) -> LogicModel:
    """Validate plain data as a model, reporting problems with lines when ``text`` is given."""
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
    raise InvalidModelError(_with_lines(problems, text), path=source)


def _with_lines(problems: list[Problem], text: str | None) -> list[Problem]:
    if text is None:
        return problems
    lines = line_of(text)
    return [Problem(p.message, p.loc, line=lines(p.loc)) for p in problems]


def dumps_model(model: LogicModel, fmt: str) -> bytes:
    """The bytes of a model file in ``fmt`` (``yaml``, ``json`` or ``xlsx``).

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> print(dumps_model(LogicModel(title="t"), "json").decode())
    {
      "version": 1,
      "title": "t"
    }
    <BLANKLINE>
    """
    if fmt == "xlsx":
        from toc.spreadsheet import xlsx_bytes

        payload: bytes = xlsx_bytes(model)
        return payload
    data = dump_dict(model)
    if fmt == "json":
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "yaml":
        text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        return text.encode("utf-8")
    raise UnsupportedFormatError(f"cannot write {fmt!r}: use yaml, json or xlsx")


def dump_model(model: LogicModel, path: str | os.PathLike[str]) -> None:
    """Write a model to a file in the format its suffix names."""
    path = Path(path)
    fmt = format_of(path)
    if fmt == "csv":
        from toc.spreadsheet import write_csv_pair

        write_csv_pair(model, path)
        return
    payload = dumps_model(model, fmt)
    try:
        path.write_bytes(payload)
    except OSError as err:
        raise ModelFileError(f"cannot write the file: {err.strerror}", path=str(path)) from err
