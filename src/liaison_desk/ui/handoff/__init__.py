"""ui.handoff: the handoff area."""
