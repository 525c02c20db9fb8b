"""Once per server process: the objects every session shares set aside from the collector.

After each script run Streamlit runs Python's full garbage collection, which walks
every object in the process: the imported modules of Streamlit, numpy, pydantic and
toc as well as the run's own.  With sixty phones voting at once that walk, repeated
for each of their runs while it holds the interpreter, was most of the server's time
(measured by ``benchmarks/bench_vote.py``).  :func:`settle_once`, on the first run,
collects what is garbage and then freezes what is left (modules, classes, caches) into
the generation the collector never walks; each later collection walks only what
sessions made since.  Nothing frozen is ever freed, so it runs once, before any
session's own objects exist.
"""

from __future__ import annotations

import gc

__all__ = ["settle_once"]

_settled = False


def settle_once() -> None:
    """Collect, then freeze every object alive now; later calls do nothing."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
