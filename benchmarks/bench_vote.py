"""Sixty participants voting from their phones at once, on one server: every ballot counted?

``toc app`` runs over a fresh database with the examples; a points vote on two outcomes
of the youth employment example is opened (as the Workshop page opens it).  Then, all
at once:

- sixty *protocol participants* (:mod:`benchmarks.phone_protocol`) open ``?vote=CODE``:
  each loads the page's address, opens Streamlit's websocket and speaks its protobuf
  protocol as the browser does, so the server does all it does for a phone (a session,
  a script run to draw the form, a second run when "Send my vote" is pressed, the
  ballot cast into the store), but nothing renders: a real phone renders on its own
  CPU, and sixty headless browsers on the server's two cores measured the browsers;
- a few phone-sized Chromium pages (``TOC_VOTE_BROWSERS``, 3 unless set; each its own
  browser context) vote through the real page beside them, to show a browser gets
  through under that load.

Each participant chooses a group and shares the 100 points between the two outcomes.
Timed: from the first participant's first request to the last "your vote is counted",
each participant's own time, and the ballots the store then holds, checked against the
groups and points sent.  The target: every ballot counted within 30 s.
Run alone with ``python -m benchmarks.bench_vote`` (``TOC_VOTE_PARTICIPANTS`` to change
the sixty).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks.browser_latency import Server
from benchmarks.phone_protocol import CONFIRMED, Timing, vote
from tests.chromium import ARGS, CHROMIUM
from toc.store import Store
from toc.store.workshopstore import Workshops
from toc.workshop import Ballot, Round

__all__ = ["Voting", "section", "voting"]

PARTICIPANTS = int(os.environ.get("TOC_VOTE_PARTICIPANTS", "60"))
BROWSERS = int(os.environ.get("TOC_VOTE_BROWSERS", "3"))
TARGET_S = 30.0
EXAMPLE = "Youth employment service"
GROUPS = ("Young people (youth panel)", "Local employers", "Council members")
TIMEOUT_S = 120.0


def _sent(number: int) -> tuple[str, tuple[int, int]]:
    """Participant ``number``'s group and points for the two outcomes (100 in all)."""
    return GROUPS[number % 3], (number % 101, 100 - number % 101)


def _device(number: int) -> str:
    return f"protocol-{number:03d}"


@dataclass
class Voting:
    """What one run of the benchmark found; times in seconds."""

    total: float = 0.0  #: first participant's first request to the last confirmation
    protocol: list[Timing] = field(default_factory=list)  #: confirmed protocol participants
    browsers: list[float] = field(default_factory=list)  #: confirmed browsers' own times
    browsers_run: int = 0  #: browser participants started (0 without Chromium)
    errors: list[str] = field(default_factory=list)  #: why the others failed
    counted: int = 0  #: ballots the store holds
    as_sent: int = 0  #: of those, ballots whose group and points are the ones sent

    @property
    def participants(self) -> int:
        return PARTICIPANTS + self.browsers_run

    @property
    def met(self) -> bool:
        """Every ballot counted, as sent, within the target."""
        return self.total <= TARGET_S and self.counted == self.as_sent == self.participants


async def _protocol(url: str, code: str, labels: Sequence[str], number: int) -> Timing:
    group, points = _sent(number)
    async with asyncio.timeout(TIMEOUT_S):
        points_by_label = dict(zip(labels, points, strict=True))
        return await vote(url, code, group, points_by_label, device=_device(number))


async def _participant(browser: Any, url: str, code: str, number: int) -> tuple[float, float]:
    """A phone-sized page in its own browser context votes; its start and end moments."""
    from playwright.async_api import expect

    group, (first_points, second_points) = _sent(number)
    wait = TIMEOUT_S * 1000
    start = time.perf_counter()
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = await context.new_page()
    try:
        await page.goto(f"{url}/?vote={code}", timeout=wait)
        await page.get_by_test_id("stSelectbox").filter(has_text="Your group").click(timeout=wait)
        await page.get_by_role("option", name=group, exact=True).click(timeout=wait)
        first = page.get_by_test_id("stNumberInput").first.locator("input")
        await first.fill(str(first_points), timeout=wait)
        await first.press("Tab")
        second = page.get_by_test_id("stNumberInput").nth(1).locator("input")
        await second.fill(str(second_points), timeout=wait)
        await second.press("Tab")
        await page.get_by_role("button", name="Send my vote").click(timeout=wait)
        await expect(page.get_by_text(CONFIRMED)).to_be_visible(timeout=wait)
        return start, time.perf_counter()
    finally:
        await context.close()


def _failure(error: BaseException) -> str:
    if isinstance(error, TimeoutError) and not str(error):
        return f"TimeoutError: not confirmed within {TIMEOUT_S:.0f} s"
    said = str(error).splitlines()[0][:160] if str(error) else "no message"
    return f"{type(error).__name__}: {said}"


@asynccontextmanager
async def _chromium(count: int) -> AsyncIterator[Any]:
    """One headless Chromium for the browser participants (``None`` when ``count`` is 0)."""
    if not count:
        yield None
        return
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def _all(url: str, code: str, labels: Sequence[str]) -> Voting:
    """The protocol participants and the browsers, all at once."""
    found = Voting(browsers_run=BROWSERS if CHROMIUM.exists() else 0)
    async with _chromium(found.browsers_run) as browser:
        start = time.perf_counter()
        done = await asyncio.gather(
            *(_protocol(url, code, labels, n) for n in range(PARTICIPANTS)),
            *(
                _participant(browser, url, code, PARTICIPANTS + n)
                for n in range(found.browsers_run)
            ),
            return_exceptions=True,
        )
    ends = [start]
    for result in done:
        if isinstance(result, Timing):
            found.protocol.append(result)
            ends.append(result.confirmed)
        elif isinstance(result, tuple):
            found.browsers.append(result[1] - result[0])
            ends.append(result[1])
        elif isinstance(result, BaseException):
            found.errors.append(_failure(result))
    found.total = max(ends) - start
    return found


