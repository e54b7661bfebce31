"""services.reports: statistics as of any period's end, the monthly form, the yearly summary and the wall papers."""
