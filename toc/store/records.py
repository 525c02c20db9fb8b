"""What the store hands back: plain, frozen records, no database objects.

Examples
--------
>>> from datetime import UTC, datetime
>>> info = RevisionInfo("m1", 2, "Sam", datetime(2025, 1, 1, tzinfo=UTC), "moved 3 boxes")
>>> info.number
2
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from toc.model import LogicModel

__all__ = [
    "FrameworkRevision",
    "FrameworkSummary",
    "Grant",
    "ModelSummary",
    "Revision",
    "RevisionInfo",
    "Role",
    "RoleChange",
    "SaveResult",
]

Role = Literal["owner", "editor", "viewer"]
"""What a user may do with a model or an outcomes framework: viewers read, editors also
save and restore, owners also delete, undelete and change who has which role."""


@dataclass(frozen=True)
class ModelSummary:
    """One line of the models list; ``revision`` is the latest revision number."""

    id: str
    title: str
    revision: int
    updated: datetime
    updated_by: str
    deleted: bool
    nodes: int
    links: int
    created: datetime


@dataclass(frozen=True)
class RevisionInfo:
    """A saved revision without its model: who, when and what changed."""

    model_id: str
    number: int
    author: str
    created: datetime
    summary: str


@dataclass(frozen=True)
class Revision:
    """A saved revision with its model."""

    model_id: str
    number: int
    model: LogicModel
    author: str
    created: datetime
    summary: str


@dataclass(frozen=True)
class SaveResult:
    """The outcome of a save.

    ``merged`` is true when the edit was merged with revisions saved since
    the editor loaded the model; ``unchanged`` when there was nothing new to
    save and ``revision`` is the existing latest one.
    """

    revision: Revision
    merged: bool = False
    unchanged: bool = False


@dataclass(frozen=True)
class FrameworkSummary:
    """One line of the frameworks list; ``revision`` is the latest revision number."""

    id: str
    title: str
    scheme: str
    revision: int
    updated: datetime
    updated_by: str
    outcomes: int
    created: datetime


@dataclass(frozen=True)
class FrameworkRevision:
    """A saved revision of a framework: its plain data (validate it with
    :func:`toc.organisation.framework_from_data`), who saved it, when and what changed.

    ``unchanged`` is true when a save had nothing new and this is the existing latest.
    """

    framework_id: str
    number: int
    data: dict[str, Any]
    author: str
    created: datetime
    summary: str
    unchanged: bool = False


@dataclass(frozen=True)
class Grant:
    """Who has which role on a model (``user`` ``*`` is everyone signed in), given by whom, when.

    On a framework (:meth:`toc.store.Store.framework_grants`), ``model_id`` is the
    framework's id.
    """

    model_id: str
    user: str
    role: Role
    granted_by: str
    granted: datetime


@dataclass(frozen=True)
class RoleChange:
    """One change of a user's role on a model: ``None`` is no role (before a first grant,
    after a removal); ``by`` made the change at ``when``.  On a framework, ``model_id`` is
    the framework's id."""

    model_id: str
    user: str
    role: Role | None
    previous: Role | None
    by: str
    when: datetime
