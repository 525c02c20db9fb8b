"""Roles on outcomes frameworks: the framework_grants table, and every framework already
saved shared with everyone as editors.

Frameworks saved before they had roles were open to everyone, and their authors are names
typed in the app, not sign-in names; so each becomes editable by everyone signed in
(``*`` as ``editor``), as it was, and the local user (no sign-in), who owns every
framework, can then name its owner.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

__all__: list[str] = []

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

_ID = 36
_NAME = 200
_ROLE = 16
EVERYONE = "*"
MIGRATION = "toc migration 0007"


def upgrade() -> None:
    """Create the framework_grants table and share every framework with everyone as editors."""
    grants = op.create_table(
        "framework_grants",
        sa.Column("framework_id", sa.String(_ID), sa.ForeignKey("frameworks.id"), primary_key=True),
        sa.Column("grantee", sa.String(_NAME), primary_key=True),
        sa.Column("role", sa.String(_ROLE), nullable=False),
        sa.Column("granted_by", sa.String(_NAME), nullable=False),
        sa.Column("granted", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('owner', 'editor', 'viewer')", name="ck_framework_grants_role"
        ),
    )
    op.create_index("ix_framework_grants_grantee", "framework_grants", ["grantee"])
    frameworks = sa.table("frameworks", sa.column("id", sa.String(_ID)))
    existing = op.get_bind().execute(sa.select(frameworks.c.id)).scalars().all()
    now = datetime.now(UTC)
    rows = [
        {"framework_id": framework_id, "grantee": EVERYONE, "role": "editor"}
        | {"granted_by": MIGRATION, "granted": now}
        for framework_id in existing
    ]
    if rows:
        op.bulk_insert(grants, rows)


def downgrade() -> None:
    """Drop the framework_grants table (the role changes recorded in events stay)."""
    op.drop_index("ix_framework_grants_grantee", table_name="framework_grants")
    op.drop_table("framework_grants")
