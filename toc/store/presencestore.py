"""Who else has a model open: each browser session says so every few seconds.

A session that has not said so for :data:`AWAY` seconds has left.  Only a name is
kept (the one the person gave, or their signed-in identity), with the time.

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.store import Store
>>> with Store("sqlite://") as store:
...     model_id = store.create_model(LogicModel(title="t"), author="Sam")
...     here = Presence(store)
...     here.seen(model_id, "tab-1", "Sam")
...     here.seen(model_id, "tab-2", "Ali")
...     here.others(model_id, "tab-1")
['Ali']
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from toc.store.database import author_name
from toc.store.modelstore import Store
from toc.store.orm import PresenceRow

__all__ = ["AWAY", "Presence"]

#: Seconds without a word after which a session has left.
AWAY = 30


class Presence:
    """The presence of one store's sessions (see the module)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _session(self) -> Any:
        return self._store._session()

    def seen(self, model_id: str, session: str, name: str) -> None:
        """Say that ``session`` (named ``name``) has the model open now."""
        now = datetime.now(UTC)
        with self._session() as db, db.begin():
            db.execute(
                delete(PresenceRow).where(PresenceRow.seen < now - timedelta(seconds=10 * AWAY))
            )
            row = db.get(PresenceRow, (model_id, session[:64]))
            if row is None:
                db.add(
                    PresenceRow(
                        model_id=model_id, session=session[:64], name=author_name(name), seen=now
                    )
                )
            else:
                row.name, row.seen = author_name(name), now

    def others(self, model_id: str, session: str) -> list[str]:
        """The names of the other sessions with the model open, each once, in name order."""
        since = datetime.now(UTC) - timedelta(seconds=AWAY)
        with self._session() as db:
            names = db.scalars(
                select(PresenceRow.name).where(
                    PresenceRow.model_id == model_id,
                    PresenceRow.session != session[:64],
                    PresenceRow.seen >= since,
                )
            )
            return sorted(set(names), key=str.casefold)
