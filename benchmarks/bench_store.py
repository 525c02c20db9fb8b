"""Store timings on a generated 300-node model: save, save with a merge, load, list, history.

Run with ``python -m benchmarks.bench_store``: median milliseconds of repeated
runs on a temporary SQLite file.  The app saves on every edit, so ``save`` is
the figure to watch.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial

from benchmarks.generate import generated_model
from toc.history.diff import diff_models, summarise_diff
from toc.history.merge import merge_models
from toc.model import LogicModel, Position
from toc.store import Store

__all__ = ["store_timings"]


def _ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 1)


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _moved(model: LogicModel, index: int) -> LogicModel:
    copy = model.model_copy(deep=True)
    copy.nodes[index % len(copy.nodes)].position = Position(x=index, y=-index)
    return copy


def _save_timings(store: Store, model: LogicModel, repeat: int) -> dict[str, float]:
    model_id = store.create_model(model, author="bench")
    plain, merging = [], []
    for index in range(repeat):
        latest = store.latest(model_id)
        edit = _moved(latest.model, index)
        plain.append(_timed(partial(store.save, model_id, edit, base=latest.number, author="a")))
    for index in range(repeat):
        stale = store.latest(model_id)
        first, second = _moved(stale.model, 2 * index), _moved(stale.model, 2 * index + 1)
        store.save(model_id, first, base=stale.number, author="other tab")
        merging.append(_timed(partial(store.save, model_id, second, base=stale.number, author="a")))
    reads = {
        "latest": [_timed(lambda: store.latest(model_id)) for _ in range(repeat)],
        "list_models": [_timed(store.list_models) for _ in range(repeat)],
        "revisions": [_timed(lambda: store.revisions(model_id)) for _ in range(repeat)],
    }
    timings = {"save (one box moved)": _ms(plain), "save merging another tab's edit": _ms(merging)}
    return timings | {name: _ms(seconds) for name, seconds in reads.items()}


def store_timings(size: int = 300, repeat: int = 20) -> dict[str, float]:
    """Median milliseconds of the store's operations on a ``size``-node model."""
    model = LogicModel.model_validate(generated_model(size))
    with tempfile.TemporaryDirectory() as folder, Store(f"sqlite:///{folder}/bench.db") as store:
        timings = _save_timings(store, model, repeat)
    ours, theirs = _moved(model, 1), _moved(model, 2)
    timings["diff + summary"] = _ms(
        [_timed(lambda: summarise_diff(diff_models(model, ours))) for _ in range(repeat)]
    )
    timings["merge_models"] = _ms(
        [_timed(lambda: merge_models(model, ours, theirs)) for _ in range(repeat)]
    )
    return timings


if __name__ == "__main__":
    for name, ms in store_timings().items():
        print(f"{name:34} {ms:8.1f} ms")
