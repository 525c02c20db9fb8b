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
    """A proxy table cannot be read or used: bad file, bad row, unknown code."""
