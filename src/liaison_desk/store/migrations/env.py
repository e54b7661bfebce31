"""Alembic environment: runs on the connection handed in by liaison_desk.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from liaison_desk.models import metadata

config = context.config
target_metadata = metadata()  # every table registered


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # The FTS5 search tables and their shadow tables are made by hand-written migrations.
    return not (type_ == "table" and name and "_fts" in name)


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///alembic-dev.db"
        with create_engine(url).begin() as conn:
            _run_with(conn)
    else:
        _run_with(connection)


def _run_with(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    context.run_migrations()


run()
