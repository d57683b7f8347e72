"""Alembic's environment for the workshop store (see :mod:`lises.workshop.store_schema`).

The store runs it with its own connection in ``config.attributes["connection"]``, already inside
the transaction that holds the upgrade lock, so every migration commits or fails as one.  From the
command line (``alembic -c widgets/lises/workshop/migrations/alembic.ini …``) it connects to
``LISES_STORE_URL`` or the default SQLite file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from lises.workshop.store_tables import Base


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying a table
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from lises.workshop.store import default_url

    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or default_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()
