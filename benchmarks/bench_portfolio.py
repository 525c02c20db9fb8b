"""`toc portfolio` on 500 generated models of 200 boxes, against reading the files with `json`.

The models come from :func:`benchmarks.generate.generated_model` (one seed each), with
about a third of their outcomes and impacts tagged with one of ten council codes; the
framework gives the ten codes priorities.  The floor is ``json.load`` of every file,
nothing else, in this process and as a command of its own (``python -c``, with its
start-up).  Timed beside it: where the time goes (loading and validating, measuring),
the library in one process and as ``toc portfolio`` runs it (one process per CPU for a
portfolio this size), and the command end to end against the floor's command.
Run alone with ``python -m benchmarks.bench_portfolio``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks.generate import generated_model
from toc.formats.modelfiles import load_model
from toc.organisation import load_framework, load_portfolio, service_figures
from toc.organisation.portfolio import AUTO_WORKERS, worker_count

__all__ = ["section", "write_portfolio"]

MODELS = 500
BOXES = 200
CODES = 10
TARGET = 4.0  # times the floor


def write_portfolio(folder: Path, models: int = MODELS, boxes: int = BOXES) -> Path:
    """Write the framework and the models into ``folder``; return the framework's path."""
    codes = [f"O{i + 1}" for i in range(CODES)]
    framework = {
        "title": "Generated council framework",
        "scheme": "council",
        "departments": [{"id": f"d{i}", "label": f"Department {i}"} for i in range(4)],
        "outcomes": [
            {"code": c, "label": f"Outcome {c}", "department": f"d{i % 4}", "priority": 1 + i % 5}
            for i, c in enumerate(codes)
        ],
    }
    models_folder = folder / "models"
    models_folder.mkdir(parents=True, exist_ok=True)
    for seed in range(models):
        data = generated_model(boxes, seed)
        data["title"] = f"Service {seed}"
        rng = np.random.default_rng(10_000 + seed)
        for node in data["nodes"]:
            if node["stage"] in ("outcome", "impact") and rng.random() < 0.33:
                node["frameworks"] = [f"council:{codes[int(rng.integers(CODES))]}"]
        (models_folder / f"service-{seed:03d}.json").write_text(json.dumps(data), "utf-8")
    path = folder / "framework.json"
    path.write_text(json.dumps(framework), "utf-8")
    return path


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _floor(files: list[Path]) -> None:
    for path in files:
        with path.open(encoding="utf-8") as file:
            json.load(file)


def timings(folder: Path) -> dict[str, float]:
    """Seconds for each way of reading or measuring the generated portfolio (best of 3)."""
    framework_path = write_portfolio(folder)
    files = sorted((folder / "models").iterdir())
    framework = load_framework(framework_path)
    models = [load_model(p) for p in files]
    command = [str(Path(sys.executable).with_name("toc")), "portfolio", str(framework_path), str(folder / "models"), "--json"]  # fmt: skip
    floor_command = [sys.executable, "-c", _FLOOR_SCRIPT, str(folder / "models")]
    out = {
        "floor": _best(lambda: _floor(files)),
        "load": _best(lambda: [load_model(p) for p in files]),
        "measure": _best(lambda: [service_figures(m, framework) for m in models]),
        "library": _best(lambda: load_portfolio(framework_path, [folder / "models"])),
        "library_parallel": _best(
            lambda: load_portfolio(framework_path, [folder / "models"], workers=AUTO_WORKERS)
        ),
        "floor_command": _median_run(floor_command),
        "command": _median_run(command),
    }
    return out


_FLOOR_SCRIPT = """
import json, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).iterdir()):
    with path.open(encoding="utf-8") as file:
        json.load(file)
"""


def _median_run(command: list[str]) -> float:
    return statistics.median(
        _best(lambda: subprocess.run(command, check=True, capture_output=True), 1) for _ in range(5)
    )


def section(folder: Path) -> str:
    """The markdown section for docs/benchmarks.md."""
    t = timings(folder)
    floor = t["floor"]
    workers = worker_count(AUTO_WORKERS, MODELS)
    rows = [
        ("`json.load` of every file (the floor)", t["floor"]),
        ("loading and validating every model (`load_model`)", t["load"]),
        ("measuring every loaded model (one solve each)", t["measure"]),
        ("`load_portfolio`, one process", t["library"]),
        (
            f"`load_portfolio` as `toc portfolio` runs it ({workers} processes)",
            t["library_parallel"],
        ),
    ]
    commands = [
        ("the floor as a command (`python -c`, with start-up)", t["floor_command"]),
        ("`toc portfolio --json` end to end (with start-up)", t["command"]),
    ]
    return "\n".join(
        [
            f"## Portfolio ({MODELS} models of {BOXES} boxes)",
            "",
            "In seconds (`benchmarks/bench_portfolio.py`): the library best of 3, the commands "
            "the median of 5. The target is 4x the floor: the library against `json.load` in "
            "one process, the command against the floor's own command.",
            "",
            "| what | s | x floor |",
            "|---|---:|---:|",
            *(f"| {name} | {s:.3f} | {s / floor:.1f} |" for name, s in rows),
            "",
            "| command | s | x floor command |",
            "|---|---:|---:|",
            *(f"| {name} | {s:.3f} | {s / t['floor_command']:.1f} |" for name, s in commands),
            "",
            _verdict("the library as `toc portfolio` runs it", t["library_parallel"] / floor),
            _verdict("the command", t["command"] / t["floor_command"]),
        ]
    )


def _verdict(what: str, ratio: float) -> str:
    met = "met" if ratio <= TARGET else f"missed by {ratio - TARGET:.1f}x"
    return f"- Target {TARGET:.0f}x, {what}: **{ratio:.1f}x, {met}**."


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as scratch:
        print(section(Path(scratch)))
