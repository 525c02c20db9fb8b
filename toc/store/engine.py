"""Where the database is, and an engine set up for it.

The URL comes from the caller, else ``TOC_DATABASE_URL`` (any SQLAlchemy
URL), else an SQLite file at ``TOC_DB_PATH``, else ``./toc-data/toc.db``.
An SQLite file and its folder are created on first use; the connection uses
write-ahead logging and a busy timeout so that several app sessions can
read while one writes, and wait their turn to write.

Examples
--------
>>> database_url("sqlite:///elsewhere.db")
'sqlite:///elsewhere.db'
>>> engine = make_engine("sqlite://")
>>> engine.dialect.name
'sqlite'
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from toc.store.errors import StoreError

__all__ = [
    "BUSY_TIMEOUT_S",
    "DEFAULT_PATH",
    "database_url",
    "file_identity",
    "make_engine",
    "shown_url",
]

DEFAULT_PATH = Path("toc-data") / "toc.db"
BUSY_TIMEOUT_S = 30


def database_url(url: str | None = None) -> str:
    """The database URL to use: ``url``, ``TOC_DATABASE_URL``, or an SQLite file.

    Examples
    --------
    >>> import os
    >>> os.environ["TOC_DB_PATH"] = "/tmp/toc-doctest/models.db"
    >>> os.environ.pop("TOC_DATABASE_URL", None)
    >>> database_url()
    'sqlite:////tmp/toc-doctest/models.db'
    >>> del os.environ["TOC_DB_PATH"]
    """
    if url:
        return url
    if os.environ.get("TOC_DATABASE_URL"):
        return os.environ["TOC_DATABASE_URL"]
    path = Path(os.environ.get("TOC_DB_PATH") or DEFAULT_PATH)
    return f"sqlite:///{path.expanduser().absolute()}"


def shown_url(url: str | URL) -> str:
    """The URL with any password hidden, fit for a message.

    Examples
    --------
    >>> shown_url("postgresql://toc:secret@db/toc")
    'postgresql://toc:***@db/toc'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<an unreadable URL>"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite, the file's folder is created first."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        if parsed.drivername == "postgresql":  # SQLAlchemy would pick psycopg2; toc uses psycopg 3
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as err:
        raise StoreError(
            f"cannot use the database URL {shown_url(url)!r}: {err}; set TOC_DATABASE_URL "
            "to a SQLAlchemy URL such as sqlite:///toc.db or postgresql://user@host/db"
        ) from err
    except ImportError as err:
        raise StoreError(
            f"the database URL {shown_url(url)!r} needs the Python driver {err.name!r}, "
            "which is not installed: install it with pip install 'toc[postgres]' "
            "(for PostgreSQL), or use an SQLite file"
        ) from err


def file_identity(url: str) -> tuple[int, int] | None:
    """The device and inode of an SQLite file database; ``None`` for others or no file yet.

    The store compares it before each read and write: a database file replaced
    under a running server must not take saves that go nowhere.

    Examples
    --------
    >>> file_identity("sqlite://") is None, file_identity("postgresql://h/db") is None
    (True, True)
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    try:
        found = Path(database).expanduser().absolute().stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:") or url.query.get("mode") == "memory"
    options: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
    }
    if memory:
        options["poolclass"] = StaticPool
    else:
        _make_folder(Path(database))
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _make_folder(path: Path) -> None:
    try:
        path.expanduser().absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(
            f"cannot create the folder for the database {str(path)!r}: {err.strerror}; "
            "set TOC_DB_PATH to a file in a folder you can write to"
        ) from err


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    _write_ahead(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _write_ahead(cursor: Any) -> None:
    """Switch the file to write-ahead logging, waiting while another connection writes.

    The switch ignores the busy timeout: while a server creates the schema of a new
    file, another starting at the same moment would fail with "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
