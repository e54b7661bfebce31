"""ui.common: the common area."""
