"""Outcomes frameworks in the database: saved like models, a revision per save, but
never merged (an edit of an older revision is refused).

Roles, as on models (:mod:`toc.store.access`): every method that takes ``user`` checks
that user's role on the framework and raises :class:`~toc.store.errors.AccessDenied`
if it falls short; without ``user`` (``None``) it acts for the local user, who owns
every framework.  Whoever creates a framework owns it, and everyone signed in may
read it (a framework is the organisation's reference data).

Examples
--------
>>> with FrameworkStore("sqlite://") as store:
...     framework_id = store.create_framework({"title": "City", "scheme": "council"},
...                                           author="Sam")
...     [f.title for f in store.list_frameworks()]
['City']
>>> store = FrameworkStore("sqlite://")
>>> city = store.create_framework({"title": "City", "scheme": "council"}, author="Jo",
...                               user="jo@council.example")
>>> store.framework_role(city, "jo@council.example"), store.framework_role(city, "ali@x.org")
('owner', 'viewer')
>>> store.save_framework(city, {"title": "Town", "scheme": "council"}, base=1, author="Ali",
...                      user="ali@x.org")
Traceback (most recent call last):
...
toc.store.errors.FrameworkAccessDenied: ali@x.org may not save framework 'City' (...): \
that needs the editor role, and they are a viewer; ...
>>> store.close()
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from toc.store.access import (
    FRAMEWORKS,
    add_first_role,
    user_name,
    visible_to,
)
from toc.store.database import SAVE_ATTEMPTS, author_name
from toc.store.errors import FrameworkConflictError, NotFoundError, StoreError
from toc.store.frameworkrows import framework_body, framework_change, framework_data
from toc.store.guarded import Guarded
from toc.store.modelrows import utc_now
from toc.store.orm import FrameworkRevisionRow, FrameworkRow, SettingRow
from toc.store.records import FrameworkRevision, FrameworkSummary, Grant, Role, RoleChange

__all__ = ["FrameworkStore"]


class FrameworkStore(Guarded):
    """A database of outcomes frameworks and their revisions (the store's framework half)."""

    def list_frameworks(self, *, user: str | None = None) -> list[FrameworkSummary]:
        """The outcomes frameworks ``user`` may see (all, for the local user), by title."""
        query = select(FrameworkRow)
        if user is not None:
            query = query.where(visible_to(user_name(user), FRAMEWORKS))
        with self._session() as session:
            rows = session.scalars(query).all()
        return [
            FrameworkSummary(
                r.id, r.title, r.scheme, r.latest, r.updated, r.updated_by, r.outcomes, r.created
            )
            for r in sorted(rows, key=lambda r: (r.title.casefold(), r.id))
        ]

    def create_framework(
        self,
        framework: Mapping[str, Any] | BaseModel,
        *,
        author: str,
        note: str = "created",
        user: str | None = None,
    ) -> str:
        """Store a new outcomes framework as its revision 1 and return its id.

        ``framework`` is a :class:`toc.organisation.Framework` or its plain data (the
        store checks only that it has a title and a scheme).  ``user`` becomes its owner,
        and everyone signed in its viewers; the local user's are everyone's to edit.

        Examples
        --------
        >>> store = FrameworkStore("sqlite://")
        >>> fw = store.create_framework({"title": "City", "scheme": "council"}, author="Sam")
        >>> _ = store.save_framework(fw, {"title": "City outcomes", "scheme": "council"},
        ...                          base=1, author="Ali")
        >>> latest = store.latest_framework(fw)
        >>> latest.number, latest.author, latest.summary, latest.data["title"]
        (2, 'Ali', "title 'City' -> 'City outcomes'", 'City outcomes')
        """
        data = framework_data(framework)
        framework_id = str(uuid.uuid4())
        when, who = utc_now(), author_name(author)
        owner = None if user is None else user_name(user)
        with self._session() as session, session.begin():
            session.add(
                FrameworkRow(
                    id=framework_id,
                    title=data["title"],
                    scheme=data["scheme"],
                    created=when,
                    created_by=who,
                    latest=1,
                    updated=when,
                    updated_by=who,
                    outcomes=len(data.get("outcomes") or []),
                )
            )
            session.flush()
            session.add(
                FrameworkRevisionRow(
                    framework_id=framework_id,
                    number=1,
                    author=who,
                    created=when,
                    summary=note,
                    body=framework_body(data),
                )
            )
            add_first_role(session, framework_id, owner, when, FRAMEWORKS)
        return framework_id

    def latest_framework(self, framework_id: str, *, user: str | None = None) -> FrameworkRevision:
        """The newest revision of a framework."""
        with self._session() as session:
            self._require_on(FRAMEWORKS, session, framework_id, user, "viewer", "read")
            return _framework_revision(self._latest_framework_row(session, framework_id))

    def framework_revision(
        self, framework_id: str, number: int, *, user: str | None = None
    ) -> FrameworkRevision:
        """Revision ``number`` (1 is the first) of a framework."""
        query = select(FrameworkRevisionRow).where(
            FrameworkRevisionRow.framework_id == framework_id,
            FrameworkRevisionRow.number == number,
        )
        with self._session() as session:
            self._require_on(FRAMEWORKS, session, framework_id, user, "viewer", "read")
            row = session.scalars(query).first()
            if row is None:
                latest = self._latest_framework_row(session, framework_id).number
                raise NotFoundError(
                    f"framework {framework_id!r} has no revision {number}: its revisions "
                    f"are 1 to {latest}"
                )
        return _framework_revision(row)

    def framework_revisions(
        self, framework_id: str, *, user: str | None = None
    ) -> list[FrameworkRevision]:
        """Every revision of a framework, newest first."""
        query = select(FrameworkRevisionRow).where(
            FrameworkRevisionRow.framework_id == framework_id
        )
        with self._session() as session:
            self._require_on(FRAMEWORKS, session, framework_id, user, "viewer", "read")
            rows = session.scalars(query.order_by(FrameworkRevisionRow.number.desc())).all()
        if not rows:
            raise _no_framework(framework_id)
        return [_framework_revision(r) for r in rows]

    def save_framework(
        self,
        framework_id: str,
        framework: Mapping[str, Any] | BaseModel,
        *,
        base: int,
        author: str,
        user: str | None = None,
    ) -> FrameworkRevision:
        """Save an edit of revision ``base`` of a framework as its next revision.

        Saving what the latest revision already holds saves nothing (the latest comes back
        with ``unchanged``).  Frameworks are not merged: an edit of an older revision than
        the latest raises :class:`FrameworkConflictError` and saves nothing.  ``user``
        needs the editor role.
        """
        data = framework_data(framework)
        body = framework_body(data)
        who = author_name(author)
        for _ in range(SAVE_ATTEMPTS):
            with self._session() as session:
                self._require_on(FRAMEWORKS, session, framework_id, user, "editor", "save")
                latest = self._latest_framework_row(session, framework_id)
            if body == latest.body:
                return _framework_revision(latest, unchanged=True)
            if base != latest.number:
                raise FrameworkConflictError(_framework_revision(latest), base=base)
            summary = framework_change(_framework_revision(latest).data, data)
            now = utc_now()
            row = FrameworkRevisionRow(
                framework_id=framework_id,
                number=latest.number + 1,
                author=who,
                created=now,
                summary=summary,
                body=body,
            )
            summary_row = (
                update(FrameworkRow)
                .where(FrameworkRow.id == framework_id)
                .values(
                    latest=row.number,
                    updated=now,
                    updated_by=who,
                    title=data["title"],
                    scheme=data["scheme"],
                    outcomes=len(data.get("outcomes") or []),
                )
            )
            if not self._claim(row, summary_row):
                continue  # another save took the number: it is now the latest
            return FrameworkRevision(framework_id, row.number, data, who, now, summary)
        raise StoreError(
            f"framework {framework_id!r} is being saved by many editors at once and this save "
            "did not get through: save again"
        )

    def seed_framework(self, framework: Mapping[str, Any] | BaseModel, *, name: str) -> str | None:
        """Store the example framework once, on the store's first start; its id, or ``None``
        on every later call (even if it was since changed)."""
        key = "seeded-framework"
        with self._session() as session:
            if session.get(SettingRow, key) is not None:
                return None
        data = framework_data(framework)
        if not self._claim(SettingRow(key=key, value=name)):
            return None  # a second app starting at once stops here
        return self.create_framework(
            data, author="toc examples", note=f"created from the example {name}"
        )

    # -- roles ---------------------------------------------------------------

    def grant_framework(
        self, framework_id: str, user: str, role: Role | None, *, by: str | None
    ) -> RoleChange | None:
        """Give ``user`` (``"*"``: everyone signed in) the ``role`` on a framework, or with
        ``None`` take their role away; ``by`` must be an owner (``None``: the local user).

        Returns the change, recorded with who made it and when, or ``None`` if the user
        already had that role.  Raises :class:`AccessDenied` if ``by`` is no owner, and
        :class:`LastOwnerError` rather than leave the framework without an owner.

        Examples
        --------
        >>> store = FrameworkStore("sqlite://")
        >>> city = store.create_framework({"title": "City", "scheme": "council"},
        ...                               author="Sam", user="sam@council.example")
        >>> store.grant_framework(city, "*", "editor", by="sam@council.example").previous
        'viewer'
        >>> [(g.user, g.role) for g in store.framework_grants(city)]
        [('sam@council.example', 'owner'), ('*', 'editor')]
        """
        return self._grant_on(FRAMEWORKS, framework_id, user, role, by)

    def framework_role(self, framework_id: str, user: str | None) -> Role | None:
        """What ``user`` may do with a framework: their own role or everyone's, whichever is
        higher; ``None`` if neither (the local user, ``None``, owns every framework)."""
        return self._role_on(FRAMEWORKS, framework_id, user)

    def framework_grants(self, framework_id: str, *, user: str | None = None) -> list[Grant]:
        """Who has which role on a framework, owners first (``user`` needs to see it)."""
        return self._grants_on(FRAMEWORKS, framework_id, user)

    def framework_role_changes(
        self, framework_id: str, *, user: str | None = None
    ) -> list[RoleChange]:
        """Every change of role on a framework, newest first: who gave whom what, and when."""
        return self._role_changes_on(FRAMEWORKS, framework_id, user)

    def _latest_framework_row(self, session: Session, framework_id: str) -> FrameworkRevisionRow:
        query = select(FrameworkRevisionRow).where(
            FrameworkRevisionRow.framework_id == framework_id
        )
        row = session.scalars(query.order_by(FrameworkRevisionRow.number.desc()).limit(1)).first()
        if row is None:
            raise _no_framework(framework_id)
        return row


def _framework_revision(row: FrameworkRevisionRow, *, unchanged: bool = False) -> FrameworkRevision:
    try:
        data = json.loads(row.body)
    except ValueError as err:
        raise StoreError(
            f"revision {row.number} of framework {row.framework_id!r} cannot be read: {err}"
        ) from err
    return FrameworkRevision(
        row.framework_id, row.number, data, row.author, row.created, row.summary, unchanged
    )


def _no_framework(framework_id: str) -> NotFoundError:
    return FRAMEWORKS.missing(framework_id)
