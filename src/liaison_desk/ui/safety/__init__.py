"""ui.safety: the safety area."""