def _as_sent(ballots: Sequence[Ballot], outcomes: Sequence[str], browsers: int) -> int:
    """How many ballots hold the group and points their participant sent: the protocol
    participants' by device; the browsers' (whose devices the page made) as a multiset."""

    def choices(points: tuple[int, int]) -> frozenset[tuple[str, float]]:
        return frozenset((o, float(p)) for o, p in zip(outcomes, points, strict=True) if p)

    wanted = {_device(n): _sent(n) for n in range(PARTICIPANTS)}
    from_browsers = Counter(
        (group, choices(points))
        for group, points in (_sent(PARTICIPANTS + n) for n in range(browsers))
    )
    right = 0
    for ballot in ballots:
        held = (ballot.group, frozenset((o, float(p)) for o, p in ballot.choices.items()))
        if ballot.device in wanted:
            group, points = wanted.pop(ballot.device)
            right += held == (group, choices(points))
        elif from_browsers[held] > 0:
            from_browsers[held] -= 1
            right += 1
    return right


def voting(folder: Path) -> Voting:
    """Run the participants once; the figures."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "vote-load.db"
    db.unlink(missing_ok=True)
    server = Server(db, folder / "vote-load.log")
    server.start()
    try:
        with Store(f"sqlite:///{db}") as store:
            model_id = next(s.id for s in store.list_models() if s.title == EXAMPLE)
            results = [n for n in store.latest(model_id).model.nodes if n.stage.is_result][:2]
            outcomes = [n.id for n in results]
            code = Workshops(store).open_round(
                model_id, Round("points", tuple(outcomes)), by="bench"
            )
        found = asyncio.run(_all(server.url, code, [n.label for n in results]))
        with Store(f"sqlite:///{db}") as store:
            ballots = Workshops(store).ballots(code)
    finally:
        server.stop()
    found.counted = len(ballots)
    found.as_sent = _as_sent(ballots, outcomes, found.browsers_run)
    return found


def _p90(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def _figure(times: Sequence[float], pick: Callable[[Sequence[float]], float]) -> str:
    return f"{pick(times):.1f} s" if times else "–"


def _none_here(browsers: int) -> str:
    if browsers:
        return "."
    if not CHROMIUM.exists():
        return f" (none here: no Chromium at {CHROMIUM}; `apt-get install -y chromium`)."
    return " (none here: `TOC_VOTE_BROWSERS=0`)."


def section(folder: Path) -> str:
    """The markdown section for docs/benchmarks.md."""
    found = voting(folder)
    everyone = found.participants
    title = f"## Workshop vote ({everyone} participants at once, one server)"
    seconds = [t.seconds for t in found.protocol]
    shown = [t.shown - t.start for t in found.protocol]
    sending = [t.confirmed - t.shown for t in found.protocol]
    browsers = found.browsers_run
    lines = [
        title,
        "",
        f"`benchmarks/bench_vote.py`: {PARTICIPANTS} protocol participants and {browsers} "
        "phone-sized Chromium pages open the vote's address together, choose a group, share "
        f"100 points between two outcomes and send. Target: every ballot counted within "
        f"{TARGET_S:.0f} s.",
        "",
        "A protocol participant (`benchmarks/phone_protocol.py`) is a phone without a screen: "
        "it fetches the page's address, opens Streamlit's websocket and speaks its protobuf "
        'protocol as the browser does: a run to draw the form, then the run "Send my vote" '
        "asks for, with the group and points as the form sends them, until the page says "
        "the vote is counted. The server does for it all it does for a phone: a session, two "
        "script runs, the ballot cast. It does not exercise the phone's own work (JavaScript, "
        "rendering, the page's assets, which a phone downloads once and caches): real phones "
        "do that on their own CPUs, and a headless Chromium page per participant on the "
        "server's two cores (this benchmark's first version) measured the browsers, not the "
        "server. The Chromium pages here show a real browser gets through under the same load"
        + _none_here(browsers),
        "",
        "| what | figure |",
        "|---|---:|",
        f"| first request to last vote confirmed | {found.total:.1f} s |",
        f"| protocol participants whose vote was confirmed | {len(found.protocol)} of {PARTICIPANTS} |",
        f"| browsers whose vote was confirmed | {len(found.browsers)} of {browsers} |",
        f"| ballots the store holds | {found.counted} of {everyone} |",
        f"| of those, with the group and points sent | {found.as_sent} of {everyone} |",
        "",
        "| one participant | protocol | browser |",
        "|---|---:|---:|",
        f"| median | {_figure(seconds, median)} | {_figure(found.browsers, median)} |",
        f"| 90th percentile | {_figure(seconds, _p90)} | {_figure(found.browsers, _p90)} |",
        f"| form on the page, median | {_figure(shown, median)} | – |",
        f'| "Send my vote" to confirmation, median | {_figure(sending, median)} | – |',
        "",
        f"Target {'met' if found.met else 'missed'}.",
    ]
    if found.errors:
        lines += ["", "Participants who failed: " + "; ".join(sorted(set(found.errors)))[:600]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as scratch:
        print(section(Path(scratch)))
