"""Schema migrations: Alembic, run from code, with the scripts shipped in the package.

:func:`upgrade` brings a database to the newest schema; :class:`toc.store.Store`
calls it on opening, so a new database is created and an old one upgraded
without anyone running a command.  Developers add a migration with::

    alembic -c toc/store/migrations/alembic.ini revision --autogenerate -m "what changed"

Examples
--------
>>> from toc.store.engine import make_engine
>>> engine = make_engine("sqlite://")
>>> upgrade(engine)
>>> current_revision(engine) == head_revision()
True
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from toc.store.engine import shown_url
from toc.store.errors import StoreError

__all__ = ["MIGRATIONS", "alembic_config", "current_revision", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).with_name("migrations")
_IN_PROCESS = threading.Lock()  # Alembic's context and op are global to the process
_ADVISORY_KEY = 0x746F63  # "toc": the lock PostgreSQL servers take while one migrates


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the shipped migrations, built in code."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The id of the newest migration."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the store's migrations folder has no migrations"
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, ``None`` for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema, creating it if it is empty.

    Several servers may open one database at once: one migrates while the others
    wait for its lock, then find the schema new and go on.
    """
    try:
        if current_revision(engine) == head_revision():
            return
        with _IN_PROCESS, engine.begin() as connection:
            _lock_schema(connection)
            current = MigrationContext.configure(connection).get_current_revision()
            if current == head_revision():
                return
            _refuse_unknown(engine, current)
            command.upgrade(alembic_config(connection), "head")
    except SQLAlchemyError as err:
        if _at_head(engine):  # another process upgraded it at the same moment
            return
        raise StoreError(
            f"cannot open the database {shown_url(engine.url)!r}: "
            f"{getattr(err, 'orig', None) or err}; check that it exists, is reachable "
            "and writable, or set TOC_DATABASE_URL / TOC_DB_PATH to another"
        ) from err


def _lock_schema(connection: Connection) -> None:
    """Hold the database's lock on its schema until this transaction ends."""
    if connection.dialect.name == "sqlite":  # its one write lock, taken now (DDL takes none)
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})


def _refuse_unknown(engine: Engine, current: str | None) -> None:
    """Refuse a database written by a newer toc, whose schema this one does not know."""
    if current is None:
        return
    scripts = ScriptDirectory.from_config(alembic_config())
    try:
        scripts.get_revision(current)
    except CommandError as err:
        raise StoreError(
            f"the database {shown_url(engine.url)!r} was written by a newer version of toc "
            f"(schema {current!r}; this version knows up to {head_revision()!r}): upgrade "
            "toc, or set TOC_DATABASE_URL / TOC_DB_PATH to another database"
        ) from err


def _at_head(engine: Engine) -> bool:
    try:
        return current_revision(engine) == head_revision()
    except SQLAlchemyError:
        return False
