"""The handoff with the township: plan and apply a returned workbook, select an export's rows, statistics."""
