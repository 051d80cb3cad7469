"""Alembic environment: runs on the connection ncdesk hands over (see core/db.py)."""

from alembic import context
from sqlalchemy import Connection, create_engine

from ncdesk.core.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # alembic's own command line, used by developers only
        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise SystemExit("alembic: the config has no sqlalchemy.url")
        engine = create_engine(url)
        with engine.begin() as conn:
            _run_on(conn)
        return
    _run_on(connection)


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
