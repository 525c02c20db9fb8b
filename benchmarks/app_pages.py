"""Server-side time of a rerun of each editor page on a 300-node model (Streamlit AppTest).

Run alone with ``python -m benchmarks.app_pages``; ``make bench`` includes it.
For each page: the first visit (cold: analysis and drawing computed) and the
median of repeated reruns of the unchanged model (warm: everything comes
from the caches keyed by the model's content).  The diagram is drawn by
Graphviz once per model content, page and focus; the table counts the
drawings over all the reruns to show that an unchanged model is never drawn
again.  Target: every warm rerun under 300 ms.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.generate import dressed, generated_model
from toc.model import LogicModel

__all__ = ["page_timings", "section"]

APP = Path(__file__).resolve().parent.parent / "apps" / "tocapp" / "main.py"
TARGET_MS = 300.0


def benchmark_model(size: int = 300) -> LogicModel:
    """The generated model with priorities, values and an investment, so every page works."""
    return LogicModel.model_validate(dressed(generated_model(size)))


def _counted(module: Any, name: str) -> list[int]:
    """Count calls of ``module.name`` from now on."""
    calls = [0]
    original: Callable[..., Any] = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    setattr(module, name, counting)
    return calls


def _ms(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def page_timings(folder: Path, size: int = 300, reruns: int = 7) -> list[dict[str, Any]]:
    """Cold and warm milliseconds for every page, and the diagram drawings counted."""
    os.environ["TOC_DB_PATH"] = str(folder / "app-bench.db")
    os.environ["TOC_SEED_DIR"] = str(folder / "no-examples")
    os.environ.pop("TOC_DATABASE_URL", None)
    from streamlit.testing.v1 import AppTest

    from toc.store import Store
    from tocapp import cached, session, views  # the app's own modules, as its pages import them

    drawings = _counted(cached, "_drawn_apart")
    with Store() as store:
        model_id = store.create_model(benchmark_model(size), author="benchmark")
    app = AppTest.from_file(str(APP), default_timeout=600)
    app.run()
    app.session_state[session.MODEL_ID.key] = model_id
    rows = []
    for view in views.VIEWS:
        app.switch_page(view.file)
        cold = _ms(app.run)
        warm = [_ms(app.run) for _ in range(reruns)]
        trouble = [e.message for e in app.exception] + [e.value for e in app.error]
        rows.append(
            {
                "page": view.url_path,
                "cold": cold,
                "warm": statistics.median(warm),
                "trouble": "; ".join(trouble)[:120],
            }
        )
    rows.append({"page": "diagram drawings", "count": drawings[0], "reruns": reruns + 1})
    return rows


def section(folder: Path) -> str:
    """The markdown section for docs/benchmarks.md."""
    rows = page_timings(folder)
    lines = [
        "## Editor pages (300-node model, Streamlit AppTest)",
        "",
        "Server-side milliseconds to run each page's script (`benchmarks/app_pages.py`):",
        "the first visit (cold) and the median of 7 reruns of the unchanged model (warm).",
        f"Target: every warm rerun under {TARGET_MS:.0f} ms.",
        "",
        "| page | cold ms | warm ms | target met |",
        "|---|---:|---:|---|",
    ]
    for row in rows:
        if "count" in row:
            continue
        met = "yes" if row["warm"] < TARGET_MS and not row["trouble"] else "no"
        note = f" ({row['trouble']})" if row["trouble"] else ""
        lines.append(f"| {row['page']} | {row['cold']:.0f} | {row['warm']:.0f} | {met}{note} |")
    drawn = rows[-1]
    lines += [
        "",
        f"Graphviz drawings of the diagram over {drawn['reruns']} runs of the Diagram page "
        f"on the unchanged model: {drawn['count']} (cached by the model's canonical JSON).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        print(section(Path(scratch)))
