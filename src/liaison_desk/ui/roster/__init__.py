"""ui.roster: the roster area."""
