"""Run every benchmark and write docs/benchmarks.md: ``python -m benchmarks`` (``make bench``).

Each benchmark is a function in :data:`BENCHMARKS` that takes a scratch
folder and returns one markdown section.  To add one (for example the
Streamlit page-rerun benchmark), write a module with such a function and
append it to :data:`BENCHMARKS`; the whole file is regenerated from all of
them on every run.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    app_pages,
    bench_analysis,
    bench_portfolio,
    bench_store,
    bench_vote,
    browser_latency,
)

__all__ = ["BENCHMARKS", "main"]

OUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def _store_section(_folder: Path) -> str:
    rows = [f"| {name} | {ms:.1f} |" for name, ms in bench_store.store_timings().items()]
    return "\n".join(
        [
            "## Store (300-node model, SQLite)",
            "",
            "Median milliseconds (`benchmarks/bench_store.py`).",
            "",
            "| operation | ms |",
            "|---|---:|",
            *rows,
        ]
    )


# Append new benchmarks here, in the order their sections should appear.
BENCHMARKS: list[Callable[[Path], str]] = [
    bench_analysis.section,
    bench_analysis.worst_cases,
    _store_section,
    app_pages.section,
    browser_latency.section,
    bench_portfolio.section,
    bench_vote.section,
]


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _header() -> str:
    import numpy
    import pydantic
    import scipy

    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "# Benchmarks",
            "",
            "Written by `make bench` (`python -m benchmarks`); do not edit by hand.",
            "",
            f"- Date: {now}",
            f"- Machine: {_cpu()}, {os.cpu_count()} cores, {platform.system()}",
            f"- Python {platform.python_version()}, numpy {numpy.__version__}, "
            f"scipy {scipy.__version__}, pydantic {pydantic.__version__}",
            f"- Load average when the run started: {_load()} (other work on the machine "
            "slows every figure, the references too; compare ratios rather than seconds)",
        ]
    )


def main() -> None:
    """Run every benchmark and write :data:`OUT`."""
    with tempfile.TemporaryDirectory() as folder:
        sections = [run(Path(folder)) for run in BENCHMARKS]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n\n".join([_header(), *sections]) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
