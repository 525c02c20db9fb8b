"""Roles: the grants table, and every model already saved shared with everyone as editors.

Models saved before roles existed have no owner that sign-in could name (their
authors are names typed in the app), so each becomes editable by everyone signed
in (``*`` as ``editor``), as it was; the local user (no sign-in), who owns every
model, can then make someone its owner.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

__all__: list[str] = []

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_ID = 36
_NAME = 200
_ROLE = 16
EVERYONE = "*"
MIGRATION = "toc migration 0003"


def upgrade() -> None:
    """Create the grants table and share every existing model with everyone as editors."""
    grants = op.create_table(
        "grants",
        sa.Column("model_id", sa.String(_ID), sa.ForeignKey("models.id"), primary_key=True),
        sa.Column("grantee", sa.String(_NAME), primary_key=True),
        sa.Column("role", sa.String(_ROLE), nullable=False),
        sa.Column("granted_by", sa.String(_NAME), nullable=False),
        sa.Column("granted", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('owner', 'editor', 'viewer')", name="ck_grants_role"),
    )
    op.create_index("ix_grants_grantee", "grants", ["grantee"])
    models = sa.table("models", sa.column("id", sa.String(_ID)))
    existing = op.get_bind().execute(sa.select(models.c.id)).scalars().all()
    now = datetime.now(UTC)
    rows = [
        {"model_id": model_id, "grantee": EVERYONE, "role": "editor"}
        | {"granted_by": MIGRATION, "granted": now}
        for model_id in existing
    ]
    if rows:
        op.bulk_insert(grants, rows)


def downgrade() -> None:
    """Drop the grants table (the role changes recorded in events stay)."""
    op.drop_index("ix_grants_grantee", table_name="grants")
    op.drop_table("grants")
