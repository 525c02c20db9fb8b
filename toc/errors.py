"""The one exception tree of ``toc``.

Every error a user can cause derives from :class:`TocError` and carries the
place it happened (file, line or row, node id) and a message that quotes the
bad value and says how to fix it.  Front ends (the CLI, the app) catch
``TocError`` and show ``str(err)``; anything else is a bug.

Examples
--------
>>> err = ModelFileError("weight must be within [-1, 1], got 2", path="m.yaml", line=12)
>>> str(err)
'm.yaml, line 12: weight must be within [-1, 1], got 2'
>>> isinstance(err, TocError)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "FileTooLargeError",
    "InvalidModelError",
    "ModelFileError",
    "Problem",
    "ProxyTableError",
    "RenderError",
    "TocError",
    "UnsupportedFormatError",
    "ValuationError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a model.

    ``loc`` is the place inside the model as a path of keys and list indexes,
    e.g. ``("links", 3, "weight")``.  ``line`` (text files) or ``row``
    (spreadsheets) is filled in by the loader when it knows the file.
    """

    message: str
    loc: tuple[str | int, ...] = ()
    line: int | None = None
    row: int | None = None
    sheet: str | None = None

    def where(self) -> str:
        """The place as a person would say it, e.g. ``line 12`` or ``Links row 4``.

        Examples
        --------
        >>> Problem("bad", ("links", 3, "weight"), line=12).where()
        'line 12'
        >>> Problem("bad", ("links", 3, "weight")).where()
        'links[3].weight'
        >>> Problem("bad", sheet="Links", row=4).where()
        'sheet Links, row 4'
        """
        if self.line is not None:
            return f"line {self.line}"
        if self.row is not None:
            return f"sheet {self.sheet}, row {self.row}" if self.sheet else f"row {self.row}"
        return format_loc(self.loc)


def format_loc(loc: Sequence[str | int]) -> str:
    """Render a location path as ``nodes[2].stage``.

    Examples
    --------
    >>> format_loc(("nodes", 2, "stage"))
    'nodes[2].stage'
    >>> format_loc(())
    'model'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "model"


class TocError(Exception):
    """Root of every error that ``toc`` raises for bad input or a failed operation."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        node_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.node_id = node_id

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.path, self.line and f"line {self.line}") if p)
        return f"{where}: {self.message}" if where else self.message


class ModelFileError(TocError):
    """A model file cannot be read: malformed YAML/JSON, bad spreadsheet, I/O trouble."""


class FileTooLargeError(ModelFileError):
    """A model file is larger than the safe-loading limit."""


class UnsupportedFormatError(TocError):
    """A file suffix that ``toc`` does not read or write."""


class RenderError(TocError):
    """Graphviz could not lay out or write a diagram."""


SHOWN = 25  # problems listed in a message; all stay in ``InvalidModelError.problems``


class InvalidModelError(TocError):
    """A model breaks the rules: each broken rule is one :class:`Problem`.

    Examples
    --------
    >>> err = InvalidModelError([Problem("id 'a' is used twice", ("nodes", 1, "id"), line=9)],
    ...                         path="m.yaml")
    >>> print(err)
    m.yaml: 1 problem
      line 9: id 'a' is used twice
    """

    def __init__(self, problems: Sequence[Problem], *, path: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem" + ("" if count == 1 else "s")
        lines = [f"  {p.where()}: {p.message}" for p in self.problems[:SHOWN]]
        if count > SHOWN:
            lines.append(f"  ... and {count - SHOWN} more like these")
        super().__init__("\n".join([head, *lines]), path=path)


class ValuationError(TocError):
    """A model cannot be valued as asked: no investment, no valued outcome, a bad option."""


class ProxyTableError(TocError):
    """A proxy table cannot be read or used: bad file, bad row, unknown code.

    Examples
    --------
    >>> print(ProxyTableError("value 'abc' is not a number", path="p.csv", row=4))
    p.csv, row 4: value 'abc' is not a number
    """

    def __init__(self, message: str, *, path: str | None = None, row: int | None = None) -> None:
        super().__init__(message, path=path)
        self.row = row

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.path, self.row and f"row {self.row}") if p)
        return f"{where}: {self.message}" if where else self.message
