"""Who may do what with a model: roles, checked by the store whenever a user is named.

Three roles, each allowing what the one before it does: a ``viewer`` reads a model
and its history; an ``editor`` also saves and restores; an ``owner`` also deletes,
undeletes and gives or removes roles.  A role given to :data:`EVERYONE` (``*``) is
every signed-in user's, and a user's role is the higher of their own and everyone's.
The creator of a model is its owner, and a model always keeps at least one owner.

``None`` as the user is the local user, for toc without sign-in (``toc app`` on one
machine): the local user owns every model, so nothing is checked.  Models the local
user creates, like those saved before roles existed, are shared with everyone as
editors, so that they stay reachable once sign-in is turned on.

User names are compared without case (sign-in names are e-mail addresses).

Examples
--------
>>> higher("viewer", "editor")
'editor'
>>> allows("editor", "viewer"), allows("viewer", "editor"), allows(None, "viewer")
(True, False, False)
>>> user_name("  Ali@Council.example ")
'ali@council.example'
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from toc.store.errors import AccessDenied, LastOwnerError, NotFoundError, StoreError
from toc.store.orm import NAME_LENGTH, EventRow, GrantRow, ModelRow
from toc.store.records import Grant, Role, RoleChange

__all__ = [
    "EVERYONE",
    "LOCAL_USER",
    "ROLES",
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
_EVENT = "role"


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


def role_of(session: Session, model_id: str, user: str | None) -> Role | None:
    """The role of ``user`` (already a :func:`user_name`) on a model; the local user owns all."""
    if user is None:
        return "owner"
    query = select(GrantRow.role).where(
        GrantRow.model_id == model_id, GrantRow.grantee.in_({user, EVERYONE})
    )
    best: Role | None = None
    for text in session.scalars(query):
        best = higher(best, _role(text))
    return best


def require(session: Session, model_id: str, user: str | None, needed: Role, action: str) -> None:
    """Raise :class:`AccessDenied` unless ``user`` may ``action`` the model (the local user may)."""
    if user is None:
        return
    model = session.get(ModelRow, model_id)
    if model is None:
        raise NotFoundError(f"there is no model {model_id!r}: pick one from the models list")
    role = role_of(session, model_id, user)
    if not allows(role, needed):
        title = model.title if role is not None else None  # no role: not even its title
        raise AccessDenied(model_id, user, action, needed=needed, role=role, title=title)


def visible_to(user: str) -> ColumnElement[bool]:
    """A filter on models: those ``user`` has any role on, their own or everyone's."""
    shared = select(GrantRow.model_id).where(GrantRow.grantee.in_({user, EVERYONE}))
    return ModelRow.id.in_(shared)


def add_first_role(session: Session, model_id: str, user: str | None, when: datetime) -> None:
    """Make the creator of a new model its owner; the local user's are everyone's to edit."""
    grantee: str = EVERYONE if user is None else user
    role: Role = "editor" if user is None else "owner"
    by = user or LOCAL_USER
    session.add(
        GrantRow(model_id=model_id, grantee=grantee, role=role, granted_by=by, granted=when)
    )
    session.add(_event(model_id, grantee, role, None, by, when))


def change_role(
    session: Session, model_id: str, user: str, role: Role | None, by: str | None, when: datetime
) -> RoleChange | None:
    """Give ``user`` the ``role`` (``None``: remove theirs), as owner ``by``; what changed.

    The model's row is locked first, so that two owners changing roles at once
    take turns (and cannot both remove the other, leaving no owner).
    """
    _lock(session, model_id)
    require(session, model_id, by, "owner", "change the roles on")
    if user == EVERYONE and role == "owner":
        raise StoreError(
            f"everyone ({EVERYONE!r}) can be given the editor or viewer role on model "
            f"{model_id!r}, not owner: name each owner"
        )
    row = session.get(GrantRow, (model_id, user))
    previous = None if row is None else _role(row.role)
    if previous == role:
        return None
    if previous == "owner":
        _keep_an_owner(session, model_id, user)
    who = by or LOCAL_USER
    if row is not None:
        session.delete(row)
        session.flush()
    if role is not None:
        session.add(
            GrantRow(model_id=model_id, grantee=user, role=role, granted_by=who, granted=when)
        )
    session.add(_event(model_id, user, role, previous, who, when))
    return RoleChange(model_id, user, role, previous, who, when)


def grants_of(session: Session, model_id: str) -> list[Grant]:
    """Who has which role on a model, owners first, then by name."""
    rows = session.scalars(select(GrantRow).where(GrantRow.model_id == model_id)).all()
    grants = [Grant(r.model_id, r.grantee, _role(r.role), r.granted_by, r.granted) for r in rows]
    return sorted(grants, key=lambda g: (-ROLES.index(g.role), g.user))


def role_changes_of(session: Session, model_id: str) -> list[RoleChange]:
    """Every recorded role change on a model, newest first."""
    query = select(EventRow).where(EventRow.model_id == model_id, EventRow.kind == _EVENT)
    rows = session.scalars(query.order_by(EventRow.id.desc())).all()
    return [_change(row) for row in rows]


def _lock(session: Session, model_id: str) -> None:
    """Lock the model's row for this transaction (a write: SQLite takes its one write lock)."""
    locked = session.execute(
        update(ModelRow).where(ModelRow.id == model_id).values(latest=ModelRow.latest)
    )
    if getattr(locked, "rowcount", 1) == 0:
        raise NotFoundError(f"there is no model {model_id!r}: pick one from the models list")


def _keep_an_owner(session: Session, model_id: str, user: str) -> None:
    owners = session.scalar(
        select(func.count())
        .select_from(GrantRow)
        .where(GrantRow.model_id == model_id, GrantRow.role == "owner")
    )
    if (owners or 0) <= 1:
        raise LastOwnerError(
            f"{user} is the only owner of model {model_id!r}, and a model must keep an "
            "owner: make someone else an owner first"
        )


def _event(
    model_id: str, user: str, role: Role | None, previous: Role | None, by: str, when: datetime
) -> EventRow:
    detail = json.dumps({"previous": previous, "role": role, "user": user}, sort_keys=True)
    return EventRow(model_id=model_id, kind=_EVENT, author=by, created=when, detail=detail)


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
