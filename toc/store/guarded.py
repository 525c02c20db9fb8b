"""A database whose models and frameworks have roles: the checks, reads and changes of
roles that the model store and the framework store both make, once, each call naming
its :class:`~toc.store.access.Subject` (:data:`~toc.store.access.MODELS` or
:data:`~toc.store.access.FRAMEWORKS`).  The rules themselves are in
:mod:`toc.store.access`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from toc.store.access import (
    ROLES,
    Subject,
    change_role,
    grants_of,
    require,
    role_changes_of,
    role_of,
    user_name,
)
from toc.store.database import Database
from toc.store.errors import StoreError
from toc.store.modelrows import utc_now
from toc.store.records import Grant, Role, RoleChange

__all__ = ["Guarded"]


class Guarded(Database):
    """:class:`Database` with roles kept on models and frameworks."""

    def _require_on(
        self,
        subject: Subject,
        session: Session,
        subject_id: str,
        user: str | None,
        needed: Role,
        action: str,
    ) -> None:
        """Raise :class:`~toc.store.errors.AccessDenied` unless ``user`` may ``action``
        it (``None``, the local user, may do anything)."""
        if user is not None:
            require(session, subject_id, user_name(user), needed, action, subject)

    def _readable_on(
        self, subject: Subject, session: Session, subject_id: str, user: str | None
    ) -> None:
        """Raise unless it exists and ``user`` may read it."""
        if session.get(subject.row, subject_id) is None:
            raise subject.missing(subject_id)
        self._require_on(subject, session, subject_id, user, "viewer", "read")

    def _grant_on(
        self, subject: Subject, subject_id: str, user: str, role: Role | None, by: str | None
    ) -> RoleChange | None:
        if role is not None and role not in ROLES:
            raise StoreError(f"there is no role {role!r}: give owner, editor, viewer or None")
        grantee, granter = user_name(user), None if by is None else user_name(by)
        with self._session() as session, session.begin():
            return change_role(session, subject_id, grantee, role, granter, utc_now(), subject)

    def _role_on(self, subject: Subject, subject_id: str, user: str | None) -> Role | None:
        with self._session() as session:
            if session.get(subject.row, subject_id) is None:
                raise subject.missing(subject_id)
            return role_of(session, subject_id, None if user is None else user_name(user), subject)

    def _grants_on(self, subject: Subject, subject_id: str, user: str | None) -> list[Grant]:
        with self._session() as session:
            self._readable_on(subject, session, subject_id, user)
            return grants_of(session, subject_id, subject)

    def _role_changes_on(
        self, subject: Subject, subject_id: str, user: str | None
    ) -> list[RoleChange]:
        with self._session() as session:
            self._readable_on(subject, session, subject_id, user)
            return role_changes_of(session, subject_id, subject)
