"""Driver analysis on generated models of 100 to 100,000 nodes, beside two references.

For each size a stage-layered model (about four signed links per node) is
written as JSON to a temporary folder, then timed (medians over repeats):

- ``toc analyse FILE --json --top 20`` as a whole process (start-up, load,
  validation, analysis, JSON out), with its peak memory (``ru_maxrss``);
- the floor process (:mod:`benchmarks.floor`): ``json`` + numpy + one scipy
  sparse triangular solve, side by side;
- inside one process: load and validate, the analysis, the JSON dump;
- 1,000 Monte Carlo sensitivity samples (in process), and the peak memory of
  ``toc analyse FILE --json --top 20 --samples 1000``;
- path enumeration with networkx ``all_simple_paths`` from every activity to
  the priority outcomes, stopped after a time limit.

Run alone with ``python -m benchmarks.bench_analysis``.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from benchmarks.generate import write_generated

__all__ = ["SIZES", "section"]

SIZES = (100, 1_000, 10_000, 100_000)
REPEATS = {100: 5, 1_000: 5, 10_000: 3, 100_000: 3}
MC_REPEATS = {100: 5, 1_000: 5, 10_000: 3, 100_000: 1}
ENUMERATION_SECONDS = 3.0
SAMPLES = 1000
TOP = 20


@dataclass
class Row:
    """Every figure measured for one model size."""

    nodes: int
    links: int
    megabytes: float
    floor: tuple[float, float]
    ours: tuple[float, float]
    load: float
    analyse: float
    dump: float
    monte_carlo: float
    monte_carlo_process: tuple[float, float]
    enumeration: str


def _toc() -> list[str]:
    script = Path(sys.executable).with_name("toc")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from toc.cli import main; main()"]


def _process(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(args)} exited with {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


def _median_process(args: list[str], repeat: int) -> tuple[float, float]:
    runs = [_process(args) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def _timed(run: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def _inside(path: Path, size: int) -> tuple[float, float, float, float, dict[str, float]]:
    """Load, analysis, dump and Monte Carlo seconds in this process, and every driver score."""
    from scipy.sparse import linalg  # noqa: F401 - imported before the clock starts

    from toc.analysis import analysis, drivers, sensitivity
    from toc.formats.modelfiles import load_model

    load, model = _timed(lambda: load_model(path))
    analyse, report = _timed(lambda: analysis(model, top=TOP))
    dump, _ = _timed(lambda: json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    carlo = statistics.median(
        _timed(lambda: sensitivity(model, SAMPLES))[0] for _ in range(MC_REPEATS[size])
    )
    return load, analyse, dump, carlo, {d.id: d.score for d in drivers(model)}


def _enumeration(path: Path) -> tuple[str, dict[str, float] | None]:
    """How far networkx path enumeration gets in :data:`ENUMERATION_SECONDS`.

    When it finishes, the driver scores it adds up are returned too, to check
    the sparse solve against.
    """
    import networkx as nx

    data = json.loads(path.read_text(encoding="utf-8"))
    graph = nx.DiGraph()
    graph.add_nodes_from(n["id"] for n in data["nodes"])
    graph.add_weighted_edges_from((k["from"], k["to"], k["weight"]) for k in data["links"])
    priority = {n["id"]: n["priority"] for n in data["nodes"] if n.get("priority")}
    total = sum(priority.values())
    activities = [n["id"] for n in data["nodes"] if n["stage"] == "activity"]
    start, paths, scores = time.perf_counter(), 0, {}
    for done, activity in enumerate(activities):
        score = 0.0
        for found in nx.all_simple_paths(graph, activity, set(priority)):
            product = math.prod(graph.edges[u, v]["weight"] for u, v in pairwise(found))
            score += product * priority[found[-1]] / total
            paths += 1
            if paths % 256 == 0 and time.perf_counter() - start > ENUMERATION_SECONDS:
                return (
                    f"stopped at {ENUMERATION_SECONDS:g} s: {paths:,} paths, "
                    f"{done:,} of {len(activities):,} activities",
                    None,
                )
        scores[activity] = score
    return f"finished in {time.perf_counter() - start:.2f} s: {paths:,} paths", scores


def measure(size: int, folder: Path) -> Row:
    """Every figure for one generated model of ``size`` nodes."""
    path = write_generated(size, folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    repeat = REPEATS[size]
    floor = _median_process([sys.executable, "-m", "benchmarks.floor", str(path)], repeat)
    ours = _median_process([*_toc(), "analyse", str(path), "--json", "--top", str(TOP)], repeat)
    load, analyse, dump, carlo, scores = _inside(path, size)
    enumeration, brute = _enumeration(path)
    if brute is not None:
        gap = max(abs(brute[a] - scores[a]) for a in brute)
        enumeration += f"; largest difference from `toc`: {gap:.1e}"
    carlo_process = _process(
        [*_toc(), "analyse", str(path), "--json", "--top", str(TOP), "--samples", str(SAMPLES)]
    )
    return Row(
        size,
        len(data["links"]),
        path.stat().st_size / 1e6,
        floor,
        ours,
        load,
        analyse,
        dump,
        carlo,
        carlo_process,
        enumeration,
    )


def _tables(rows: list[Row]) -> list[str]:
    head = [
        "| nodes | links | JSON MB | floor s | floor MB | `toc analyse` s | MB | × floor "
        "| load + validate s | analysis s | JSON out s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    body = [
        f"| {r.nodes:,} | {r.links:,} | {r.megabytes:.2f} | {r.floor[0]:.2f} | {r.floor[1]:.0f} "
        f"| {r.ours[0]:.2f} | {r.ours[1]:.0f} | {r.ours[0] / r.floor[0]:.1f} | {r.load:.2f} "
        f"| {r.analyse:.2f} | {r.dump:.3f} |"
        for r in rows
    ]
    carlo = [
        "",
        f"| nodes | {SAMPLES:,} samples, in process s | whole process with samples s | MB "
        f"| path enumeration (networkx, {ENUMERATION_SECONDS:g} s limit) |",
        "|---:|---:|---:|---:|---|",
        *(
            f"| {r.nodes:,} | {r.monte_carlo:.2f} | {r.monte_carlo_process[0]:.2f} "
            f"| {r.monte_carlo_process[1]:.0f} | {r.enumeration} |"
            for r in rows
        ),
    ]
    return head + body + carlo


def _verdicts(rows: list[Row]) -> list[str]:
    big = next((r for r in rows if r.nodes == 100_000), rows[-1])
    ratio = big.ours[0] / big.floor[0]
    small = next((r for r in rows if r.nodes == 1_000), rows[0])
    load_share = big.load / (big.load + big.analyse + big.dump)
    lines = [
        f"- Target: `toc analyse FILE --json --top {TOP}` on {big.nodes:,} nodes within 4× the "
        f"floor: **{ratio:.1f}×, {'met' if ratio <= 4 else 'missed'}**. Inside the process, "
        f"loading and validating (JSON parse, pydantic, structural rules) take "
        f"{load_share:.0%} of the work; the analysis itself {big.analyse:.2f} s.",
        f"- Target: {SAMPLES:,} sensitivity samples on {small.nodes:,} nodes under 1 s: "
        f"**{small.monte_carlo:.2f} s, {'met' if small.monte_carlo < 1 else 'missed'}**.",
    ]
    lines.append(
        "- Path enumeration (networkx `all_simple_paths`, from every activity to the priority "
        "outcomes) agrees with the solve where it finishes, but only finishes on small models; "
        "with a fixed number of stages the path count grows with the size of the model, and "
        "with deeper chains of outcomes it grows exponentially, while the solve stays linear."
    )
    if ratio > 4:
        lines.append(
            "- Where the 4× target is missed, what dominates is pydantic validation of every "
            "node and link (hundreds of thousands of objects), which the floor skips."
        )
    return lines


def section(folder: Path) -> str:
    """The markdown section for docs/benchmarks.md, measuring every size in ``folder``."""
    rows = []
    for size in SIZES:
        print(f"analysis: {size:,} nodes", file=sys.stderr, flush=True)
        rows.append(measure(size, folder))
    intro = (
        "Generated stage-layered models (about 4 signed links per node; "
        "`benchmarks/generate.py`), written as JSON. Times are medians of "
        f"{REPEATS[100]} runs ({REPEATS[100_000]} at 100,000 nodes); MB is peak resident "
        "memory of the process. The floor is `benchmarks/floor.py`: `json.load`, numpy "
        "index and weight arrays, one `scipy.sparse.linalg.spsolve_triangular`, nothing "
        "validated."
    )
    return "\n".join(["## Driver analysis", "", intro, "", *_tables(rows), "", *_verdicts(rows)])


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(section(Path(tmp)))
