"""Who may do what with a model or an outcomes framework: roles, checked by the store
whenever a user is named.

Three roles, each allowing what the one before it does: a ``viewer`` reads a model
and its history; an ``editor`` also saves and restores; an ``owner`` also deletes,
undeletes and gives or removes roles.  A role given to :data:`EVERYONE` (``*``) is
every signed-in user's, and a user's role is the higher of their own and everyone's.
The creator of a model is its owner, and a model always keeps at least one owner.

``None`` as the user is the local user, for toc without sign-in (``toc app`` on one
machine): the local user owns every model, so nothing is checked.  Models the local
user creates, like those saved before roles existed, are shared with everyone as
editors, so that they stay reachable once sign-in is turned on.

Outcomes frameworks have the same roles, kept the same way in a table of their own
(:data:`FRAMEWORKS`; models are :data:`MODELS`); every function here takes which as
its ``subject``.  One difference: a framework that a signed-in user creates is also
shared with everyone as viewers.  A framework is the organisation's reference data,
which every service is measured against and which anyone appraising an option needs
to read, so by default all may read it and only its owner changes it; a model is one
team's working draft, private until its owner shares it.

User names are compared without case (sign-in names are e-mail addresses).

Examples
--------
>>> higher("viewer", "editor")
'editor'
>>> allows("editor", "viewer"), allows("viewer", "editor"), allows(None, "viewer")
(True, False, False)
>>> user_name("  Ali@Council.example ")
'ali@council.example'
>>> MODELS.noun, FRAMEWORKS.noun, FRAMEWORKS.shared
('model', 'framework', 'viewer')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from toc.store.errors import (
    AccessDenied,
    FrameworkAccessDenied,
    LastOwnerError,
    NotFoundError,
    StoreError,
)
from toc.store.orm import (
    NAME_LENGTH,
    EventRow,
    FrameworkGrantRow,
    FrameworkRow,
    GrantRow,
    ModelRow,
)
from toc.store.records import Grant, Role, RoleChange

__all__ = [
    "EVERYONE",
    "FRAMEWORKS",
    "LOCAL_USER",
    "MODELS",
    "ROLES",
    "Subject",
    "add_first_role",
    "allows",
    "change_role",
    "grants_of",
    "higher",
    "require",
    "role_changes_of",
    "role_of",
    "user_name",
    "visible_to",
]

EVERYONE = "*"
LOCAL_USER = "local user"  # how the local user's role changes are recorded
ROLES: tuple[Role, ...] = ("viewer", "editor", "owner")  # each allows what those before do


@dataclass(frozen=True)
class Subject:
    """What roles are kept on: models (:data:`MODELS`) or frameworks (:data:`FRAMEWORKS`).

    ``row`` is the table of the things themselves, ``grants`` the table of their roles
    and ``key`` its column naming the thing; ``event`` is the kind of event that records
    a role change; ``shared`` what everyone signed in may do with one a signed-in user
    created (``None``: nothing until its owner shares it); ``denied`` the error raised.
    """

    noun: str
    row: type[ModelRow] | type[FrameworkRow]
    grants: type[GrantRow] | type[FrameworkGrantRow]
    key: InstrumentedAttribute[str]
    event: str
    shared: Role | None
    denied: type[AccessDenied]

    def missing(self, subject_id: str) -> NotFoundError:
        """The error for an id that names no such thing."""
        return NotFoundError(
            f"there is no {self.noun} {subject_id!r}: pick one from the {self.noun}s list"
        )

    def grant(
        self, subject_id: str, user: str, role: Role, by: str, when: datetime
    ) -> GrantRow | FrameworkGrantRow:
        """A new row giving ``user`` the ``role``."""
        values = {"grantee": user, "role": role, "granted_by": by, "granted": when}
        return self.grants(**{self.key.key: subject_id}, **values)


MODELS = Subject("model", ModelRow, GrantRow, GrantRow.model_id, "role", None, AccessDenied)
FRAMEWORKS = Subject(
    "framework",
    FrameworkRow,
    FrameworkGrantRow,
    FrameworkGrantRow.framework_id,
    "framework role",  # kept in events with the framework's id as the model_id
    "viewer",
    FrameworkAccessDenied,
)


def user_name(user: str) -> str:
    """The name a role is kept under: trimmed, lower case; refused if empty or too long."""
    name = user.strip().lower()
    if not name or len(name) > NAME_LENGTH:
        raise StoreError(
            f"{user!r} cannot be a user name: give a sign-in name (an e-mail address) "
            f"of 1 to {NAME_LENGTH} characters, or {EVERYONE!r} for everyone signed in"
        )
    return name


def allows(role: Role | None, needed: Role) -> bool:
    """Whether ``role`` may do what ``needed`` may."""
    return role is not None and ROLES.index(role) >= ROLES.index(needed)


def higher(first: Role | None, second: Role | None) -> Role | None:
    """The higher of two roles (``None`` is lowest)."""
    if first is None or (second is not None and allows(second, first)):
        return second
    return first


def role_of(
    session: Session, subject_id: str, user: str | None, subject: Subject = MODELS
) -> Role | None:
    """The role of ``user`` (already a :func:`user_name`) on a model or framework; the
    local user owns all."""
    if user is None:
        return "owner"
    query = select(subject.grants.role).where(
        subject.key == subject_id, subject.grants.grantee.in_({user, EVERYONE})
    )
    best: Role | None = None
    for text in session.scalars(query):
        best = higher(best, _role(text))
    return best


def require(
    session: Session,
    subject_id: str,
    user: str | None,
    needed: Role,
    action: str,
    subject: Subject = MODELS,
) -> None:
    """Raise :class:`AccessDenied` unless ``user`` may ``action`` the model or framework
    (the local user may)."""
    if user is None:
        return
    found = session.scalar(select(subject.row.title).where(subject.row.id == subject_id))
    if found is None:
        raise subject.missing(subject_id)
    role = role_of(session, subject_id, user, subject)
    if not allows(role, needed):
        title = found if role is not None else None  # no role: not even its title
        raise subject.denied(subject_id, user, action, needed=needed, role=role, title=title)


def visible_to(user: str, subject: Subject = MODELS) -> ColumnElement[bool]:
    """A filter on models (or frameworks): those ``user`` has any role on, their own or
    everyone's."""
    shared = select(subject.key).where(subject.grants.grantee.in_({user, EVERYONE}))
    return subject.row.id.in_(shared)


