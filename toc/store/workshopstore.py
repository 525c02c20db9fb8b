"""Workshop voting kept in the store: rounds opened on a model, ballots cast from phones.

Every app process (and every phone's session) reads and writes the same rows, so a
ballot cast through one server is counted by the projector of another.  The rules
are :mod:`toc.workshop.voting`'s; closing a round saves its result as a revision of
the model, by whoever closed it (and only if they may save the model).

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.store import Store
>>> from toc.workshop import Ballot, Round
>>> with Store("sqlite://") as store:
...     model_id = store.create_model(LogicModel.model_validate({"title": "t", "nodes": [
...         {"id": "jobs", "label": "Jobs", "stage": "outcome"},
...         {"id": "health", "label": "Health", "stage": "outcome"}]}), author="Sam")
...     workshops = Workshops(store)
...     code = workshops.open_round(model_id, Round("points", ("jobs", "health")), by="Sam")
...     workshops.cast(code, Ballot("phone-1", "Residents", {"jobs": 70, "health": 30}))
...     saved = workshops.close_round(code, by="Sam")
...     saved.number, saved.model.stakeholders[0].ratings
(2, {'jobs': 70.0, 'health': 30.0})
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from toc.errors import TocError
from toc.store.access import require, user_name
from toc.store.errors import StoreError
from toc.store.modelstore import Store
from toc.store.orm import BallotRow, RoundRow
from toc.store.records import Revision
from toc.workshop.voting import Ballot, Round, checked_ballot, closed, join_code

__all__ = ["OpenRound", "RoundClosedError", "Workshops"]


class RoundClosedError(TocError):
    """A ballot for a round that is closed (or a code no round has)."""


@dataclass(frozen=True)
class OpenRound:
    """A round as stored: its code, model, what it asks, who opened it, and whether it is
    closed (then ``saved_revision`` is the revision its result went into)."""

    code: str
    model_id: str
    round: Round
    opened_by: str
    opened: datetime
    closed: datetime | None
    saved_revision: int | None

    @property
    def is_open(self) -> bool:
        """Whether ballots are still taken."""
        return self.closed is None


def _spec(round_: Round) -> str:
    return json.dumps(
        {
            "outcomes": list(round_.outcomes),
            "node": round_.node,
            "judgement": round_.judgement,
            "dots": round_.dots,
        }
    )


def _round(row: RoundRow) -> OpenRound:
    spec: dict[str, Any] = json.loads(row.spec)
    asked = Round(
        kind=row.kind,  # type: ignore[arg-type]  # the table's check keeps it one of three
        outcomes=tuple(spec.get("outcomes") or ()),
        node=spec.get("node"),
        judgement=spec.get("judgement"),
        dots=int(spec.get("dots") or 5),
    )
    return OpenRound(
        row.code, row.model_id, asked, row.opened_by, row.opened, row.closed, row.saved_revision
    )


class Workshops:
    """The voting rounds of one store (see the module)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _session(self) -> Any:
        return self._store._session()  # one package: the store's own sessions

    def open_round(self, model_id: str, round_: Round, *, by: str, user: str | None = None) -> str:
        """Open a round on the newest revision of a model; its join code.

        Raises :class:`~toc.store.errors.AccessDenied` if ``user`` may not edit the model,
        and :class:`~toc.errors.TocError` if the model cannot hold the round.
        """
        model = self._store.latest(model_id, user=user).model
        round_.check(model)
        with self._session() as session, session.begin():
            require(
                session,
                model_id,
                None if user is None else user_name(user),
                "editor",
                "open a vote on",
            )
            taken = set(session.scalars(select(RoundRow.code)))
            code = join_code(taken)
            session.add(
                RoundRow(
                    code=code,
                    model_id=model_id,
                    kind=round_.kind,
                    spec=_spec(round_),
                    opened_by=by,
                    opened=datetime.now(UTC),
                )
            )
        return code

    def round(self, code: str) -> OpenRound:
        """The round with this join code (spaces and case ignored)."""
        wanted = code.strip().upper().replace(" ", "")
        with self._session() as session:
            row = session.get(RoundRow, wanted)
            if row is None:
                raise RoundClosedError(
                    f"no vote has the code {code.strip()[:12]!r}: check the code on the screen"
                )
            return _round(row)

    def rounds(self, model_id: str) -> list[OpenRound]:
        """A model's rounds, newest first."""
        with self._session() as session:
            rows = session.scalars(
                select(RoundRow)
                .where(RoundRow.model_id == model_id)
                .order_by(RoundRow.opened.desc())
            )
            return [_round(row) for row in rows]

    def cast(self, code: str, ballot: Ballot) -> None:
        """Count a device's ballot (replacing its earlier one), if the round is open."""
        found = self.round(code)
        if not found.is_open:
            raise RoundClosedError("this vote has closed: thank you, the results are on the screen")
        checked_ballot(found.round, ballot)
        with self._session() as session, session.begin():
            row = session.get(BallotRow, (found.code, ballot.device[:64]))
            choices = json.dumps(dict(ballot.choices))
            if row is None:
                session.add(
                    BallotRow(
                        code=found.code,
                        device=ballot.device[:64],
                        grp=ballot.group.strip()[:200],
                        choices=choices,
                        cast=datetime.now(UTC),
                    )
                )
            else:
                row.grp, row.choices, row.cast = (
                    ballot.group.strip()[:200],
                    choices,
                    datetime.now(UTC),
                )

    def ballots(self, code: str) -> list[Ballot]:
        """Every device's ballot in a round, in the order first cast."""
        with self._session() as session:
            rows = session.scalars(
                select(BallotRow).where(BallotRow.code == code).order_by(BallotRow.cast)
            )
            return [Ballot(r.device, r.grp, json.loads(r.choices)) for r in rows]

    def close_round(self, code: str, *, by: str, user: str | None = None) -> Revision:
        """Close a round and save its result as the model's next revision (see
        :func:`toc.workshop.voting.closed`); closing a closed round is refused."""
        found = self.round(code)
        if not found.is_open:
            raise RoundClosedError(
                f"the vote {found.code} closed already, as revision {found.saved_revision}"
            )
        latest = self._store.latest(found.model_id, user=user)
        result = closed(latest.model, found.round, self.ballots(found.code))
        saved = self._store.save(
            found.model_id, result, base=latest.number, author=by, user=user
        ).revision
        with self._session() as session, session.begin():
            row = session.get(RoundRow, found.code)
            if row is None:  # pragma: no cover - deleted under us
                raise StoreError(f"the vote {found.code} is gone")
            row.closed, row.saved_revision = datetime.now(UTC), saved.number
        return saved
