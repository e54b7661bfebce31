"""services.safety: the safety area."""
