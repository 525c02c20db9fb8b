"""The store's schema: created by the shipped Alembic migrations, matching the ORM tables."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from test_store import BACKENDS, scratch_url

from toc.store import Store, StoreError, database_url
from toc.store.engine import make_engine
from toc.store.migrate import alembic_config, current_revision, head_revision, upgrade
from toc.store.orm import Base


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_empty_database_is_migrated_to_the_newest_schema(tmp_path: Path, backend: str) -> None:
    engine = make_engine(scratch_url(backend, tmp_path))
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert tables == {
        "alembic_version",
        "ballots",
        "comments",
        "events",
        "framework_grants",
        "framework_revisions",
        "frameworks",
        "grants",
        "models",
        "presence",
        "revisions",
        "rounds",
        "settings",
    }
    upgrade(engine)  # a second time does nothing
    assert current_revision(engine) == head_revision()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrations_match_the_orm_tables(tmp_path: Path, backend: str) -> None:
    engine = make_engine(scratch_url(backend, tmp_path))
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrations_go_down_and_up_again(tmp_path: Path, backend: str) -> None:
    engine = make_engine(scratch_url(backend, tmp_path))
    upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def _open_and_seed(url: str, start: float) -> int:
    while time.time() < start:
        time.sleep(0.001)
    with Store(url) as store:
        return store.seed_examples(Path(__file__).resolve().parent.parent / "models")


@pytest.mark.parametrize("backend", BACKENDS)
def test_servers_opening_a_new_database_at_once_all_start(tmp_path: Path, backend: str) -> None:
    """Four app processes starting together on a new database: one creates the schema and
    loads the examples, the others wait for it, then go on."""
    url = scratch_url(backend, tmp_path)
    start = time.time() + 3  # once every process has imported toc
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(4, mp_context=context) as pool:
        seeded = list(pool.map(_open_and_seed, [url] * 4, [start] * 4))
    assert sorted(seeded)[:3] == [0, 0, 0]
    with Store(url) as store:
        assert len(store.list_models()) == max(seeded) > 0
    assert current_revision(make_engine(url)) == head_revision()


def test_the_database_path_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TOC_DATABASE_URL", raising=False)
    path = tmp_path / "deep" / "folder" / "toc.db"
    monkeypatch.setenv("TOC_DB_PATH", str(path))
    assert database_url() == f"sqlite:///{path}"
    with Store() as store:
        assert store.list_models() == []
    assert path.is_file()
    monkeypatch.setenv("TOC_DATABASE_URL", "sqlite:///elsewhere.db")
    assert database_url() == "sqlite:///elsewhere.db"
    assert database_url("sqlite://") == "sqlite://"


def test_sqlite_files_use_write_ahead_logging(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert (mode, timeout) == ("wal", 30000)


def test_a_new_file_being_written_is_waited_for_not_refused(tmp_path: Path) -> None:
    """Switching a new file to write-ahead logging ignores the busy timeout: toc waits."""
    path = tmp_path / "new.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE first (x)")
    threading.Timer(0.5, writer.execute, args=("COMMIT",)).start()
    with make_engine(f"sqlite:///{path}").connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    writer.close()


def test_a_file_that_is_no_database_is_a_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "not-a-db.db"
    path.write_bytes(b"this is not a database")
    with pytest.raises(StoreError, match=r"cannot open the database 'sqlite:///.*not-a-db.db'"):
        Store(f"sqlite:///{path}")
