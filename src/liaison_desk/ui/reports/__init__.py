"""ui.reports: the 统计 window — figures, charts, export (imported only when the clerk opens it)."""
