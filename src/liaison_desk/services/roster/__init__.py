"""services.roster: the roster area."""
