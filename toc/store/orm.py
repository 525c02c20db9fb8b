"""The database tables, as SQLAlchemy 2 typed ORM classes.

``models`` holds one row per model with what the models list shows (kept up
to date on every save, so listing never reads a model body); ``revisions``
holds every saved version of every model, its body as canonical JSON (a
restore or a duplicate is a revision too); ``events`` records what is not a
revision, deleting and undeleting, and role changes (on frameworks too); ``grants``
holds who may do what with each model (``*`` is everyone signed in), and
``framework_grants`` with each outcomes framework; ``settings`` holds
store-wide facts such as whether the examples were seeded; ``rounds`` and ``ballots``
hold workshop voting; ``comments`` the threads on boxes and links; ``presence`` who has a model open; ``frameworks`` and
``framework_revisions`` do for outcomes frameworks what ``models`` and
``revisions`` do for models.  The schema is
created and changed only by the Alembic migrations in
``toc/store/migrations``; these classes must match them (a test checks).

Examples
--------
>>> sorted(Base.metadata.tables)  # doctest: +NORMALIZE_WHITESPACE
['ballots', 'comments', 'events', 'framework_grants', 'framework_revisions', 'frameworks',
 'grants', 'models', 'presence', 'revisions', 'rounds', 'settings']
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "BallotRow",
    "Base",
    "CommentRow",
    "EventRow",
    "FrameworkGrantRow",
    "FrameworkRevisionRow",
    "FrameworkRow",
    "GrantColumns",
    "GrantRow",
    "ModelRow",
    "PresenceRow",
    "RevisionRow",
    "RoundRow",
    "SettingRow",
    "UTCDateTime",
]

ID_LENGTH = 36
NAME_LENGTH = 200
ROLE_LENGTH = 16
CODE_LENGTH = 8
DEVICE_LENGTH = 64


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database, SQLite included.

    Examples
    --------
    >>> from sqlalchemy.dialects import sqlite
    >>> UTCDateTime().process_result_value(datetime(2025, 1, 1), sqlite.dialect())
    datetime.datetime(2025, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime {value!r} cannot be stored: give it a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps no zone; we only ever store UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of the store's tables."""


class ModelRow(Base):
    """One model: its id, and the facts the models list shows."""

    __tablename__ = "models"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    latest: Mapped[int] = mapped_column(Integer)
    updated: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    nodes: Mapped[int] = mapped_column(Integer)
    links: Mapped[int] = mapped_column(Integer)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    deleted_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH), nullable=True)


class RevisionRow(Base):
    """One saved version of a model; ``number`` counts 1, 2, ... per model."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("model_id", "number", name="uq_revisions_model_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("models.id"))
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    """Something done to a model that is not a revision: ``deleted``, ``undeleted``."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    detail: Mapped[str] = mapped_column(Text, default="")


class GrantColumns:
    """What a grant says beside what it is on: ``grantee``, a signed-in user's name or ``*``
    for everyone signed in, their ``role`` (``owner``, ``editor`` or ``viewer``), and who
    gave it (``granted_by``) and when (``granted``)."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple[CheckConstraint]:
        return (
            CheckConstraint(
                "role IN ('owner', 'editor', 'viewer')", name=f"ck_{cls.__tablename__}_role"
            ),
        )

    __tablename__: str
    grantee: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(ROLE_LENGTH))
    granted_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    granted: Mapped[datetime] = mapped_column(UTCDateTime())


class GrantRow(GrantColumns, Base):
    """One person's role on one model (:class:`GrantColumns`)."""

    __tablename__ = "grants"

    model_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("models.id"), primary_key=True
    )


class SettingRow(Base):
    """A store-wide fact, e.g. ``seeded`` once the examples are loaded."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class FrameworkRow(Base):
    """One outcomes framework: its id, and what the frameworks list shows."""

    __tablename__ = "frameworks"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    scheme: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    latest: Mapped[int] = mapped_column(Integer)
    updated: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    outcomes: Mapped[int] = mapped_column(Integer)


class FrameworkGrantRow(GrantColumns, Base):
    """One person's role on one outcomes framework (:class:`GrantColumns`)."""

    __tablename__ = "framework_grants"

    framework_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("frameworks.id"), primary_key=True
    )


class FrameworkRevisionRow(Base):
    """One saved version of a framework; ``number`` counts 1, 2, ... per framework."""

    __tablename__ = "framework_revisions"
    __table_args__ = (
        UniqueConstraint("framework_id", "number", name="uq_framework_revisions_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    framework_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("frameworks.id"))
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class RoundRow(Base):
    """A workshop voting round on a model: its join ``code``, what it asks (``kind`` and
    ``spec``, JSON), who opened it and when, and, once closed, the revision it saved."""

    __tablename__ = "rounds"
    __table_args__ = (CheckConstraint("kind IN ('points', 'dots', 'band')", name="ck_rounds_kind"),)

    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    model_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("models.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    spec: Mapped[str] = mapped_column(Text)
    opened_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    opened: Mapped[datetime] = mapped_column(UTCDateTime())
    closed: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    saved_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)


class BallotRow(Base):
    """One device's ballot in a round (a later ballot from the device replaces it)."""

    __tablename__ = "ballots"

    code: Mapped[str] = mapped_column(
        String(CODE_LENGTH), ForeignKey("rounds.code"), primary_key=True
    )
    device: Mapped[str] = mapped_column(String(DEVICE_LENGTH), primary_key=True)
    grp: Mapped[str] = mapped_column(String(NAME_LENGTH))
    choices: Mapped[str] = mapped_column(Text)
    cast: Mapped[datetime] = mapped_column(UTCDateTime())


class CommentRow(Base):
    """One comment on a box or a link (``target``: a node id, or ``from->to``); a thread is
    a target's comments in order, resolved when its last comment says so."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_model_target", "model_id", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("models.id"))
    target: Mapped[str] = mapped_column(String(NAME_LENGTH))
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH), nullable=True)
    resolved: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PresenceRow(Base):
    """A browser session that has a model open, and when it last said so."""

    __tablename__ = "presence"

    model_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("models.id"), primary_key=True
    )
    session: Mapped[str] = mapped_column(String(DEVICE_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    seen: Mapped[datetime] = mapped_column(UTCDateTime())
