"""The township office: many stations' workbooks in one database, matched, reviewed and approved."""
