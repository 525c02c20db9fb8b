"""An open database: its engine, its schema brought up to date, and sessions whose
failures say what went wrong.  :class:`toc.store.Store` is one, with models and
frameworks on top.

Examples
--------
>>> with Database("sqlite://") as database:
...     database.url
'sqlite://'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from toc.store.engine import database_url, file_identity, make_engine, shown_url
from toc.store.errors import StoreError
from toc.store.migrate import upgrade
from toc.store.orm import NAME_LENGTH

__all__ = ["SAVE_ATTEMPTS", "Database", "author_name"]

SAVE_ATTEMPTS = 16  # tries of a save while other saves keep taking its revision number


class Database:
    """The database at ``url`` (as :class:`toc.store.Store` takes it), opened and upgraded."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self._engine = make_engine(self.url)
        upgrade(self._engine)
        self._identity = file_identity(self.url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        if self._identity is not None and file_identity(self.url) != self._identity:
            raise StoreError(
                f"the database file {shown_url(self.url)} was replaced or deleted while toc "
                "was running, so nothing more can be read or saved here: restart `toc app`"
            )
        try:
            with self._sessions() as session:
                yield session
        except IntegrityError:
            raise
        except SQLAlchemyError as err:
            reason = getattr(err, "orig", None) or err
            raise StoreError(
                f"the database {shown_url(self.url)} failed: {reason}; check that it is "
                "reachable and writable, then try again"
            ) from err

    def _claim(self, row: object, *then: Executable) -> bool:
        """Add ``row`` (the next revision of something, or a once-only setting) and run
        ``then`` (what keeps its summary up to date) in one transaction.

        ``False``, with nothing written, if another save took the row's key first: the
        database's unique key lets exactly one of two simultaneous saves have it, and
        the other reads the new latest and tries again (or, for a setting, stops).
        """
        try:
            with self._session() as session, session.begin():
                session.add(row)
                session.flush()
                for statement in then:
                    session.execute(statement)
        except IntegrityError:
            return False
        return True


def author_name(author: str) -> str:
    """The author as stored: trimmed, cut to the column's length, ``anonymous`` if empty.

    Examples
    --------
    >>> author_name("  Sam "), author_name("")
    ('Sam', 'anonymous')
    """
    return author.strip()[:NAME_LENGTH] or "anonymous"
