"""The first schema: models, revisions, events and settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__: list[str] = []

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_ID = 36
_NAME = 200


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "models",
        sa.Column("id", sa.String(_ID), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created", _when(), nullable=False),
        sa.Column("created_by", sa.String(_NAME), nullable=False),
        sa.Column("latest", sa.Integer(), nullable=False),
        sa.Column("updated", _when(), nullable=False),
        sa.Column("updated_by", sa.String(_NAME), nullable=False),
        sa.Column("nodes", sa.Integer(), nullable=False),
        sa.Column("links", sa.Integer(), nullable=False),
        sa.Column("deleted_at", _when(), nullable=True),
        sa.Column("deleted_by", sa.String(_NAME), nullable=True),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("model_id", sa.String(_ID), sa.ForeignKey("models.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(_NAME), nullable=False),
        sa.Column("created", _when(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.UniqueConstraint("model_id", "number", name="uq_revisions_model_number"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("model_id", sa.String(_ID), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("author", sa.String(_NAME), nullable=False),
        sa.Column("created", _when(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_events_model_id", "events", ["model_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(_NAME), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    """Drop the four tables."""
    op.drop_table("settings")
    op.drop_index("ix_events_model_id", table_name="events")
    op.drop_table("events")
    op.drop_table("revisions")
    op.drop_table("models")
