"""ui.schedule: the schedule area."""
