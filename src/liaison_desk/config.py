"""Where things live: the default database in the platformdirs data folder, logs, and per-database files."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

from liaison_desk import APP_ID

_DIRS = PlatformDirs(appname=APP_ID, appauthor=False, roaming=False)
DB_ENV = "LIAISON_DESK_DB"
DB_FILE_NAME = "liaison-desk.db"
_URL_PASSWORD = re.compile(r"(\w[\w+.-]*://[^:/@?#\s]*:)[^@/\s]*(@)")


def data_dir() -> Path:
    return Path(_DIRS.user_data_dir)


def log_dir() -> Path:
    return Path(_DIRS.user_log_dir)


def default_db_path() -> Path:
    """The database to open when neither --db nor LIAISON_DESK_DB is given."""
    env = os.environ.get(DB_ENV)
    return Path(env) if env else data_dir() / DB_FILE_NAME


SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def server_url(given: str | Path | None = None) -> str | None:
    """The PostgreSQL URL when `--db` (else LIAISON_DESK_DB) names a server, None for an SQLite file.

    Any libpq URL form is a server: postgresql://user@host:port/db, postgresql:///db?host=/socket/dir,
    postgres://…, postgresql+psycopg://…. Pass the clerk's string, never a Path (a Path folds the `//`).
    """
    value = str(given) if given else os.environ.get(DB_ENV, "")
    return value if value.strip().lower().startswith(SERVER_SCHEMES) else None


def mask_url(url: str) -> str:
    """The URL with any password in it replaced by ***, for messages and the log."""
    return _URL_PASSWORD.sub(r"\1***\2", url)


def db_named(given: str | Path | None) -> bool:
    """True when the clerk named the database (--db or LIAISON_DESK_DB), False for the default one."""
    return bool(given) or bool(os.environ.get(DB_ENV))


def resolve_db_path(given: str | Path | None = None) -> Path:
    """The one place the database path is decided: `--db` if given, else LIAISON_DESK_DB, else the
    data folder's file; `~` expanded and made absolute, so every caller names the same file."""
    return Path(given if given else default_db_path()).expanduser().resolve()


def resources_dir() -> Path:
    """The repository's (or frozen build's) resources/ folder."""
    base = getattr(sys, "_MEIPASS", None)  # PyInstaller: the _internal/ folder next to the program
    candidates = [Path(base) / "resources"] if base else []
    if getattr(sys, "frozen", False):  # a frozen build laid out without _internal/ (contents_directory=".")
        candidates.append(Path(sys.executable).resolve().parent / "resources")
    here = Path(__file__).resolve()
    candidates += [here.parent / "resources", here.parents[2] / "resources"]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


@dataclass(frozen=True)
class DbPaths:
    """Files that belong to one database: photos, attachments and backups sit in `<name>.files/`."""

    db: Path

    @property
    def files(self) -> Path:
        return self.db.with_name(self.db.name + ".files")

    @property
    def photos(self) -> Path:
        return self.files / "photos"

    @property
    def attachments(self) -> Path:
        return self.files / "attachments"

    @property
    def backups(self) -> Path:
        return self.files / "backups"

    @property
    def lock(self) -> Path:
        return self.db.with_name(self.db.name + ".lock")
