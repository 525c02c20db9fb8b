"""Outcomes frameworks: frameworks and framework_revisions, saved like models.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__: list[str] = []

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_ID = 36
_NAME = 200


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the two framework tables."""
    op.create_table(
        "frameworks",
        sa.Column("id", sa.String(_ID), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("scheme", sa.String(_NAME), nullable=False),
        sa.Column("created", _when(), nullable=False),
        sa.Column("created_by", sa.String(_NAME), nullable=False),
        sa.Column("latest", sa.Integer(), nullable=False),
        sa.Column("updated", _when(), nullable=False),
        sa.Column("updated_by", sa.String(_NAME), nullable=False),
        sa.Column("outcomes", sa.Integer(), nullable=False),
    )
    op.create_table(
        "framework_revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("framework_id", sa.String(_ID), sa.ForeignKey("frameworks.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(_NAME), nullable=False),
        sa.Column("created", _when(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.UniqueConstraint("framework_id", "number", name="uq_framework_revisions_number"),
    )


def downgrade() -> None:
    """Drop the two framework tables."""
    op.drop_table("framework_revisions")
    op.drop_table("frameworks")
