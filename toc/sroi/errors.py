"""Errors the social value library raises, under :class:`toc.errors.TocError`.

Examples
--------
>>> isinstance(ValuationError("no investment"), TocError)
True
"""

from __future__ import annotations

from toc.errors import TocError

__all__ = ["ProxyTableError", "ValuationError"]


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
