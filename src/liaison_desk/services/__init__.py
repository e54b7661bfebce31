"""Use cases and rules over the database; no Qt. Each call opens its own session and returns plain rows."""
