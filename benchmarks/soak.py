"""The browser suite many times in a row with both cores kept busy: ``make soak``.

A flaky browser test stops a submission from landing, and flakiness shows under
load.  This runs ``pytest -m browser`` (the workshop story, the hostile text, the
3,000-box pages, and the rest) ``TOC_SOAK_RUNS`` times (20 unless set) while one
busy process per core spins, stops at the first failure, and prints one line per
run and a summary.  Exit status 0 only if every run passed.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent


def _spin() -> None:  # pragma: no cover - runs in a child process until killed
    while True:
        pass


def main() -> int:
    """Run the browser suite repeatedly under load; 0 if every run passed."""
    runs = int(os.environ.get("TOC_SOAK_RUNS", "20"))
    hogs = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(os.cpu_count() or 2)]
    for hog in hogs:
        hog.start()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "browser"]
    passed = 0
    try:
        for number in range(1, runs + 1):
            start = time.monotonic()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            seconds = time.monotonic() - start
            last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
            print(
                f"run {number}/{runs}: {'passed' if done.returncode == 0 else 'FAILED'} "
                f"in {seconds:.0f} s: {last}",
                flush=True,
            )
            if done.returncode != 0:
                print(done.stdout[-6000:], flush=True)
                break
            passed += 1
    finally:
        for hog in hogs:
            hog.terminate()
    print(f"{passed} of {runs} runs passed in a row with {len(hogs)} busy processes", flush=True)
    return 0 if passed == runs else 1


if __name__ == "__main__":
    sys.exit(main())
