"""Who has a model open: one row per browser session, refreshed while its page is open.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__: list[str] = []

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the presence table."""
    op.create_table(
        "presence",
        sa.Column("model_id", sa.String(36), sa.ForeignKey("models.id"), primary_key=True),
        sa.Column("session", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("seen", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the presence table."""
    op.drop_table("presence")
