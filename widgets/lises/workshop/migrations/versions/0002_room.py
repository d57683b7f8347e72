"""The room server: what the room does now, hidden free-text answers, tokens found by hash.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rooms",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), primary_key=True),
        sa.Column("exercise", sa.String(40), nullable=True),
        sa.Column("item", sa.String(80), nullable=True),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column("released", sa.JSON, nullable=False),
        sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    # batch mode: SQLite cannot add a NOT NULL column with a default in place on old versions.
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_participants_resume_hash", "participants", ["resume_hash"])


def downgrade() -> None:
    op.drop_index("ix_participants_resume_hash", "participants")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("hidden")
    op.drop_table("rooms")
