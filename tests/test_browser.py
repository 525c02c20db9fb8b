"""The workshop story, end to end, in Debian's Chromium driven by Playwright.

Open the editor, create a model, add boxes at three stages, draw links on the
canvas and make one negative, set priorities and watch the driver ranking
change, download the SVG, restart the server, and find the model and its
history intact.  Screenshots of the Map, Analyse and Value pages go to the
folder ``TOC_SCREENSHOTS`` names (``make screenshots`` sets it to
``docs/screenshots/`` for the README), else to a temporary folder, so a test
run leaves the working tree as it was.

Needs ``/usr/bin/chromium`` (``sudo apt-get install -y chromium``); never a
downloaded browser.  Without it the test skips, except under CI, where it fails.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("TOC_SCREENSHOTS") or Path(tempfile.gettempdir()) / "toc-shots")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 30_000  # ms


def need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI needs Chromium at {CHROMIUM}: apt-get install -y chromium")
    pytest.skip(f"no Chromium at {CHROMIUM}: install it with `sudo apt-get install -y chromium`")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``toc app`` on a free port, with its own database file."""

    def __init__(self, db: Path, log: Path) -> None:
        self.db, self.log, self.port = db, log, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "TOC_DB_PATH": str(self.db)}
        env.pop("TOC_DATABASE_URL", None)
        command = [str(Path(sys.executable).parent / "toc"), "app", "--port", str(self.port)]
        command += ["--db", str(self.db), "--examples", str(ROOT / "models")]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the editor did not start: see {self.log}")

    def stop(self) -> None:
        """Stop ``toc app`` and the Streamlit server it started, and wait for the port."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        self.process = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"port {self.port} is still in use after stopping the editor")


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    need_chromium()
    running = Server(tmp_path / "toc.db", tmp_path / "server.log")
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture()
def browser() -> Iterator[object]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def slug(label: str) -> str:
    return label.lower().replace(" ", "-")


class Workshop:
    """The facilitator's moves on one browser page."""

    def __init__(self, page, url: str) -> None:  # type: ignore[no-untyped-def]
        self.page, self.url = page, url

    @property
    def canvas(self):  # type: ignore[no-untyped-def]
        return self.page.frame_locator("iframe").first

    def heading(self, name: str) -> None:
        from playwright.sync_api import expect

        expect(self.page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=WAIT)

    def go(self, name: str) -> None:
        self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
        self.heading(name)
        self.settled()

    def settled(self) -> None:
        """Wait until Streamlit has finished rerunning."""
        self.page.wait_for_timeout(300)
        self.page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=WAIT)

    def choose(self, label: str, option: str) -> None:
        self.page.get_by_label(label, exact=True).first.click()
        self.page.get_by_role("option", name=option, exact=True).click()

    def create(self, title: str) -> None:
        self.page.goto(self.url)
        self.heading("Models")
        self.page.get_by_label("Title").fill(title)
        self.choose("Start from", "Blank")
        self.page.get_by_role("button", name="Create model").click()
        self.heading("Map")
        self.canvas.locator(".react-flow__pane").wait_for(timeout=WAIT)
        self.settled()  # the canvas reports itself once mounted, which reruns the page
        self.page.wait_for_timeout(500)

    def add_box(self, stage: str, label: str) -> None:
        from playwright.sync_api import expect

        self.choose("New box at stage", stage)
        self.page.get_by_label("New box label").fill(label)
        self.page.get_by_role("button", name="Add box").click()
        box = self.canvas.locator(f'.react-flow__node[data-id="{slug(label)}"]')
        expect(box).to_be_visible(timeout=WAIT)
        self.settled()
        self.page.wait_for_timeout(500)  # the canvas re-fits its view after a new state

    def draw(self, source: str, target: str) -> None:
        """Drag from one box's right handle to another's left handle."""
        from playwright.sync_api import expect

        start = self.canvas.locator(f'[data-id="{source}"] .react-flow__handle.source')
        end = self.canvas.locator(f'[data-id="{target}"] .react-flow__handle.target')
        a, b = start.bounding_box(), end.bounding_box()
        assert a and b
        self.page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
        self.page.mouse.down()
        self.page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=15)
        self.page.mouse.up()
        edge = self.canvas.locator(f'[data-testid="rf__edge-{source}->{target}"]')
        expect(edge).to_be_visible(timeout=WAIT)
        self.settled()

    def drag(self, box: str, down: float) -> None:
        """Move a box down the canvas by ``down`` screen pixels."""
        from playwright.sync_api import expect

        sidebar = self.page.get_by_test_id("stSidebar")
        before = re.search(r"revision (\d+)", sidebar.inner_text())
        assert before
        place = self.canvas.locator(f'.react-flow__node[data-id="{box}"]').bounding_box()
        assert place
        x, y = place["x"] + place["width"] / 2, place["y"] + place["height"] / 2
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x, y + down, steps=10)
        self.page.mouse.up()
        after = f"revision {int(before.group(1)) + 1}"
        expect(sidebar).to_contain_text(after, timeout=WAIT)
        self.settled()

    def set_weight(self, edge: str, key: str, shown: str) -> None:
        """The selected link's weight to -1 (``Home``) or +1 (``End``), then save."""
        from playwright.sync_api import expect

        self.page.get_by_role("slider").first.focus()
        self.page.keyboard.press(key)
        self.page.get_by_role("button", name="Save link").click()
        label = self.canvas.locator(f'[data-testid="rf__edge-{edge}"]')
        expect(label).to_contain_text(shown, timeout=WAIT)
        self.settled()
        self.page.wait_for_timeout(500)  # the canvas re-fits its view after a new state

    def set_priorities(self, priorities: dict[str, float]) -> None:
        self.go("Priorities")
        for label, value in priorities.items():
            self.page.get_by_label(f"Priority of '{label}'").fill(str(value))
        self.page.get_by_role("button", name="Save priorities").click()
        self.settled()

    def top_driver(self) -> str:
        self.go("Analyse")
        first = self.page.locator("table").first.locator("tbody tr").first
        first.wait_for(timeout=WAIT)
        return str(first.locator("td").first.inner_text()).strip()

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_timeout(800)  # let charts and the canvas finish drawing
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))


