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

:func:`worst_cases` is a section of its own: the top pathways when every
weight ties (columns all linked to each other, every weight 1), beside the
search they replaced, against k and against the size of the model; and
1,000 Monte Carlo samples on 100,000 nodes, with their peak memory.

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
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from benchmarks.generate import write_generated

__all__ = ["SIZES", "section", "worst_cases"]

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


# Linux counts a child's peak memory from the process it was forked from, so a
# child of this process (which by then holds large models) would report this
# process's memory.  Children are therefore started by a small launcher, which
# prints the wall seconds and peak kilobytes of the one it starts.
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=sys.stderr)
"""


def _process(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one child process."""
    launcher = [sys.executable, "-c", _LAUNCHER, *args]
    done = subprocess.run(launcher, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds, kilobytes, code = done.stderr.split()[-3:]
    if int(code):
        raise RuntimeError(f"{' '.join(args)} exited with {code}: {done.stderr[-500:]}")
    return float(seconds), int(kilobytes) / 1024


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


# Worst cases: pathways when every weight ties, Monte Carlo on the largest model.
PATH_K = (1, 10, 100, 1_000, 10_000)
PATH_SIZES = ((10, 4), (20, 4), (40, 4), (80, 4), (160, 4), (320, 4), (20, 16), (20, 64))
SIDE_BY_SIDE = (6, 8, 10, 11, 20, 30)
BEFORE_SECONDS, BEFORE_MB = 30.0, 3000.0
PATH_REPEATS = 11
MC_SIZE = 100_000


def _insertion_order(graph: Any, source: int, end: Any, k: int) -> int:
    """The pathway search before issue 10 (equal bounds popped in the order pushed).

    Kept here only to be timed beside the search that replaced it.
    """
    import heapq

    from toc.analysis.pathways import best_reach

    best, (by_source, starts) = best_reach(graph, end), graph.out_links()
    heap = [(-float(best[source]), 0, (source,), 1.0, False)]
    found = pushed = 0
    while heap and found < k:
        bound, _, path, product, done = heapq.heappop(heap)
        if bound == 0:
            break
        found += done
        if done:
            continue
        if end[path[-1]] != 0 and path[-1] != source:
            heapq.heappush(heap, (-abs(product * end[path[-1]]), pushed, path, product, True))
            pushed += 1
        for link in by_source[starts[path[-1]] : starts[path[-1] + 1]].tolist():
            w, nxt = float(graph.weight[link]), int(graph.target[link])
            heapq.heappush(
                heap, (-abs(product * w) * best[nxt], pushed, (*path, nxt), product * w, False)
            )
            pushed += 1
    return found


def _columns_graph(columns: int, width: int) -> tuple[Any, Any]:
    import numpy as np

    from benchmarks.generate import columns_model
    from toc.analysis.arrays import graph_arrays
    from toc.model import LogicModel

    graph = graph_arrays(LogicModel.model_validate(columns_model(columns, width)))
    end = np.zeros(graph.size)
    end[graph.index["o"]] = 1.0
    return graph, end


def _peak_mb(pid: int | str) -> float:
    """The peak resident memory of a running process (``VmHWM``; Linux), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as file:
            line = next(line for line in file if line.startswith("VmHWM:"))
            return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return 0.0


def _search_child(columns: int, k: int, before: bool) -> None:
    """In a child process: one search from ``a`` on ``columns`` columns of 4; print s and MB."""
    from toc.analysis.pathways import top_pathways

    graph, end = _columns_graph(columns, 4)
    search = _insertion_order if before else top_pathways
    print(_timed(lambda: search(graph, 0, end, k))[0], _peak_mb("self"))


def _capped_child(args: list[str]) -> tuple[str, float]:
    """What a child printed ("" if it was stopped at the caps) and its peak MB."""
    start, peak = time.perf_counter(), 0.0
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    while os.wait4(child.pid, os.WNOHANG)[0] == 0:
        peak = max(peak, _peak_mb(child.pid))
        if time.perf_counter() - start > BEFORE_SECONDS or peak > BEFORE_MB:
            child.kill()
            os.wait4(child.pid, 0)
            return "", peak
        time.sleep(0.02)
    out = (child.stdout.read() if child.stdout else "").split()
    return out[0], float(out[1])


def _side_by_side(folder: Path) -> list[str]:
    from benchmarks.generate import write_columns

    rows = []
    for columns in SIDE_BY_SIDE:
        print(f"pathways: {columns} columns, before and now", file=sys.stderr, flush=True)
        child = [sys.executable, "-m", "benchmarks.bench_analysis", "pathways", str(columns), "3"]
        before, before_mb = _capped_child([*child, "before"])
        now, now_mb = _capped_child([*child, "now"])
        toc = _median_process(
            [*_toc(), "analyse", str(write_columns(columns, folder)), "--json"], 3
        )
        was = f"{float(before):.2f}" if before else "stopped"
        rows.append(
            f"| {columns} | {4 * columns + 2} | {4**columns:.1e} | {was} | {before_mb:.0f} "
            f"| {float(now) * 1000:.1f} | {now_mb:.0f} | {toc[0]:.2f} | {toc[1]:.0f} |"
        )
    return [
        "| columns of 4 | nodes | paths | before: search s | MB | now: search ms | MB "
        "| now: `toc analyse --json` s | MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]


def _path_timing(columns: int, width: int, k: int) -> tuple[float, int]:
    """Median seconds of ``top_pathways`` (its pass over the graph included), states popped."""
    from toc.analysis.pathways import _best_first, best_reach, top_pathways

    times = []
    for _ in range(PATH_REPEATS):
        graph, end = _columns_graph(columns, width)  # a new graph: nothing cached
        times.append(_timed(partial(top_pathways, graph, 0, end, k))[0])
    _, popped = _best_first(graph, 0, end, k, best_reach(graph, end))
    return statistics.median(times), popped


def _against_k() -> list[str]:
    rows = []
    for k in PATH_K:
        seconds, popped = _path_timing(20, 4, k)
        rows.append(f"| {k:,} | {seconds * 1000:.1f} | {seconds / k * 1e6:.0f} | {popped:,} |")
    return ["| k | ms | µs per path | states popped |", "|---:|---:|---:|---:|", *rows]


def _against_size() -> list[str]:
    rows = []
    for columns, width in PATH_SIZES:
        graph, _ = _columns_graph(columns, width)
        seconds, popped = _path_timing(columns, width, 3)
        links = graph.source.size
        rows.append(
            f"| {columns} × {width} | {graph.size:,} | {links:,} | {seconds * 1000:.1f} "
            f"| {seconds / links * 1e6:.2f} | {popped:,} |"
        )
    return [
        "| columns × items | nodes | links | ms | µs per link | states popped |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
    ]


def _monte_carlo(folder: Path) -> list[str]:
    import tracemalloc

    from toc.analysis import sensitivity
    from toc.analysis.arrays import STAGE_CODES, graph_arrays
    from toc.formats.modelfiles import load_model

    print(f"monte carlo: {MC_SIZE:,} nodes", file=sys.stderr, flush=True)
    model = load_model(write_generated(MC_SIZE, folder))
    graph = graph_arrays(model)
    seconds = statistics.median(
        _timed(lambda: sensitivity(model, SAMPLES, graph=graph))[0] for _ in range(3)
    )
    tracemalloc.start()
    sensitivity(model, SAMPLES, graph=graph)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    activities = int((graph.stage == STAGE_CODES["activity"]).sum())
    return [
        "| nodes | links | activities | samples | s (median of 3) | peak MB allocated "
        "| of which the scores kept |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {graph.size:,} | {graph.source.size:,} | {activities:,} | {SAMPLES:,} "
        f"| {seconds:.2f} | {peak:.0f} | {activities * SAMPLES * 4 / 1e6:.0f} |",
    ]


def worst_cases(folder: Path) -> str:
    """The markdown section on the worst cases: tied pathways, Monte Carlo at 100,000 nodes."""
    intro = (
        "Pathways where every weight ties: one activity, columns of outputs, one priority "
        "outcome; every item of a column linked to every item of the next, every weight 1 "
        "(`columns_model` in `benchmarks/generate.py`), as a logic model transcribed from a "
        "spreadsheet with the default weight is. All paths have the same contribution. "
        "*Before* is the search replaced in issue 10 (equal bounds taken in the order they "
        "were found, so breadth first over every tied path), kept in "
        "`benchmarks/bench_analysis.py` and run in a child process beside the current "
        f"one for the top 3, one run each (stopped at {BEFORE_SECONDS:g} s or "
        f"{BEFORE_MB:,.0f} MB); MB is the peak resident memory of that process. The whole "
        "`toc analyse` (load, every measure, the top 3 pathways) is a median of 3 runs."
    )
    return "\n".join(
        [
            "## Worst cases",
            "",
            "### Pathways when every weight ties",
            "",
            intro,
            "",
            *_side_by_side(folder),
            "",
            f"Against k, on 20 columns of 4 (4^20 ≈ 1.1e12 tied paths); medians of "
            f"{PATH_REPEATS} runs of `top_pathways`, its one pass over the graph included:",
            "",
            *_against_k(),
            "",
            "Against the size of the model, k = 3 (deeper, then wider):",
            "",
            *_against_size(),
            "",
            f"### {SAMPLES:,} Monte Carlo samples on {MC_SIZE:,} nodes",
            "",
            "The driver-ranking sensitivity (`toc/analysis/robustness.py`), in process. Peak "
            "MB allocated is traced by `tracemalloc` (numpy's arrays included) over one run; "
            "the samples are solved a block at a time, so beyond the activity scores kept "
            "for the percentiles (4 bytes per activity and sample) it does not grow with "
            "the number of samples.",
            "",
            *_monte_carlo(folder),
        ]
    )


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:2] == ["pathways"]:
        _search_child(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "before")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            print(section(Path(tmp)))
            print(worst_cases(Path(tmp)))
