"""The store's schema, kept current by the Alembic migrations in ``migrations/``.

Opening a store costs one query when its database is current: the revision in
``alembic_version`` and ``lises_meta.schema_version``.  Only when the revision differs is Alembic
loaded, under a lock that serialises every process opening the same database at that moment
(PostgreSQL: a transaction-scoped advisory lock; SQLite: ``BEGIN IMMEDIATE``), and in one
transaction, so a second kernel or server waits and then finds the work done:

- a new database gets the schema (``upgrade head``);
- a database made before migrations (tables and ``schema_version`` but no ``alembic_version``)
  is stamped as revision 0001, the schema it has, and then upgraded;
- a database at an older revision is upgraded: this is how a new column reaches a store kept for
  ``--resume``;
- a database at a revision the course does not know, or with a newer ``schema_version``, was
  written by a newer course and is refused.

A new migration goes in ``migrations/versions/`` (copy ``0001_initial.py``, or run
``alembic -c widgets/lises/workshop/migrations/alembic.ini revision --rev-id 0002 -m "…"``) and
its revision becomes :data:`~.store_tables.SCHEMA_REVISION`; a test checks both agree and that
the migrations build exactly the tables of :mod:`.store_tables`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from .store_errors import StoreUnavailable, store_name
from .store_tables import SCHEMA_REVISION, SCHEMA_VERSION

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = 0x4C4953455321  # any constant; shared by every process that opens a LISES store
FIRST_REVISION = "0001"
UPDATE = "Opdatér kurset (git pull og make setup), og start igen."
CURRENT = (
    "SELECT (SELECT version_num FROM alembic_version),"
    " (SELECT value FROM lises_meta WHERE key = 'schema_version')"
)


def ensure_schema(engine: Engine, url: str, location: Path = MIGRATIONS) -> None:
    """Bring the database at ``engine`` to the newest schema, or refuse a newer one.

    Raises
    ------
    StoreUnavailable
        The database was written by a newer version of the course.
    """
    with engine.connect() as connection:
        try:
            revision, version = connection.execute(text(CURRENT)).one()
        except DBAPIError as error:  # no tables yet, or none from Alembic: the locked path decides
            if error.connection_invalidated:
                raise
            revision = version = None
        connection.rollback()
        _refuse_newer(url, version)
        if revision == SCHEMA_REVISION and location == MIGRATIONS:
            return
        _lock(connection)
        _upgrade(connection, url, location)
        connection.commit()


def _refuse_newer(url: str, version) -> None:
    if version is not None and int(version) > SCHEMA_VERSION:
        raise StoreUnavailable(
            store_name(url),
            f"den har skemaversion {version}, men kurset kender kun {SCHEMA_VERSION}",
            UPDATE,
        )


def _lock(connection: Connection) -> None:
    """Begin the transaction that holds every other opener of this database until it ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, before anything is read


def _upgrade(connection: Connection, url: str, location: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
        if revision is not None and revision not in known:
            raise StoreUnavailable(
                store_name(url),
                f"den har skemaversion {revision}, men kurset kender kun {SCHEMA_REVISION}",
                UPDATE,
            )
    elif "lises_meta" in tables:  # made by create_all before migrations: the schema of 0001
        version = connection.execute(
            text("SELECT value FROM lises_meta WHERE key = 'schema_version'")
        ).scalar()
        _refuse_newer(url, version)
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")