def saved_model(db: Path, title: str):  # type: ignore[no-untyped-def]
    os.environ["TOC_DB_PATH"] = str(db)
    from toc.store import Store

    with Store(f"sqlite:///{db}") as store:
        summary = next(s for s in store.list_models() if s.title == title)
        return store.latest(summary.id), store.revisions(summary.id)


def test_workshop_story(server: Server, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1500, "height": 1050}, accept_downloads=True)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    room = Workshop(page, server.url)

    room.create("Workshop model")
    for stage, label in [
        ("input", "Council grant"),
        ("activity", "Mentoring"),
        ("activity", "Curfew"),
        ("outcome", "Jobs"),
        ("outcome", "Wellbeing"),
    ]:
        room.add_box(stage, label)
    room.drag("council-grant", 120)
    room.draw("mentoring", "jobs")
    room.draw("curfew", "jobs")
    room.set_weight("curfew->jobs", "End", "+1.0")
    room.draw("curfew", "wellbeing")
    room.set_weight("curfew->wellbeing", "Home", "-1.0")
    negative = room.canvas.locator('[data-testid="rf__edge-curfew->wellbeing"] path').first
    expect(negative).to_have_attribute("style", re.compile("stroke-dasharray: 6"), timeout=WAIT)
    room.shot("map")
    page.reload()  # a refresh (or a closed tab) loses nothing: the address names the model
    room.heading("Map")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Workshop model", timeout=WAIT)
    expect(room.canvas.locator('[data-testid="rf__edge-curfew->wellbeing"]')).to_be_visible()

    room.set_priorities({"Jobs": 5, "Wellbeing": 1})
    assert room.top_driver() == "Curfew"
    room.set_priorities({"Jobs": 1, "Wellbeing": 5})
    assert room.top_driver() == "Mentoring"
    room.shot("analyse")

    room.go("Diagram & export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download SVG").click()
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    assert "<svg" in svg and "Curfew" in svg

    room.go("Models")
    page.locator(
        '[data-testid="stHorizontalBlock"]',
        has=page.get_by_text("SROI worked example (illustrative numbers)", exact=True),
    ).last.get_by_role("button", name="Open").click()
    room.heading("Map")
    room.go("Value")
    room.shot("value")
    context.close()

    before, history = saved_model(server.db, "Workshop model")
    server.stop()
    server.start()
    page = browser.new_page(viewport={"width": 1500, "height": 1050})
    room = Workshop(page, server.url)
    page.goto(server.url)
    room.heading("Models")
    page.locator(
        '[data-testid="stHorizontalBlock"]', has=page.get_by_text("Workshop model", exact=True)
    ).last.get_by_role("button", name="Open").click()
    room.heading("Map")
    room.go("History")
    rows = page.locator("table").first.locator("tbody tr")
    assert len(history) >= 10
    expect(rows).to_have_count(len(history), timeout=WAIT)  # the table may still be drawing
    after, _ = saved_model(server.db, "Workshop model")
    assert after.model == before.model and after.number == before.number
    grant = after.model.node_map()["council-grant"].position
    assert grant is not None and grant.y > 0  # dragged down from the top of its column
    weights = {k.id: k.weight for k in after.model.links}
    assert weights == {"mentoring->jobs": 0.5, "curfew->jobs": 1.0, "curfew->wellbeing": -1.0}
    assert hosts == {f"127.0.0.1:{server.port}"}


def model_id(db: Path, title: str) -> str:
    from toc.store import Store

    with Store(f"sqlite:///{db}") as store:
        return next(s.id for s in store.list_models() if s.title == title)


def test_a_deep_link_first_after_a_restart_shows_the_whole_app(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    """The address the app writes (``/history?model=...``), opened before any other page."""
    from playwright.sync_api import expect

    title = "Youth employment service"
    chosen = model_id(server.db, title)
    server.stop()
    server.start()  # nothing has asked for a page since: this is the first request
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{server.url}/history?model={chosen}")
    Workshop(page, server.url).heading("History")
    expect(page.get_by_test_id("stSidebar")).to_contain_text(title, timeout=WAIT)
    navigation = page.get_by_test_id("stSidebarNav")
    for label in ("Models", "Map", "Priorities", "Analyse", "Value", "Diagram & export"):
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(navigation).not_to_contain_text("_page")  # no file names as navigation
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(1, timeout=WAIT)
    assert page.url.endswith(f"/history?model={chosen}")
