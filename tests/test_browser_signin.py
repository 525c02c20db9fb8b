"""Sign-in and roles end to end: a mock identity provider, two app processes, one database.

``oidc-provider-mock`` (an OpenID Connect provider for tests) runs on a free port; each
app process reads a secrets file of its own (``STREAMLIT_SECRETS_FILES``, so the
repository's ``.streamlit/`` is untouched) that turns sign-in on.  The owner signs in
through the provider's login form in process 1 and shares a model with a viewer, who
signs in in process 2: the viewer sees no editing controls, the store refuses their
save, and the owner's edit appears on the viewer's page within 3 seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import (  # noqa: F401 - fixtures
    WAIT,
    Server,
    Workshop,
    browser,
    free_port,
    need_chromium,
    until,
)

from toc.formats.modelfiles import load_model
from toc.model import LogicModel
from toc.store import AccessDenied, Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
OWNER, VIEWER = "owner@council.example", "viewer@council.example"
READ_ONLY = "You can view this model; ask its owner for editor access."


class Provider:
    """``oidc-provider-mock`` on a free port: any client, any user typed into its form."""

    def __init__(self, log: Path) -> None:
        self.log, self.port = log, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def metadata(self) -> str:
        return f"http://127.0.0.1:{self.port}/.well-known/openid-configuration"

    def start(self) -> None:
        command = [str(Path(sys.executable).parent / "oidc-provider-mock"), "--port"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [*command, str(self.port)], stdout=out, stderr=out, start_new_session=True
            )
        if not until(self.answers, seconds=30):
            raise RuntimeError(f"the identity provider did not start: see {self.log}")

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.metadata, timeout=2) as reply:
                return bool(reply.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def secrets(folder: Path, app: Server, provider: Provider) -> Path:
    """A secrets file that turns sign-in on for ``app``, through ``provider``."""
    folder.mkdir()
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app.url}/oauth2callback"\n'
        'cookie_secret = "a-long-random-string-for-the-test"\n'
        'client_id = "toc"\n'
        'client_secret = "toc-test-secret"\n'
        f'server_metadata_url = "{provider.metadata}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def servers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Server, Server]]:
    """Two app processes with sign-in on, one SQLite database, one identity provider."""
    need_chromium()
    provider = Provider(tmp_path / "provider.log")
    provider.start()
    started: list[Server] = []
    try:
        for number in (1, 2):
            app = Server(tmp_path / "toc.db", tmp_path / f"server{number}.log")
            path = secrets(tmp_path / f"secrets{number}", app, provider)
            monkeypatch.setenv("STREAMLIT_SECRETS_FILES", str(path))
            app.start()
            started.append(app)
        yield started[0], started[1]
    finally:
        for app in started:
            app.stop()
        provider.stop()


def shown(text: str) -> re.Pattern[str]:
    """``text`` as the page shows it: an address has a word joiner before its ``@``
    (so markdown does not make it a link)."""
    return re.compile(re.escape(text).replace("@", "\u2060?@"))


def sign_in(page, url: str, who: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in at ``url`` as ``who`` through the provider's form, and wait to be back."""
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(who)
    page.get_by_role("button", name="Authorize").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text(shown(f"Signed in as {who}"), timeout=WAIT)


def owned_model(db: Path) -> str:
    """A model of the owner's, on no one else's list yet."""
    model: LogicModel = load_model(ROOT / "models" / "youth-employment.yaml")
    with Store(f"sqlite:///{db}") as store:
        return store.create_model(model, author=OWNER, user=OWNER)


def test_owner_shares_viewer_reads_and_follows(servers, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from playwright.sync_api import expect

    first, second = servers
    chosen = owned_model(first.db)
    owner = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    viewer = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()

    # Before sign-in: the sign-in page alone.
    viewer.goto(second.url)
    expect(viewer.get_by_role("button", name="Sign in")).to_be_visible(timeout=WAIT)
    expect(viewer.get_by_test_id("stSidebarNav")).to_have_count(0)

    sign_in(owner, first.url, OWNER)
    owner.goto(f"{first.url}/?model={chosen}")
    Workshop(owner, first.url).heading("Models")
    Workshop(owner, first.url).settled()
    owner.get_by_label("Email, or * for everyone signed in").fill(VIEWER)
    owner.get_by_role("button", name="Give this role").click()
    expect(owner.get_by_test_id("stTable").last).to_contain_text(shown(VIEWER), timeout=WAIT)

    sign_in(viewer, second.url, VIEWER)
    viewer.goto(f"{second.url}/map?model={chosen}")
    reading = Workshop(viewer, second.url)
    reading.heading("Map")
    expect(viewer.get_by_text(READ_ONLY)).to_be_visible(timeout=WAIT)
    reading.settled()
    for control in ("Add box", "Undo", "Tidy layout"):
        expect(viewer.get_by_role("button", name=control)).to_have_count(0)
    expect(viewer.get_by_label("New box label")).to_have_count(0)
    expect(viewer.locator("iframe")).to_have_count(0)  # no canvas
    expect(viewer.get_by_test_id("stSidebar")).to_contain_text("revision 1")

    with Store(f"sqlite:///{first.db}") as store:
        latest = store.latest(chosen, user=VIEWER)
        changed = latest.model.model_copy(update={"title": "Changed by the viewer"})
        with pytest.raises(AccessDenied, match=re.escape(f"{VIEWER} may not save")):
            store.save(chosen, changed, base=latest.number, author=VIEWER, user=VIEWER)

    editing = Workshop(owner, first.url)
    owner.goto(f"{first.url}/map?model={chosen}")
    editing.heading("Map")
    editing.settled()
    owner.get_by_label("New box label").fill("Mentoring for care leavers")
    owner.get_by_label("New box label").press("Enter")
    editing.saved(2)
    sidebar = viewer.get_by_test_id("stSidebar")
    # The canvas may save the new box's place as one more revision: the viewer's page
    # follows the latest, whichever it is.
    expect(sidebar).to_contain_text(shown(f"{OWNER} saved revision "), timeout=3_000)
    with Store(f"sqlite:///{first.db}") as store:
        saved = store.latest(chosen)
    assert saved.number >= 2 and saved.author == OWNER
    assert "Mentoring for care leavers" in [n.label for n in saved.model.nodes]
    assert os.environ.get("STREAMLIT_SECRETS_FILES")  # the apps' own, never the repository's
