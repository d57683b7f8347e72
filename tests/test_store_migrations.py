"""The store's schema is kept by Alembic migrations (``lises/workshop/migrations/``), on SQLite
and on a real PostgreSQL server: a new store is at head, a database from before migrations (kept
for ``--resume``) is stamped and keeps its answers, a migration added later reaches an old
database with its rows, the migrations build exactly the tables the code uses, a newer database
is refused in Danish, and several processes opening one new store at once agree."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from lises.privacy.pseudonyms import JoinError
from lises.workshop.store import Store, StoreUnavailable, open_store
from lises.workshop.store_schema import MIGRATIONS, ensure_schema
from lises.workshop.store_tables import SCHEMA_REVISION, Base

# What Base.metadata.create_all made on SQLite before migrations: the schema of revision 0001.
BEFORE_MIGRATIONS_SQLITE = """
CREATE TABLE lises_meta ("key" VARCHAR(40) NOT NULL, value VARCHAR(200) NOT NULL,
    PRIMARY KEY ("key"));
CREATE TABLE workshops (id INTEGER NOT NULL, code VARCHAR(12) NOT NULL,
    title VARCHAR(200) NOT NULL, key_hash VARCHAR(64) NOT NULL, created_at DATETIME NOT NULL,
    closed BOOLEAN NOT NULL, revealed JSON NOT NULL, PRIMARY KEY (id));
CREATE UNIQUE INDEX ix_workshops_code ON workshops (code);
CREATE TABLE participants (id INTEGER NOT NULL, workshop_id INTEGER NOT NULL,
    nickname VARCHAR(40) NOT NULL, nickname_key VARCHAR(40) NOT NULL,
    resume_hash VARCHAR(64) NOT NULL, joined_at DATETIME NOT NULL, PRIMARY KEY (id),
    UNIQUE (workshop_id, nickname_key), FOREIGN KEY(workshop_id) REFERENCES workshops (id));
CREATE INDEX ix_participants_workshop_id ON participants (workshop_id);
CREATE TABLE answers (id INTEGER NOT NULL, participant_id INTEGER NOT NULL,
    exercise VARCHAR(40) NOT NULL, item VARCHAR(80) NOT NULL, step VARCHAR(80) NOT NULL,
    value JSON NOT NULL, submitted_at DATETIME NOT NULL, PRIMARY KEY (id),
    UNIQUE (participant_id, exercise, item, step),
    FOREIGN KEY(participant_id) REFERENCES participants (id));
CREATE INDEX ix_answers_participant_id ON answers (participant_id);
"""
UGLE = "(SELECT id FROM participants WHERE nickname_key = 'ugle')"
ROWS = [  # no ids given, so that PostgreSQL's sequences count on from these rows
    "INSERT INTO lises_meta VALUES ('schema_version', '1')",
    "INSERT INTO workshops (code, title, key_hash, created_at, closed, revealed) VALUES"
    " ('ABC123', 'Gammel workshop', :key_hash, '2025-03-01 09:00:00+00:00', false, '[]')",
    "INSERT INTO participants (workshop_id, nickname, nickname_key, resume_hash, joined_at)"
    " SELECT id, 'Ugle', 'ugle', :resume_hash, '2025-03-01 09:01:00+00:00' FROM workshops",
    "INSERT INTO answers (participant_id, exercise, item, step, value, submitted_at) VALUES"
    f" ({UGLE}, 'gribning', 'maanen', 'mark:3', 'true', '2025-03-01 09:02:00+00:00')",
    "INSERT INTO answers (participant_id, exercise, item, step, value, submitted_at) VALUES"
    f" ({UGLE}, 'gribning', 'maanen', 'klassifikation', '\"anerkendelse\"',"
    " '2025-03-01 09:03:00+00:00')",
]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _config(connection, location=MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    return revision


def _database_from_before_migrations(url: str) -> None:
    """The tables and rows the code before migrations left: no ``alembic_version``."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            for statement in BEFORE_MIGRATIONS_SQLITE.split(";"):
                if statement.strip():
                    connection.exec_driver_sql(statement)
        else:  # PostgreSQL: revision 0001 (the same schema, see the SQLite test), unstamped
            command.upgrade(_config(connection), "0001")
            connection.execute(text("DROP TABLE alembic_version"))
            connection.execute(text("DELETE FROM lises_meta"))
        for statement in ROWS:  # the facilitator's key is NOEGLE, Ugle's resume key GENOP1
            connection.execute(
                text(statement), {"key_hash": _hash("NOEGLE"), "resume_hash": _hash("GENOP1")}
            )
    engine.dispose()


