"""How much the readers take: every limit in one place, each with its environment variable.

A model file is read only if it stays within these limits, so that a hostile
or broken file costs bounded time and memory.  The limits a genuine model may
reach can be raised with an environment variable; the others are far beyond
anything a person or a spreadsheet program writes.

===========================  ==========================  ===============
limit                        environment variable        default
===========================  ==========================  ===============
bytes in one file            ``TOC_MAX_FILE_BYTES``      200 MiB
bytes a workbook unpacks to  ``TOC_MAX_UNPACKED_BYTES``  100 MiB
unpacked : packed, per part  ``TOC_MAX_ZIP_RATIO``       100
XML elements in a workbook   ``TOC_MAX_XML_ELEMENTS``    4,000,000
nesting of lists and maps    (fixed)                     64 levels
values repeated by aliases   (fixed)                     100,000
===========================  ==========================  ===============

Examples
--------
>>> limit("TOC_MAX_ZIP_RATIO", MAX_ZIP_RATIO, env={"TOC_MAX_ZIP_RATIO": "250"})
250
>>> limit("TOC_MAX_ZIP_RATIO", MAX_ZIP_RATIO, env={"TOC_MAX_ZIP_RATIO": "lots"})
100
>>> limit("TOC_MAX_FILE_BYTES", MAX_FILE_BYTES, env={"TOC_MAX_FILE_BYTES": "9" * 40}) == sys.maxsize // 2
True
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from toc.errors import FileTooLargeError, ModelFileError

__all__ = [
    "LARGEST_WHOLE",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_XML_ELEMENTS",
    "MAX_ZIP_RATIO",
    "limit",
    "max_file_bytes",
    "read_bytes",
    "refuse_too_large",
]

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100  # Apache POI's default too: XML from a spreadsheet packs far less tightly
MAX_XML_ELEMENTS = 4_000_000
#: Lists and mappings inside one another; a model needs about 6.
MAX_DEPTH = 64
#: Values that YAML aliases (``*name``) may repeat in all: a model needs none.
MAX_ALIAS_NODES = 100_000
#: The largest whole number a float holds exactly, 2**53; larger ones lose digits.
LARGEST_WHOLE = 2**53


def limit(name: str, default: int, env: Mapping[str, str] | None = None) -> int:
    """The limit set by the environment variable ``name``, or ``default``."""
    raw = (os.environ if env is None else env).get(name, "").strip().replace("_", "")
    return min(int(raw), sys.maxsize // 2) if raw.isdecimal() and raw.isascii() else default


def max_file_bytes() -> int:
    """The size limit for one model file: ``TOC_MAX_FILE_BYTES`` or 200 MiB.

    Examples
    --------
    >>> max_file_bytes() == MAX_FILE_BYTES or "TOC_MAX_FILE_BYTES" in os.environ
    True
    """
    return limit("TOC_MAX_FILE_BYTES", MAX_FILE_BYTES)


def refuse_too_large(raw: bytes, source: str, what: str = "model") -> None:
    """Refuse bytes over :func:`max_file_bytes` (e.g. an upload), naming ``source``.

    Examples
    --------
    >>> refuse_too_large(b"title: t", "m.yaml")
    """
    if len(raw) > max_file_bytes():
        raise FileTooLargeError(
            f"the file is {len(raw):,} bytes, over the limit of {max_file_bytes():,}: "
            f"split the {what}, or raise TOC_MAX_FILE_BYTES",
            path=source,
        )


def read_bytes(path: Path) -> bytes:
    """The bytes of a file, refusing one over the size limit.

    At most one byte past the limit is read, so that a file that grows while
    it is read, or a device such as ``/dev/zero``, is refused as well.
    """
    most = max_file_bytes()
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            raw = b"" if size > most else _read_at_most(stream, most + 1)
    except OSError as err:
        raise ModelFileError(f"cannot read the file: {err.strerror}", path=str(path)) from err
    if size > most or len(raw) > most:
        shown = f"{size:,} bytes" if size > most else f"more than {most:,} bytes"
        raise FileTooLargeError(
            f"the file is {shown}, over the limit of {most:,}: split the model, "
            "or raise the limit with the environment variable TOC_MAX_FILE_BYTES",
            path=str(path),
        )
    return raw


def _read_at_most(stream: BinaryIO, most: int) -> bytes:
    """Up to ``most`` bytes, a mebibyte at a time (one ``read(most)`` would reserve them all)."""
    chunks: list[bytes] = []
    left = most
    while left > 0 and (chunk := stream.read(min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
