"""How large a file the readers take: one limit, one place to change it.

Examples
--------
>>> max_file_bytes() == MAX_FILE_BYTES or "TOC_MAX_FILE_BYTES" in __import__("os").environ
True
"""

from __future__ import annotations

import os
from pathlib import Path

from toc.errors import FileTooLargeError, ModelFileError

__all__ = ["MAX_FILE_BYTES", "max_file_bytes", "read_bytes"]

MAX_FILE_BYTES = 200 * 1024 * 1024


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
