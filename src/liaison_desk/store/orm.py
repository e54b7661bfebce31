"""The ORM names the services use where they write, imported through here rather than from sqlmodel and
sqlalchemy directly: the first import of the database stack (and every table) then runs whole under
IMPORT_LOCK, whichever thread asks first. The window reads with plain SQL and never imports this module
until the clerk edits something; two threads editing at once must not meet half-initialised SQLAlchemy
modules (its packages import each other in circles)."""

from __future__ import annotations

from liaison_desk.models import IMPORT_LOCK, load_all

with IMPORT_LOCK:
    load_all()  # SQLAlchemy, SQLModel and every table
    from sqlalchemy import bindparam, inspect, text
    from sqlmodel import Session, SQLModel, col, func, select

__all__ = ["Session", "SQLModel", "bindparam", "col", "func", "inspect", "select", "text"]
