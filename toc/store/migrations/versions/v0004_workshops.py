"""Workshop voting: the rounds a facilitator opens on a model, and each device's ballot.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__: list[str] = []

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_ID = 36
_NAME = 200
_CODE = 8
_DEVICE = 64


def upgrade() -> None:
    """Create the rounds and ballots tables."""
    op.create_table(
        "rounds",
        sa.Column("code", sa.String(_CODE), primary_key=True),
        sa.Column("model_id", sa.String(_ID), sa.ForeignKey("models.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("spec", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(_NAME), nullable=False),
        sa.Column("opened", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed", sa.DateTime(timezone=True), nullable=True),
        sa.Column("saved_revision", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('points', 'dots', 'band')", name="ck_rounds_kind"),
    )
    op.create_index("ix_rounds_model_id", "rounds", ["model_id"])
    op.create_table(
        "ballots",
        sa.Column("code", sa.String(_CODE), sa.ForeignKey("rounds.code"), primary_key=True),
        sa.Column("device", sa.String(_DEVICE), primary_key=True),
        sa.Column("grp", sa.String(_NAME), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("cast", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the ballots and rounds tables."""
    op.drop_table("ballots")
    op.drop_index("ix_rounds_model_id", table_name="rounds")
    op.drop_table("rounds")
