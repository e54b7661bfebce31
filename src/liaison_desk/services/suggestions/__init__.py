"""services.suggestions: the suggestions area."""
