"""ui.suggestions: the suggestions area."""
