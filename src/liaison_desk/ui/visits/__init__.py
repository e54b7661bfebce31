"""ui.visits: the visits area."""
