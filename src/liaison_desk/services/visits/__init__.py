"""services.visits: the visits area."""
