"""The store's first schema, exactly as ``Base.metadata.create_all`` made it before migrations.

A database made by that code (tables and ``lises_meta.schema_version`` = 1, no
``alembic_version``) is stamped with this revision instead of running it.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    meta = op.create_table(
        "lises_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed", sa.Boolean, nullable=False),
        sa.Column("revealed", sa.JSON, nullable=False),
    )
    op.create_index("ix_workshops_code", "workshops", ["code"], unique=True)
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("nickname", sa.String(40), nullable=False),
        sa.Column("nickname_key", sa.String(40), nullable=False),
        sa.Column("resume_hash", sa.String(64), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workshop_id", "nickname_key"),
    )
    op.create_index("ix_participants_workshop_id", "participants", ["workshop_id"])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=False),
        sa.Column("exercise", sa.String(40), nullable=False),
        sa.Column("item", sa.String(80), nullable=False),
        sa.Column("step", sa.String(80), nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("participant_id", "exercise", "item", "step"),
    )
    op.create_index("ix_answers_participant_id", "answers", ["participant_id"])
    # What the code before migrations wrote, so that it still refuses a newer database.
    op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])


def downgrade() -> None:
    for table in ("answers", "participants", "workshops", "lises_meta"):
        op.drop_table(table)
