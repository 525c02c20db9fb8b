"""Sixty participants voting from their phones at once, on one server: every ballot counted?

``toc app`` runs over a fresh database with the examples; a points vote on two outcomes
of the youth employment example is opened (as the Workshop page opens it).  Sixty
phone-sized pages in one Chromium (each its own browser context: its own device) open
``?vote=CODE`` together, choose a group, share the 100 points and send.  Timed: from
the first page opened to the last "your vote is counted", each participant's own time,
and the ballots the store then holds.  The target: all 60 within 30 s, none lost.
Run alone with ``python -m benchmarks.bench_vote``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.browser_latency import Server
from tests.chromium import ARGS, CHROMIUM
from toc.store import Store
from toc.store.workshopstore import Workshops
from toc.workshop import Round

__all__ = ["section", "voting"]

PARTICIPANTS = int(os.environ.get("TOC_VOTE_PARTICIPANTS", "60"))
TARGET_S = 30.0
EXAMPLE = "Youth employment service"
GROUPS = ("Young people (youth panel)", "Local employers", "Council members")
TIMEOUT_MS = 120_000


async def _participant(browser, url: str, code: str, number: int) -> float:  # type: ignore[no-untyped-def]
    from playwright.async_api import expect

    start = time.perf_counter()
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = await context.new_page()
    try:
        await page.goto(f"{url}/?vote={code}", timeout=TIMEOUT_MS)
        await (
            page.get_by_test_id("stSelectbox")
            .filter(has_text="Your group")
            .click(timeout=TIMEOUT_MS)
        )
        await page.get_by_role("option", name=GROUPS[number % 3], exact=True).click(
            timeout=TIMEOUT_MS
        )
        first = page.get_by_test_id("stNumberInput").first.locator("input")
        await first.fill(str(number % 101), timeout=TIMEOUT_MS)
        await first.press("Tab")
        second = page.get_by_test_id("stNumberInput").nth(1).locator("input")
        await second.fill(str(100 - number % 101), timeout=TIMEOUT_MS)
        await second.press("Tab")
        await page.get_by_role("button", name="Send my vote").click(timeout=TIMEOUT_MS)
        await expect(page.get_by_text("your vote is counted")).to_be_visible(timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    finally:
        await context.close()


async def _all(url: str, code: str) -> tuple[float, list[float], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        start = time.perf_counter()
        done = await asyncio.gather(
            *(_participant(browser, url, code, n) for n in range(PARTICIPANTS)),
            return_exceptions=True,
        )
        total = time.perf_counter() - start
        await browser.close()
    times = [d for d in done if isinstance(d, float)]
    errors = [f"{type(d).__name__}: {str(d).splitlines()[0][:120]}" for d in done if not isinstance(d, float)]  # fmt: skip
    return total, times, errors


def voting(folder: Path) -> dict[str, object]:
    """Run the sixty participants once; the figures."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "vote-load.db"
    db.unlink(missing_ok=True)
    server = Server(db, folder / "vote-load.log")
    server.start()
    try:
        with Store(f"sqlite:///{db}") as store:
            model_id = next(s.id for s in store.list_models() if s.title == EXAMPLE)
            results = [n.id for n in store.latest(model_id).model.nodes if n.stage.is_result]
            code = Workshops(store).open_round(
                model_id, Round("points", tuple(results[:2])), by="bench"
            )
        total, times, errors = asyncio.run(_all(server.url, code))
        with Store(f"sqlite:///{db}") as store:
            counted = len(Workshops(store).ballots(code))
    finally:
        server.stop()
    return {"total": total, "times": times, "errors": errors, "counted": counted}


def section(folder: Path) -> str:
    """The markdown section for docs/benchmarks.md."""
    title = f"## Workshop vote ({PARTICIPANTS} phones at once, one server)"
    if not CHROMIUM.exists():
        return (
            f"{title}\n\nNot measured: no Chromium at {CHROMIUM} (`apt-get install -y chromium`)."
        )
    found = voting(folder)
    times = sorted(found["times"])  # type: ignore[type-var]
    total = float(found["total"])  # type: ignore[arg-type]
    met = total <= TARGET_S and found["counted"] == PARTICIPANTS
    lines = [
        title,
        "",
        f"`benchmarks/bench_vote.py`: {PARTICIPANTS} phone-sized pages in one Chromium, each its "
        "own device, open the vote's address together, choose a group, share 100 points "
        f"between two outcomes and send. Target: every ballot counted within {TARGET_S:.0f} s.",
        "",
        "| what | figure |",
        "|---|---:|",
        f"| first page opened to last ballot counted | {total:.1f} s |",
        f"| participants whose vote was confirmed | {len(times)} of {PARTICIPANTS} |",
        f"| ballots the store holds | {found['counted']} of {PARTICIPANTS} |",
    ]
    if times:
        p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
        lines += [
            f"| one participant, median | {statistics.median(times):.1f} s |",
            f"| one participant, 90th percentile | {p90:.1f} s |",
        ]
    lines += ["", f"Target {'met' if met else 'missed'}."]
    errors = found["errors"]
    if errors:
        lines += ["", "Participants who failed: " + "; ".join(sorted(set(errors)))[:600]]  # type: ignore[arg-type]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as scratch:
        print(section(Path(scratch)))
