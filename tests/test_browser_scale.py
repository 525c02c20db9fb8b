"""Every page of the editor on a 3,000-box model, in Debian's Chromium driven by Playwright.

The model (``test_app_scale.scale_model``: the benchmarks' generated model with
priorities, values and four rating groups) is saved in a fresh database before
the server starts; the browser opens it and visits every page at 1280 x 800.
Each visit waits for the page's own content (a heading, a drawn chart, a
caption that says what a chart leaves out), then checks that Streamlit showed
no exception, the app's error boundary (``tocapp.boundary.guarded``) no error,
and the server logged no failure.  The Map only has to show its canvas or say
why not: how it bounds a big model is its own business.

Every wait is on content, never a fixed pause.  Needs ``/usr/bin/chromium``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_app_scale import SIZE, scale_model
from test_browser import ARGS, CHROMIUM, WAIT, Server, need_chromium

pytestmark = pytest.mark.browser

#: Every chart in sight drawn (what waiting for a chart means here).
DRAWN = """() => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter((chart) => chart.checkVisibility());
  return charts.length > 0 && charts.every((chart) => chart.querySelector("canvas, svg"));
}"""


@pytest.fixture()
def big_server(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """``toc app`` over a fresh database holding the 3,000-box model; the model's id."""
    need_chromium()
    from toc.store import Store

    db = tmp_path / "toc.db"
    with Store(f"sqlite:///{db}") as store:
        chosen = store.create_model(scale_model(), author="scale test")
    running = Server(db, tmp_path / "server.log")
    running.start()
    try:
        yield running, chosen
    finally:
        running.stop()


@pytest.fixture()
def chromium() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Visit:
    """One browser page going round the editor, waiting for content at each step."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.seconds: dict[str, float] = {}

    def heading(self, name: str) -> None:
        from playwright.sync_api import expect

        expect(self.page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=WAIT)

    def settled(self) -> None:
        """Wait until Streamlit is not running the page (call after waiting for content)."""
        idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
        self.page.locator(idle).wait_for(timeout=WAIT)

    def go(self, name: str) -> None:
        start = time.monotonic()
        self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
        self.heading(name)
        self.settled()
        self.seconds[name] = time.monotonic() - start

    def text(self, shown: str | re.Pattern[str]) -> None:
        from playwright.sync_api import expect

        main = self.page.get_by_test_id("stMain")
        expect(main.get_by_text(shown).first).to_be_visible(timeout=WAIT)

    def charts_drawn(self) -> None:
        self.page.wait_for_function(DRAWN, timeout=WAIT)

    def no_trouble(self, where: str) -> None:
        """No Streamlit exception and no error message of the app's boundary on the page."""
        exceptions = self.page.get_by_test_id("stException")
        assert exceptions.count() == 0, f"{where}: {exceptions.all_inner_texts()}"
        errors = self.page.get_by_test_id("stAlertContentError")  # st.error, as guarded() shows
        assert errors.count() == 0, f"{where}: {errors.all_inner_texts()}"


def test_every_page_works_on_3000_boxes(big_server: tuple[Server, str], chromium: Any) -> None:
    from playwright.sync_api import expect

    server, chosen = big_server
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    room = Visit(page)
    page.goto(f"{server.url}/?model={chosen}")  # Models is the root page
    room.heading("Models")
    room.text(f"{SIZE} boxes")
    room.settled()
    room.no_trouble("Models")

    room.go("Map")
    canvas = page.frame_locator("iframe").first.locator(".react-flow__node").first
    message = page.get_by_test_id("stMain").get_by_test_id("stAlertContainer").first
    expect(canvas.or_(message)).to_be_visible(timeout=WAIT)
    room.settled()
    room.no_trouble("Map")

    room.go("Priorities")
    room.text("The 25 largest of 1,350 weights")
    room.text("The 25 of 1,350 outcomes the groups split on most")
    room.charts_drawn()
    room.no_trouble("Priorities")

    room.go("Analyse")
    room.text("The 25 highest scores of 750 activities")
    room.charts_drawn()
    page.get_by_role("tab", name="Influence").click()
    room.text(re.compile(r"The 15 strongest drivers of 750 activities"))
    room.charts_drawn()
    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("button", name="Download the full influence table (CSV)").click()
    table = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert table[0] == "activity id,activity,outcome id,outcome,influence"
    assert len(table) > 1000  # every activity's influence, not the heat map's 15 x 15
    room.no_trouble("Analyse")

    room.go("Value")
    room.text(re.compile(r"The 25 activities that drive the most value"))
    room.charts_drawn()
    room.no_trouble("Value")

    room.go("Diagram & export")
    room.text(re.compile(r"This model has 3,000 boxes, more than the 500"))
    expect(page.get_by_role("button", name="Download YAML")).to_be_visible()
    room.no_trouble("Diagram & export")
    top = page.get_by_label("Only the pathways of the N strongest drivers (0: every activity)")
    top.fill("3")
    top.press("Enter")
    expect(page.get_by_test_id("stImage").locator("img")).to_be_visible(timeout=WAIT)
    room.settled()
    room.no_trouble("Diagram & export")

    room.go("History")
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(1, timeout=WAIT)
    room.no_trouble("History")

    logged = server.log.read_text(encoding="utf-8", errors="replace")
    assert "the editor failed" not in logged and "Traceback" not in logged
    print({name: round(seconds, 2) for name, seconds in room.seconds.items()})
