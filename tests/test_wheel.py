"""The wheel is the whole product: `pip install toc[app]` then `toc app`, far from the checkout.

Build the wheel, install it with the app extra into a fresh virtualenv in a
temporary folder, start ``toc app`` from another temporary folder, and check
that the editor answers and that the example models shipped in the wheel
were loaded into its database.  Slow (pip reuses its cache, but a cold cache
downloads the app's dependencies), so marked ``slow``; ``make test`` runs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from toc.formats.modelfiles import load_model

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "models").glob("*.yaml"))
INSTALL_TIMEOUT = 600  # seconds: a cold pip cache downloads numpy, scipy, streamlit, ...
# Variables that would point the installed app at the checkout or at another database.
LEAKS = ("PYTHONPATH", "VIRTUAL_ENV", "TOC_DATABASE_URL", "TOC_DB_PATH", "TOC_SEED_DIR")
# What the wheel is built from (toc/examples links to models/).
SOURCES = ("pyproject.toml", "README.md", "toc", "apps", "models")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.db", "*.db-*")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in LEAKS}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources: pip builds in the source folder, and a
    ``build/`` left there from an earlier build could slip deleted modules into the wheel."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=JUNK)
        else:
            shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-q", "-w", out, cwd=out)
    return next(out.glob("toc-*.whl"))


def test_the_wheel_holds_the_library_the_app_and_the_examples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"toc/cli.py", "toc/py.typed", "tocapp/main.py", "tocapp/session.py"} <= names
    assert {f"tocapp/views/{v}_page.py" for v in ("models", "map", "history")} <= names
    models = ROOT / "models"
    shipped = [*EXAMPLES, *sorted((models / "portfolio").rglob("*.yaml"))]
    assert {n for n in names if n.startswith("toc/examples/")} == {
        f"toc/examples/{p.relative_to(models).as_posix()}" for p in shipped
    }
    assert not [n for n in names if n.startswith(("apps/", "tests/", "models/"))]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv, outside the checkout, with ``toc[app]`` installed from the wheel."""
    folder = tmp_path_factory.mktemp("venv")
    assert ROOT not in folder.parents
    run(sys.executable, "-m", "venv", folder, cwd=folder)
    run(folder / "bin" / "python", "-m", "pip", "install", "-q", f"{wheel}[app]", cwd=folder)
    return folder


class Editor:
    """``toc app`` of the fresh virtualenv, on a free port, stopped with all its children."""

    def __init__(self, venv: Path, work: Path, db: Path) -> None:
        self.port, self.log = free_port(), work / "toc-app.log"
        command = [venv / "bin" / "toc", "app", "--port", str(self.port), "--db", db]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(c) for c in command],
                cwd=work,
                env=clean_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends Streamlit too
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_healthy(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)  # the poll's pace; each round asks the server again
        raise AssertionError(f"toc app did not answer: {self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


@pytest.fixture()
def editor(venv: Path, tmp_path: Path) -> Iterator[tuple[Editor, Path]]:
    work, db = tmp_path / "work", tmp_path / "db" / "toc.db"
    work.mkdir()
    db.parent.mkdir()
    running = Editor(venv, work, db)
    try:
        running.wait_until_healthy()
        yield running, db
    finally:
        running.stop()


TITLES = """
import sys
import toc, tocapp
from toc.store import Store
print(toc.__file__)
print(tocapp.__file__)
with Store(f"sqlite:///{sys.argv[1]}") as store:
    for summary in store.list_models():
        print(summary.title)
"""


def test_toc_app_from_the_wheel_serves_the_editor_with_the_examples(
    venv: Path, editor: tuple[Editor, Path]
) -> None:
    running, db = editor
    with urllib.request.urlopen(f"{running.url}/history", timeout=10) as reply:
        assert reply.status == 200
        assert b'id="root"' in reply.read()
    lines = run(venv / "bin" / "python", "-c", TITLES, db, cwd=db.parent).splitlines()
    homes, titles = lines[:2], lines[2:]
    assert all(Path(home).is_relative_to(venv) for home in homes), homes
    assert sorted(titles) == sorted(load_model(p).title for p in EXAMPLES)
    assert f"loaded {len(EXAMPLES)} example model(s)" in running.log.read_text()