def test_the_newest_migration_is_the_revision_the_store_expects():
    script = ScriptDirectory.from_config(_config(None))
    assert script.get_heads() == [SCHEMA_REVISION]


def test_a_new_store_is_at_head(store_url):
    store = Store(store_url)
    assert _revision(store_url) == SCHEMA_REVISION
    assert store.schema_version() == 1
    store.engine.dispose()


def test_revision_0001_is_the_schema_made_before_migrations(tmp_path):
    def schema(path):
        engine = create_engine(f"sqlite:///{path}")
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'alembic_version'"
            ).all()
        engine.dispose()
        return sorted("".join(row[0].split()) for row in rows)  # the DDL without its layout

    made = create_engine(f"sqlite:///{tmp_path / 'neu.sqlite'}")
    with made.begin() as connection:  # revision 0001 alone, as Alembic makes it
        command.upgrade(_config(connection), "0001")
    made.dispose()
    before = create_engine(f"sqlite:///{tmp_path / 'gammel.sqlite'}")
    with before.begin() as connection:
        for statement in BEFORE_MIGRATIONS_SQLITE.split(";"):
            if statement.strip():
                connection.exec_driver_sql(statement)
    before.dispose()
    assert schema(tmp_path / "neu.sqlite") == schema(tmp_path / "gammel.sqlite")


def test_a_database_from_before_migrations_is_stamped_and_resumes(store_url):
    _database_from_before_migrations(store_url)
    store = open_store(store_url)  # what `python -m lises.tools.serve --resume ABC123` does
    assert _revision(store_url) == SCHEMA_REVISION
    assert store.schema_version() == 1
    assert store.is_facilitator("ABC123", "NOEGLE")
    answers = store.export_answers("ABC123", "NOEGLE")
    assert [(a.nickname, a.step, a.value) for a in answers] == [
        ("Ugle", "mark:3", True),
        ("Ugle", "klassifikation", "anerkendelse"),
    ]
    with pytest.raises(JoinError, match="allerede i brug"):  # Ugle's nickname is still hers
        store.join_room("ABC123", "ugle")
    ravn, _token = store.join_room("ABC123", "Ravn")
    assert store.store_answer(ravn, "gribning", "maanen", "mark:4", False)
    store.engine.dispose()


MIGRATION_NEXT = '''"""A note on each answer (a test's migration)."""

import sqlalchemy as sa
from alembic import op

revision = "9002"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("answers", sa.Column("note", sa.String(80), nullable=True))


def downgrade():
    op.drop_column("answers", "note")
'''


def test_a_later_migration_adds_a_column_to_an_old_database_and_keeps_its_rows(store_url, tmp_path):
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "9002_note.py").write_text(MIGRATION_NEXT, encoding="utf-8")
    _database_from_before_migrations(store_url)
    engine = create_engine(store_url)
    ensure_schema(engine, store_url, location=location)
    with engine.connect() as connection:
        columns = [c["name"] for c in inspect(connection).get_columns("answers")]
        rows = connection.execute(text("SELECT step, note FROM answers ORDER BY id")).all()
    engine.dispose()
    assert "note" in columns
    assert [tuple(row) for row in rows] == [("mark:3", None), ("klassifikation", None)]
    assert _revision(store_url) == "9002"
    # This course does not know 9002: the database is newer than the course, so it is refused.
    with pytest.raises(
        StoreUnavailable, match=f"skemaversion 9002, men kurset kender kun {SCHEMA_REVISION}"
    ):
        Store(store_url)


def test_the_migrations_build_exactly_the_tables_of_the_code(store_url):
    Store(store_url).engine.dispose()
    engine = create_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_database_at_an_unknown_revision_is_refused_in_danish(store_url):
    Store(store_url).engine.dispose()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreUnavailable) as refused:
        open_store(store_url)
    message = str(refused.value)
    assert (
        f"kan ikke bruges: den har skemaversion 9999, men kurset kender kun {SCHEMA_REVISION}"
        in message
    )
    assert "Opdatér kurset (git pull og make setup)" in message


def _open(url: str, barrier) -> None:
    barrier.wait()  # every process opens the new store at the same moment
    Store(url).engine.dispose()


@pytest.mark.slow
def test_processes_opening_one_new_store_at_once_all_succeed(store_url):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(6)
    processes = [context.Process(target=_open, args=(store_url, barrier)) for _ in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * 6
    assert _revision(store_url) == SCHEMA_REVISION
    engine = create_engine(store_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM lises_meta")).scalar() == 1
    engine.dispose()
