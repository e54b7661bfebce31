"""Import the township's returned handoff workbook: read it into plain rows, let the handoff service plan and apply."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from liaison_desk.ledger.handoff_read import read_workbook
from liaison_desk.services.handoff.merge import Conflict, FieldChange, NewRow, RowChange, display
from liaison_desk.services.handoff.plan import ImportPlan, ImportResult
from liaison_desk.services.handoff.service import KEEP, TAKE, HandoffService

Progress = Callable[[int, int], None]

__all__ = ["KEEP", "TAKE", "Conflict", "FieldChange", "ImportPlan", "ImportResult", "NewRow", "RowChange",
           "apply_handoff", "display", "import_handoff", "read_handoff"]


def read_handoff(service: HandoffService, path: Path | str, progress: Progress | None = None,
                 password: str | None = None) -> ImportPlan:
    """Read and check a returned workbook: the preview of new/changed/conflicts/errors (nothing written)."""
    return service.plan_import(read_workbook(path, progress, password))


def apply_handoff(service: HandoffService, plan: ImportPlan, decisions: dict[str, str] | None = None,
                  progress: Progress | None = None) -> ImportResult:
    """Write the plan (one transaction, after a backup); conflicts keep the station's value unless decided."""
    return service.apply(plan, decisions, progress)


def import_handoff(service: HandoffService, path: Path | str, dry_run: bool = False,
                   decisions: dict[str, str] | None = None, progress: Progress | None = None,
                   password: str | None = None) -> tuple[ImportPlan, ImportResult | None]:
    """Read, check and (unless dry_run or errors) apply a returned workbook."""
    plan = read_handoff(service, path, progress, password)
    if dry_run or plan.errors:
        return plan, None
    return plan, apply_handoff(service, plan, decisions, progress)
