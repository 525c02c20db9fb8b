"""Alembic's entry point: runs the migrations on the connection the store hands over.

:func:`toc.store.migrate.upgrade` passes an open connection in
``config.attributes["connection"]``; the ``alembic`` command line, run by a
developer, connects to ``sqlalchemy.url`` or the store's default database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from toc.store.engine import database_url, make_engine
from toc.store.orm import Base

__all__: list[str] = []


def run_migrations() -> None:
    """Run the migrations online (against a live connection)."""
    if context.is_offline_mode():
        raise SystemExit("toc's migrations run against a database: drop --sql")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or database_url()
    with make_engine(url).begin() as connection:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


# Alembic executes this file; importing it (as pytest's doctest collection does) runs nothing.
if __name__ != "toc.store.migrations.env":
    run_migrations()
