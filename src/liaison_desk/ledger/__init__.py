"""Excel workbooks: tolerant reading (python-calamine) and safe writing (openpyxl)."""
