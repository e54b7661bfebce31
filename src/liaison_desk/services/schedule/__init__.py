"""services.schedule: the schedule area."""
