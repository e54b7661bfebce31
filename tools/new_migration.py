"""Developer tool: autogenerate a migration from the models: `python tools/new_migration.py "message" [rev-id]`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from liaison_desk.store.engine import make_engine
from liaison_desk.store.migrate import alembic_config


def main() -> None:
    message = sys.argv[1]
    rev_id = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "dev.db")
        with engine.begin() as conn:
            cfg = alembic_config(conn)
            command.upgrade(cfg, "head")
            command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)


if __name__ == "__main__":
    main()
