"""Storage: the SQLite engine, Alembic migrations, backups and integrity checks."""

from liaison_desk.store.db import Database, open_database

__all__ = ["Database", "open_database"]