def add_first_role(
    session: Session, subject_id: str, user: str | None, when: datetime, subject: Subject = MODELS
) -> None:
    """Make the creator of a new model or framework its owner (and share a framework
    with everyone as viewers); the local user's are everyone's to edit."""
    by = user or LOCAL_USER
    given: list[tuple[str, Role]] = [(EVERYONE, "editor")]
    if user is not None:
        given = [(user, "owner")]
        if subject.shared is not None:
            given.append((EVERYONE, subject.shared))
    for grantee, role in given:
        session.add(subject.grant(subject_id, grantee, role, by, when))
        session.add(_event(subject, subject_id, grantee, role, None, by, when))


def change_role(
    session: Session,
    subject_id: str,
    user: str,
    role: Role | None,
    by: str | None,
    when: datetime,
    subject: Subject = MODELS,
) -> RoleChange | None:
    """Give ``user`` the ``role`` (``None``: remove theirs), as owner ``by``; what changed.

    The model's (or framework's) row is locked first, so that two owners changing roles
    at once take turns (and cannot both remove the other, leaving no owner).
    """
    _lock(session, subject_id, subject)
    require(session, subject_id, by, "owner", "change the roles on", subject)
    if user == EVERYONE and role == "owner":
        raise StoreError(
            f"everyone ({EVERYONE!r}) can be given the editor or viewer role on "
            f"{subject.noun} {subject_id!r}, not owner: name each owner"
        )
    theirs = (subject.key == subject_id) & (subject.grants.grantee == user)
    held = session.scalar(select(subject.grants.role).where(theirs))
    previous = None if held is None else _role(held)
    if previous == role:
        return None
    if previous == "owner":
        _keep_an_owner(session, subject_id, user, subject)
    who = by or LOCAL_USER
    if held is not None:
        session.execute(delete(subject.grants).where(theirs))
    if role is not None:
        session.add(subject.grant(subject_id, user, role, who, when))
    session.add(_event(subject, subject_id, user, role, previous, who, when))
    return RoleChange(subject_id, user, role, previous, who, when)


def grants_of(session: Session, subject_id: str, subject: Subject = MODELS) -> list[Grant]:
    """Who has which role on a model or framework, owners first, then by name."""
    g = subject.grants
    query = select(g.grantee, g.role, g.granted_by, g.granted).where(subject.key == subject_id)
    grants = [
        Grant(subject_id, user, _role(role), by, when)
        for user, role, by, when in session.execute(query)
    ]
    return sorted(grants, key=lambda g: (-ROLES.index(g.role), g.user))


def role_changes_of(
    session: Session, subject_id: str, subject: Subject = MODELS
) -> list[RoleChange]:
    """Every recorded role change on a model or framework, newest first."""
    query = select(EventRow).where(EventRow.model_id == subject_id, EventRow.kind == subject.event)
    rows = session.scalars(query.order_by(EventRow.id.desc())).all()
    return [_change(row) for row in rows]


def _lock(session: Session, subject_id: str, subject: Subject) -> None:
    """Lock the thing's row for this transaction (a write: SQLite takes its one write lock)."""
    table = subject.row
    locked = session.execute(
        update(table).where(table.id == subject_id).values(latest=table.latest)
    )
    if getattr(locked, "rowcount", 1) == 0:
        raise subject.missing(subject_id)


def _keep_an_owner(session: Session, subject_id: str, user: str, subject: Subject) -> None:
    owners = session.scalar(
        select(func.count())
        .select_from(subject.grants)
        .where(subject.key == subject_id, subject.grants.role == "owner")
    )
    if (owners or 0) <= 1:
        raise LastOwnerError(
            f"{user} is the only owner of {subject.noun} {subject_id!r}, and a {subject.noun} "
            "must keep an owner: make someone else an owner first"
        )


def _event(
    subject: Subject,
    subject_id: str,
    user: str,
    role: Role | None,
    previous: Role | None,
    by: str,
    when: datetime,
) -> EventRow:
    detail = json.dumps({"previous": previous, "role": role, "user": user}, sort_keys=True)
    return EventRow(model_id=subject_id, kind=subject.event, author=by, created=when, detail=detail)


def _change(row: EventRow) -> RoleChange:
    detail: dict[str, Any] = json.loads(row.detail)
    role, previous = detail["role"], detail["previous"]
    return RoleChange(
        row.model_id or "",
        detail["user"],
        None if role is None else _role(role),
        None if previous is None else _role(previous),
        row.author,
        row.created,
    )


def _role(text: str) -> Role:
    for role in ROLES:
        if role == text:
            return role
    raise StoreError(f"the database holds an unknown role {text!r}: expected one of {ROLES}")
